package io.faultline.sim.report;

import io.faultline.sim.Op;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A service-level objective on latency: "a fraction {@code target} of requests is answered well
 * within {@code thresholdMs}", judged over windows of {@code windowMs} (a day, say) or over the
 * whole history when {@code windowMs} is 0.
 *
 * <p>The course's example "99.9% of requests in a day get a response in 200 ms" is
 * {@code Slo.parse("99.9%@200ms/1d")}. A request is good when it completed {@code ok} within the
 * threshold (inclusive); it is bad when it completed {@code fail} or {@code info}, or {@code ok}
 * too late. Operations still open are not judged (see {@link OperationStats}). Immutable.
 *
 * @param target the fraction of requests that must be good, above 0 and below 1
 * @param thresholdMs the latency a good request may take at most
 * @param windowMs the length of each window, or 0 for one window over the whole history
 */
public record Slo(BigDecimal target, long thresholdMs, long windowMs) {

    private static final String FORM = "TARGET%@LATENCY[/WINDOW], such as 99.9%@200ms or "
        + "99.9%@200ms/1d";

    public Slo {
        Objects.requireNonNull(target, "target");
        // Checks the target's range with the same message as the budget it will make.
        new ErrorBudget(target, 0, 0);
        if (thresholdMs < 0) {
            throw new IllegalArgumentException("SLO latency threshold " + thresholdMs
                + " ms is negative; valid: 0 ms or more");
        }
        if (windowMs < 0) {
            throw new IllegalArgumentException("SLO window " + windowMs
                + " ms is negative; valid: 0 (the whole history) or more");
        }
    }

    /**
     * Parses the command-line form {@code 99.9%@200ms}, optionally with a window:
     * {@code 99.9%@200ms/1d}.
     *
     * @throws IllegalArgumentException naming the bad text, the bad part and the valid form
     */
    public static Slo parse(String text) {
        String s = text == null ? "" : text.trim();
        int at = s.indexOf('@');
        if (at < 0) {
            throw new IllegalArgumentException("SLO '" + text + "' has no '@' between target and "
                + "latency; valid: " + FORM);
        }
        String targetText = s.substring(0, at).trim();
        String rest = s.substring(at + 1).trim();
        int slash = rest.indexOf('/');
        String latencyText = slash < 0 ? rest : rest.substring(0, slash).trim();
        String windowText = slash < 0 ? null : rest.substring(slash + 1).trim();
        BigDecimal target = parseTarget(text, targetText);
        long thresholdMs;
        long windowMs;
        try {
            thresholdMs = Durations.parseMs(latencyText, "SLO latency");
            windowMs = windowText == null ? 0 : Durations.parseMs(windowText, "SLO window");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("SLO '" + text + "': " + e.getMessage()
                + "; the SLO's form is " + FORM, e);
        }
        if (windowText != null && windowMs == 0) {
            throw new IllegalArgumentException("SLO '" + text + "' has an empty window '"
                + windowText + "'; valid: a positive duration such as 1d, or no window");
        }
        return new Slo(target, thresholdMs, windowMs);
    }

    private static BigDecimal parseTarget(String text, String targetText) {
        if (!targetText.endsWith("%")) {
            throw new IllegalArgumentException("SLO '" + text + "' has target '" + targetText
                + "' without a percent sign; valid: " + FORM);
        }
        String number = targetText.substring(0, targetText.length() - 1).trim();
        BigDecimal percent;
        try {
            percent = new BigDecimal(number);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("SLO '" + text + "' has target '" + targetText
                + "', which is not a number; valid: " + FORM, e);
        }
        BigDecimal target = percent.movePointLeft(2);
        if (target.signum() <= 0 || target.compareTo(BigDecimal.ONE) >= 0) {
            throw new IllegalArgumentException("SLO '" + text + "' has target '" + targetText
                + "' out of range; valid: above 0% and below 100% (100% leaves no error budget)");
        }
        return target;
    }

    /** The error budget of {@code bad} requests out of {@code total}. */
    public ErrorBudget budget(long total, long bad) {
        return new ErrorBudget(target, total, bad);
    }

    /**
     * Judges every window of {@code stats} that holds at least one completed operation, in time
     * order; a window holds the operations invoked in it. With no window, judges the whole history
     * as one window (even when it is empty, so that the verdict says "no requests").
     */
    public List<SloResult> evaluate(OperationStats stats) {
        List<SloResult> results = new ArrayList<>();
        if (windowMs == 0) {
            results.add(judge(stats, Long.MIN_VALUE, Long.MAX_VALUE));
            return results;
        }
        // One pass, grouping by window start: the cost is in the operations, not in the windows.
        SortedMap<Long, List<OperationStats.OpLatency>> byWindow = new TreeMap<>();
        for (OperationStats.OpLatency l : stats.latencies()) {
            long start = Math.floorDiv(l.invokedAtMs(), windowMs) * windowMs;
            byWindow.computeIfAbsent(start, k -> new ArrayList<>()).add(l);
        }
        byWindow.forEach((start, ops) -> results.add(
            judge(OperationStats.ofCompleted(ops), start, start + windowMs)));
        return results;
    }

    private SloResult judge(OperationStats in, long fromMs, long toMs) {
        long slow = 0;
        for (OperationStats.OpLatency l : in.latencies()) {
            if (l.outcome() == Op.Type.OK && l.latencyMs() > thresholdMs) {
                slow++;
            }
        }
        long bad = in.fail() + in.info() + slow;
        return new SloResult(this, fromMs, toMs, in.fail(), in.info(), slow,
            budget(in.completed(), bad));
    }

    /** The command-line form: {@code 99.9%@200ms} or {@code 99.9%@200ms/1d}. */
    @Override
    public String toString() {
        return Durations.plain(target.movePointRight(2)) + "%@" + Durations.compact(thresholdMs)
            + (windowMs == 0 ? "" : "/" + Durations.compact(windowMs));
    }
}
