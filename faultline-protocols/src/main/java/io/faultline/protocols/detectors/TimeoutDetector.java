package io.faultline.protocols.detectors;

/**
 * The course's typical failure detector: label the target crashed when nothing was heard from it
 * for longer than a timeout. With the timeout at the known bound on the gap between two answers
 * (the ping period plus two message delays), it is the <em>perfect</em> detector of a synchronous,
 * crash-stop system with reliable links, and only there. As <em>eventually perfect</em>, it does
 * not know the bound: it starts low and, each time an answer shows that it suspected the target
 * wrongly, waits {@code increaseMs} longer from then on, so once delays are bounded (after the
 * global stabilisation time of a partially synchronous system) it stops making mistakes.
 */
public final class TimeoutDetector implements Detector {

    private final long increaseMs;
    private long timeoutMs;
    private long lastHeardMs;

    private TimeoutDetector(long startMs, long timeoutMs, long increaseMs) {
        if (timeoutMs < 1) {
            throw new IllegalArgumentException("timeout must be >= 1 ms, was " + timeoutMs);
        }
        this.lastHeardMs = startMs;
        this.timeoutMs = timeoutMs;
        this.increaseMs = increaseMs;
    }

    /** A fixed timeout: perfect when {@code timeoutMs} bounds the gap between answers. */
    public static TimeoutDetector fixed(long startMs, long timeoutMs) {
        return new TimeoutDetector(startMs, timeoutMs, 0);
    }

    /** A timeout that starts at {@code initialMs} and grows by {@code increaseMs} per mistake. */
    public static TimeoutDetector adaptive(long startMs, long initialMs, long increaseMs) {
        if (increaseMs < 1) {
            throw new IllegalArgumentException("increase must be >= 1 ms, was " + increaseMs);
        }
        return new TimeoutDetector(startMs, initialMs, increaseMs);
    }

    @Override
    public void heard(long nowMs) {
        if (suspects(nowMs)) {
            // The target answered while suspected: the timeout was too short.
            timeoutMs += increaseMs;
        }
        lastHeardMs = nowMs;
    }

    @Override
    public boolean suspects(long nowMs) {
        return nowMs - lastHeardMs > timeoutMs;
    }

    @Override
    public long deadlineMs() {
        return lastHeardMs + timeoutMs + 1;
    }

    /** The current timeout. */
    public long timeoutMs() {
        return timeoutMs;
    }

    @Override
    public String describe() {
        return "timeout " + timeoutMs + "ms" + (increaseMs > 0 ? " (+" + increaseMs
            + "ms per mistake)" : "");
    }
}
