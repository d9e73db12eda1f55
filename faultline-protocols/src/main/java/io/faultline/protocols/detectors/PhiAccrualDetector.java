package io.faultline.protocols.detectors;

import java.util.ArrayDeque;

/**
 * The phi accrual failure detector (Hayashibara, Défago, Yared and Katayama, 2004), as Cassandra
 * and Akka use it: instead of a yes or no it keeps a suspicion level, phi, that grows the longer
 * the target stays silent, measured against the gaps between its recent answers. Phi is
 * {@code -log10} of the probability that an answer comes this late or later, with the gaps taken
 * as normally distributed; phi 1 means about a 10% chance that suspecting now is a mistake, phi 8
 * about one in 10^8. The target is suspected while phi is at least the threshold.
 *
 * <p>Uses {@link StrictMath}, so the same times give the same verdicts on every machine.
 */
public final class PhiAccrualDetector implements Detector {

    private final double threshold;
    private final int window;
    private final double minStdDevMs;
    private final ArrayDeque<Long> gaps = new ArrayDeque<>();
    private double sum;
    private double sumOfSquares;
    private long lastHeardMs;

    /**
     * @param startMs when watching starts; the first gap is counted from it
     * @param expectedGapMs the gap assumed before any was measured: the ping period
     * @param threshold phi at which the target is suspected, such as 8
     * @param window how many recent gaps the distribution is made of
     * @param minStdDevMs the least standard deviation assumed, so that perfectly regular answers
     *     do not make a one-millisecond delay look like a crash
     */
    public PhiAccrualDetector(long startMs, long expectedGapMs, double threshold, int window,
                              double minStdDevMs) {
        if (expectedGapMs < 1 || !(threshold > 0) || window < 2 || !(minStdDevMs > 0)) {
            throw new IllegalArgumentException("need expectedGapMs >= 1, threshold > 0, window"
                + " >= 2 and minStdDevMs > 0; got " + expectedGapMs + ", " + threshold + ", "
                + window + ", " + minStdDevMs);
        }
        this.threshold = threshold;
        this.window = window;
        this.minStdDevMs = minStdDevMs;
        this.lastHeardMs = startMs;
        // Two samples around the expected gap, so the first answers are judged by something.
        add(expectedGapMs - expectedGapMs / 4);
        add(expectedGapMs + expectedGapMs / 4);
    }

    private void add(long gapMs) {
        if (gaps.size() == window) {
            long old = gaps.removeFirst();
            sum -= old;
            sumOfSquares -= (double) old * old;
        }
        gaps.addLast(gapMs);
        sum += gapMs;
        sumOfSquares += (double) gapMs * gapMs;
    }

    @Override
    public void heard(long nowMs) {
        add(Math.max(0, nowMs - lastHeardMs));
        lastHeardMs = nowMs;
    }

    @Override
    public boolean suspects(long nowMs) {
        return phi(nowMs) >= threshold;
    }

    @Override
    public long deadlineMs() {
        // Phi grows with the silence: search for the first millisecond at the threshold.
        long low = lastHeardMs;
        long high = lastHeardMs + 1;
        while (!suspects(high)) {
            low = high;
            high = lastHeardMs + 2 * (high - lastHeardMs);
        }
        while (high - low > 1) {
            long mid = low + (high - low) / 2;
            if (suspects(mid)) {
                high = mid;
            } else {
                low = mid;
            }
        }
        return high;
    }

    /** The suspicion level at {@code nowMs}: 0 right after an answer, growing with silence. */
    public double phi(long nowMs) {
        double n = gaps.size();
        double mean = sum / n;
        double variance = Math.max(0, sumOfSquares / n - mean * mean);
        double std = Math.max(minStdDevMs, StrictMath.sqrt(variance));
        double y = (nowMs - lastHeardMs - mean) / std;
        // P(gap > elapsed) = 1 - Phi(y), with the logistic approximation of the normal CDF
        // (Bowling et al., 2009) that Akka uses: 1 / (1 + e^(-y (1.5976 + 0.070566 y^2))).
        double e = StrictMath.exp(-y * (1.5976 + 0.070566 * y * y));
        double later = y > 0 ? e / (1.0 + e) : 1.0 - 1.0 / (1.0 + e);
        return later <= 0 ? Double.POSITIVE_INFINITY : -StrictMath.log10(later);
    }

    @Override
    public String describe() {
        return String.format("phi >= %.1f over %d gaps", threshold, gaps.size());
    }
}
