package io.faultline.sim.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The error budget of an SLO target over a number of requests: how many bad requests the target
 * allows, how many were spent and how many remain.
 *
 * <p>With target {@code t} and {@code total} requests, the budget is {@code (1 - t) * total} bad
 * requests. The objective is met when {@code bad <= budget}, which is the same as
 * {@code good / total >= t}. Immutable.
 *
 * <pre>{@code
 * ErrorBudget b = new ErrorBudget(new BigDecimal("0.999"), 1_000_000, 800);
 * b.allowedBad();   // 1000
 * b.remaining();    // 200
 * b.verdict();      // MET
 * }</pre>
 *
 * @param target the fraction of requests that must be good, above 0 and below 1
 * @param total requests in the window
 * @param bad requests that were not good
 */
public record ErrorBudget(BigDecimal target, long total, long bad) {

    /** Whether an objective was met. */
    public enum Verdict {
        /** At most the allowed number of requests were bad. */
        MET,
        /** More requests were bad than the target allows. */
        MISSED,
        /** There were no requests to judge. */
        NO_REQUESTS;

        /** Lower case, as printed: {@code met}, {@code missed}, {@code no-requests}. */
        public String cliName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public ErrorBudget {
        Objects.requireNonNull(target, "target");
        if (target.signum() <= 0 || target.compareTo(BigDecimal.ONE) >= 0) {
            throw new IllegalArgumentException("SLO target " + target.toPlainString()
                + " is out of range; valid: above 0 and below 1 (0% < target < 100%)");
        }
        if (total < 0 || bad < 0 || bad > total) {
            throw new IllegalArgumentException("bad requests " + bad + " of " + total
                + " is not possible; valid: total >= 0 and 0 <= bad <= total");
        }
    }

    /** Requests that were good. */
    public long good() {
        return total - bad;
    }

    /** The measured fraction of good requests, or empty when there were none. */
    public Optional<Availability> measured() {
        return total == 0 ? Optional.empty() : Optional.of(Availability.ofCounts(good(), total));
    }

    /** The bad requests the target allows: {@code (1 - target) * total}, exactly. */
    public BigDecimal allowedBad() {
        return BigDecimal.ONE.subtract(target).multiply(BigDecimal.valueOf(total));
    }

    /** The budget left: allowed minus bad; negative when the objective was missed. */
    public BigDecimal remaining() {
        return allowedBad().subtract(BigDecimal.valueOf(bad));
    }

    /**
     * The fraction of the budget spent, {@code bad / allowed} (above 1 when overspent), or empty
     * when the budget is zero because there were no requests.
     */
    public Optional<BigDecimal> spentFraction() {
        BigDecimal allowed = allowedBad();
        return allowed.signum() == 0 ? Optional.empty()
            : Optional.of(BigDecimal.valueOf(bad).divide(allowed, MathContext.DECIMAL64));
    }

    /** Met, missed, or no requests. */
    public Verdict verdict() {
        if (total == 0) {
            return Verdict.NO_REQUESTS;
        }
        return BigDecimal.valueOf(bad).compareTo(allowedBad()) <= 0 ? Verdict.MET : Verdict.MISSED;
    }

    /**
     * The budget as aligned lines, each ending in a newline: requests, good, bad, the measured
     * fraction, the budget with how it is computed, spent, remaining and the verdict.
     */
    public String text() {
        String pct = Durations.plain(target.movePointRight(2)) + "%";
        String remainingShare = spentFraction()
            .map(f -> " (" + Durations.plain(BigDecimal.ONE.subtract(f).movePointRight(2)
                .setScale(1, RoundingMode.HALF_UP)) + "%)")
            .orElse("");
        StringBuilder out = new StringBuilder();
        line(out, "requests", Long.toString(total), "");
        line(out, "good", Long.toString(good()),
            measured().map(a -> " (" + a.percent() + ", target " + pct + ")").orElse(""));
        line(out, "bad", Long.toString(bad), "");
        line(out, "error budget", Durations.plain(allowedBad()),
            " bad requests ((1 - " + pct + ") x " + total + ")");
        line(out, "spent", Long.toString(bad),
            spentFraction().map(f -> " (" + AvailabilityReport.spentText(this) + ")").orElse(""));
        line(out, "remaining", Durations.plain(remaining()), remainingShare);
        line(out, "verdict", verdict().cliName(), "");
        return out.toString();
    }

    /** The budget as one JSON object. */
    public String json() {
        JsonWriter j = new JsonWriter().beginObject().key("target").value(target);
        writeFields(j);
        return j.endObject().toString();
    }

    /** Writes the budget's fields, from requests to verdict, into an open JSON object. */
    void writeFields(JsonWriter j) {
        j.key("requests").value(total)
            .key("good").value(good())
            .key("bad").value(bad)
            .key("measured").value(measured().map(Availability::fraction).orElse(null))
            .key("allowedBad").value(allowedBad())
            .key("spentFraction").value(spentFraction().orElse(null))
            .key("remaining").value(remaining())
            .key("verdict").value(verdict().cliName());
    }

    private static void line(StringBuilder out, String name, String value, String note) {
        out.append(String.format(Locale.ROOT, "%-13s %12s%s%n", name, value, note));
    }
}
