package io.faultline.sim.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * Spans of time as people read and write them: {@code "8.76 hours"}, {@code "200ms"}.
 *
 * <p>Spans are exact {@link BigDecimal} milliseconds, so that a downtime such as 52.56 minutes
 * (0.01% of a 365-day year) is not blurred by binary floating point before it is rounded for
 * display.
 */
public final class Durations {

    /** Milliseconds in one second. */
    public static final BigDecimal SECOND_MS = BigDecimal.valueOf(1_000L);
    /** Milliseconds in one minute. */
    public static final BigDecimal MINUTE_MS = BigDecimal.valueOf(60_000L);
    /** Milliseconds in one hour. */
    public static final BigDecimal HOUR_MS = BigDecimal.valueOf(3_600_000L);
    /** Milliseconds in one day. */
    public static final BigDecimal DAY_MS = BigDecimal.valueOf(86_400_000L);
    /** Milliseconds in a 365-day year, the year of the usual nines tables. */
    public static final BigDecimal YEAR_MS = DAY_MS.multiply(BigDecimal.valueOf(365L));
    /** Milliseconds in a month, taken as a twelfth of a 365-day year (30.42 days). */
    public static final BigDecimal MONTH_MS = YEAR_MS.divide(BigDecimal.valueOf(12L));

    /** The largest number of significant digits {@link #human} accepts. */
    public static final int SIGNIFICANT_DIGITS_MAX = 12;

    /** A parsed span may not exceed this many milliseconds: about 31,700 years. */
    public static final long PARSED_MS_MAX = 1_000_000_000_000_000L;

    private static final String UNITS_VALID = "ms, s, m (or min), h, d";

    private Durations() {
    }

    /**
     * Formats {@code ms} in the largest unit (days, hours, minutes, seconds, ms) in which it is at
     * least one, rounded half-up to {@code significantDigits}, trailing zeros dropped. For example
     * 31,536,000 ms with 3 digits is {@code "8.76 hours"}; with 2 digits {@code "8.8 hours"}.
     *
     * @throws IllegalArgumentException when {@code ms} is negative or {@code significantDigits} is
     *     outside 1..{@value #SIGNIFICANT_DIGITS_MAX}
     */
    public static String human(BigDecimal ms, int significantDigits) {
        if (ms.signum() < 0) {
            throw new IllegalArgumentException("duration " + ms.toPlainString()
                + " ms is negative; valid: zero or more");
        }
        checkDigits(significantDigits);
        if (ms.signum() == 0) {
            return "0 ms";
        }
        BigDecimal[] unitMs = {DAY_MS, HOUR_MS, MINUTE_MS, SECOND_MS};
        String[] names = {"day", "hour", "minute", "second"};
        MathContext mc = new MathContext(significantDigits, RoundingMode.HALF_UP);
        // The unit is chosen by the rounded value, so that 999.6 ms at 3 digits is "1 second",
        // not "1000 ms"; the amount is divided from the exact value, so it is rounded only once.
        BigDecimal rounded = ms.round(mc);
        for (int i = 0; i < unitMs.length; i++) {
            if (rounded.compareTo(unitMs[i]) >= 0) {
                BigDecimal amount = ms.divide(unitMs[i], MathContext.DECIMAL128).round(mc);
                return plain(amount) + " " + names[i] + (amount.compareTo(BigDecimal.ONE) == 0
                    ? "" : "s");
            }
        }
        return plain(rounded) + " ms";
    }

    /** {@link #human(BigDecimal, int)} for a whole number of milliseconds. */
    public static String human(long ms, int significantDigits) {
        return human(BigDecimal.valueOf(ms), significantDigits);
    }

    /**
     * Parses a span such as {@code 200ms}, {@code 1.5s}, {@code 5m}, {@code 24h} or {@code 1d}
     * into whole milliseconds.
     *
     * @param what what the span is, for the error message (such as {@code "latency threshold"})
     * @throws IllegalArgumentException naming the bad text and the valid forms, when the text has
     *     no unit, an unknown unit, a malformed or negative number, a fraction of a millisecond or
     *     more than {@value #PARSED_MS_MAX} ms
     */
    public static long parseMs(String text, String what) {
        String s = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        int split = 0;
        while (split < s.length() && (Character.isDigit(s.charAt(split))
            || s.charAt(split) == '.')) {
            split++;
        }
        String number = s.substring(0, split);
        String unit = s.substring(split).trim();
        BigDecimal unitMs = unitMs(unit);
        if (number.isEmpty() || unitMs == null) {
            throw new IllegalArgumentException(what + " '" + text + "' is not a duration; valid: a "
                + "number and a unit (" + UNITS_VALID + "), such as 200ms, 1.5s or 24h");
        }
        BigDecimal amount;
        try {
            amount = new BigDecimal(number).multiply(unitMs);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " '" + text + "' has a malformed number '"
                + number + "'; valid: digits with at most one decimal point, such as 1.5s", e);
        }
        if (amount.compareTo(BigDecimal.valueOf(PARSED_MS_MAX)) > 0) {
            throw new IllegalArgumentException(what + " '" + text + "' is too long; valid: at most "
                + PARSED_MS_MAX + " ms");
        }
        try {
            return amount.stripTrailingZeros().longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(what + " '" + text + "' is not a whole number of "
                + "milliseconds (" + amount.toPlainString() + " ms); valid: 1 ms steps", e);
        }
    }

    /** A short form of whole milliseconds that {@link #parseMs} reads back: 200ms, 5m, 1d. */
    public static String compact(long ms) {
        long[] unitMs = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
        String[] units = {"d", "h", "m", "s"};
        for (int i = 0; i < unitMs.length; i++) {
            if (ms != 0 && ms % unitMs[i] == 0) {
                return ms / unitMs[i] + units[i];
            }
        }
        return ms + "ms";
    }

    static void checkDigits(int significantDigits) {
        if (significantDigits < 1 || significantDigits > SIGNIFICANT_DIGITS_MAX) {
            throw new IllegalArgumentException("significant digits " + significantDigits
                + " is out of range; valid: 1.." + SIGNIFICANT_DIGITS_MAX);
        }
    }

    /** Plain decimal notation without trailing zeros: 3.65, 53, 1200. */
    public static String plain(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString();
    }

    private static BigDecimal unitMs(String unit) {
        switch (unit) {
            case "ms":
                return BigDecimal.ONE;
            case "s":
                return SECOND_MS;
            case "m":
            case "min":
                return MINUTE_MS;
            case "h":
                return HOUR_MS;
            case "d":
                return DAY_MS;
            default:
                return null;
        }
    }
}
