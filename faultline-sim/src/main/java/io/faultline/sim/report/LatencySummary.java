package io.faultline.sim.report;

import java.util.Arrays;

/**
 * Order statistics of a set of latencies, by the nearest-rank method: the p-quantile is the
 * smallest latency that at least a fraction p of the set does not exceed. Nearest rank returns a
 * latency that was actually measured, never an interpolation. Immutable.
 *
 * @param count how many latencies
 * @param minMs the smallest, 0 when there are none
 * @param p50Ms the median
 * @param p90Ms the 90th percentile
 * @param p99Ms the 99th percentile
 * @param p999Ms the 99.9th percentile
 * @param maxMs the largest
 * @param meanMs the arithmetic mean
 */
public record LatencySummary(long count, long minMs, long p50Ms, long p90Ms, long p99Ms,
                             long p999Ms, long maxMs, double meanMs) {

    /** The summary of no latencies: every figure zero. */
    public static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0, 0, 0, 0, 0.0);

    /** Summarises {@code latenciesMs}; the array is not changed. */
    public static LatencySummary of(long[] latenciesMs) {
        if (latenciesMs.length == 0) {
            return EMPTY;
        }
        long[] sorted = latenciesMs.clone();
        Arrays.sort(sorted);
        double sum = 0;
        for (long l : sorted) {
            sum += l;
        }
        return new LatencySummary(sorted.length, sorted[0], quantile(sorted, 500),
            quantile(sorted, 900), quantile(sorted, 990), quantile(sorted, 999),
            sorted[sorted.length - 1], sum / sorted.length);
    }

    /**
     * The nearest-rank quantile of sorted values, with the quantile given in thousandths so that
     * 99.9% is the exact 999 and not a binary fraction: rank = ceil(n * q / 1000).
     */
    static long quantile(long[] sorted, int permille) {
        long rank = ((long) sorted.length * permille + 999) / 1000;
        return sorted[(int) Math.max(0, rank - 1)];
    }
}
