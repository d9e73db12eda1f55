package io.faultline.payments;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The ISO 4217 currencies the service accepts, each with its minor-unit exponent: an amount of
 * {@code 399} in {@link #GBP} is 3.99 pounds, while {@code 399} in {@link #JPY} is 399 yen, because
 * the yen has no minor unit.
 */
public enum Currency {
    GBP(2),
    USD(2),
    EUR(2),
    JPY(0),
    CHF(2),
    CAD(2),
    AUD(2),
    SEK(2),
    KWD(3);

    private final int exponent;

    Currency(int exponent) {
        this.exponent = exponent;
    }

    /** How many decimal digits the minor unit has: 2 for pence and cents, 0 for yen, 3 for fils. */
    public int exponent() {
        return exponent;
    }

    /** The currency whose ISO 4217 code is {@code code} (case-insensitive), if supported. */
    public static Optional<Currency> fromCode(String code) {
        if (code == null) {
            return Optional.empty();
        }
        // Any case, as Stripe takes "gbp"; but no spaces: " GBP" is a typo to point out.
        String upper = code.toUpperCase(Locale.ROOT);
        for (Currency c : values()) {
            if (c.name().equals(upper)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** The supported codes, comma-separated, for error messages: "GBP, USD, EUR, ...". */
    public static String validCodes() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    }
}
