package io.faultline.sim.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * A fraction of time (or of requests) in which a service worked, with the nines it is worth and
 * the downtime it allows.
 *
 * <pre>{@code
 * Availability a = Availability.parse("99.9%");
 * a.nines();                                  // 3
 * Durations.human(a.downtimePerYearMs(), 3);  // "8.76 hours"
 * }</pre>
 *
 * <p>The fraction is kept as an exact decimal. This matters for the nines: in binary floating
 * point {@code 1 - 0.999} is {@code 0.0010000000000000009}, whose {@code -log10} is just under 3,
 * so a naive {@code floor(-log10(1 - a))} calls 99.9% "two nines". Here 0.999 is the decimal
 * 0.999, its unavailability is exactly 0.001 and it is worth three nines. Immutable.
 *
 * @param fraction the available fraction, 0 to 1 inclusive
 */
public record Availability(BigDecimal fraction) {

    /** What {@link #nines()} returns for an availability of exactly 1: no downtime at all. */
    public static final int NINES_UNBOUNDED = Integer.MAX_VALUE;

    /**
     * Ratios of counts are divided to this precision. A ratio {@code bad / total} with
     * {@code total} below 2^63 that is not exactly a power of ten differs from it by at least one
     * part in 2^63, far above this precision's rounding, so the nines of a ratio are exact.
     */
    private static final MathContext RATIO = MathContext.DECIMAL128;

    public Availability {
        Objects.requireNonNull(fraction, "fraction");
        if (fraction.signum() < 0 || fraction.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException("availability " + fraction.toPlainString()
                + " is out of range; valid: 0 to 1 (0% to 100%)");
        }
    }

    /**
     * The availability written as {@code a}; the decimal is the shortest one that reads back as
     * the same double ({@link Double#toString}), so {@code of(0.999)} is exactly 0.999.
     */
    public static Availability of(double a) {
        if (!Double.isFinite(a)) {
            throw new IllegalArgumentException("availability " + a
                + " is not a number; valid: 0 to 1 (0% to 100%)");
        }
        return new Availability(new BigDecimal(Double.toString(a)));
    }

    /** The availability {@code good / total}, such as successful operations over all completed. */
    public static Availability ofCounts(long good, long total) {
        if (total <= 0 || good < 0 || good > total) {
            throw new IllegalArgumentException("counts " + good + " of " + total
                + " are not a fraction; valid: total at least 1 and 0 <= good <= total");
        }
        return new Availability(BigDecimal.valueOf(good).divide(BigDecimal.valueOf(total), RATIO));
    }

    /**
     * Parses {@code 99.9%} or a plain fraction such as {@code 0.999}.
     *
     * @throws IllegalArgumentException naming the text and the valid forms
     */
    public static Availability parse(String text) {
        String s = text == null ? "" : text.trim();
        boolean percent = s.endsWith("%");
        String number = percent ? s.substring(0, s.length() - 1).trim() : s;
        BigDecimal value;
        try {
            value = new BigDecimal(number);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("availability '" + text + "' is not a number; valid:"
                + " a percentage such as 99.9% or a fraction such as 0.999", e);
        }
        BigDecimal fraction = percent ? value.movePointLeft(2) : value;
        if (fraction.signum() < 0 || fraction.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException("availability '" + text + "' is out of range; valid:"
                + " 0% to 100%, or a fraction from 0 to 1");
        }
        return new Availability(fraction);
    }

    /** The availability of {@code nines} nines exactly: 2 is 99%, 5 is 99.999%. */
    public static Availability ofNines(int nines) {
        if (nines < 0 || nines > 30) {
            throw new IllegalArgumentException("nines " + nines + " is out of range; valid: 0..30");
        }
        return new Availability(BigDecimal.ONE.subtract(BigDecimal.ONE.movePointLeft(nines)));
    }

    /** The unavailable fraction, {@code 1 - fraction}, exactly. */
    public BigDecimal unavailability() {
        return BigDecimal.ONE.subtract(fraction);
    }

    /**
     * The nines this availability is worth: {@code floor(-log10(1 - a))}, computed exactly. 99.9%
     * is 3, 99.95% is 3, 99.99% is 4, 90% is 1, 85% is 0, and exactly 1 is
     * {@link #NINES_UNBOUNDED}.
     */
    public int nines() {
        BigDecimal u = unavailability();
        if (u.signum() == 0) {
            return NINES_UNBOUNDED;
        }
        // The largest n with u <= 10^-n. The loop is bounded: u has a finite scale, and
        // 10^-n falls below u once n exceeds that scale.
        int n = 0;
        while (n <= u.scale() && u.compareTo(BigDecimal.ONE.movePointLeft(n + 1)) <= 0) {
            n++;
        }
        return n;
    }

    /** The downtime this availability allows in {@code periodMs}: {@code (1 - a) * period}. */
    public BigDecimal downtimeMs(BigDecimal periodMs) {
        return unavailability().multiply(periodMs);
    }

    /** The downtime per 365-day year: 99% is 3.65 days, 99.999% is 5.256 minutes. */
    public BigDecimal downtimePerYearMs() {
        return downtimeMs(Durations.YEAR_MS);
    }

    /** The downtime per month (a twelfth of a 365-day year). */
    public BigDecimal downtimePerMonthMs() {
        return downtimeMs(Durations.MONTH_MS);
    }

    /** The downtime per day. */
    public BigDecimal downtimePerDayMs() {
        return downtimeMs(Durations.DAY_MS);
    }

    /**
     * The availability as a percentage, rounded down (so that it never shows more nines than it
     * has) to at least {@code decimalsMin} decimals and always enough to show every nine, trailing
     * zeros dropped: {@code "99.9%"}, {@code "66.6666%"}, {@code "100%"}.
     */
    public String percent(int decimalsMin) {
        int nines = nines();
        int decimals = nines == NINES_UNBOUNDED ? decimalsMin : Math.max(decimalsMin, nines - 1);
        BigDecimal pct = fraction.movePointRight(2).setScale(decimals, RoundingMode.DOWN);
        return Durations.plain(pct) + "%";
    }

    /** {@link #percent(int)} with four decimals at least. */
    public String percent() {
        return percent(4);
    }

    /** "3 nines", "1 nine", or "no failures (unbounded nines)" for an availability of 1. */
    public String ninesText() {
        int n = nines();
        if (n == NINES_UNBOUNDED) {
            return "no failures (unbounded nines)";
        }
        return n + (n == 1 ? " nine" : " nines");
    }

    /**
     * This availability as one JSON object: the fraction, the nines (null when unbounded) and the
     * downtime per year, month and day in milliseconds, rounded to whole milliseconds.
     */
    public String json() {
        JsonWriter j = new JsonWriter().beginObject().key("availability").value(fraction);
        j.key("nines");
        if (nines() == NINES_UNBOUNDED) {
            j.nullValue();
        } else {
            j.value(nines());
        }
        return j.key("downtimePerYearMs").value(wholeMs(downtimePerYearMs()))
            .key("downtimePerMonthMs").value(wholeMs(downtimePerMonthMs()))
            .key("downtimePerDayMs").value(wholeMs(downtimePerDayMs()))
            .endObject().toString();
    }

    /** Milliseconds rounded half-up to a whole number, as the JSON forms carry them. */
    static BigDecimal wholeMs(BigDecimal ms) {
        return ms.setScale(0, RoundingMode.HALF_UP);
    }

    @Override
    public String toString() {
        return percent();
    }
}
