package io.faultline.runtime;

import java.util.function.LongSupplier;

/**
 * The real runtime's clock for nodes: milliseconds since the clock started, from the monotonic
 * {@code System.nanoTime} (never the wall clock, which may jump). Share one among the hosts of a
 * cluster so that their {@code ctx.now()} values and the history's times compare.
 */
public final class HostClock implements LongSupplier {

    private final long startNanos;

    private HostClock(long startNanos) {
        this.startNanos = startNanos;
    }

    /** A clock that reads 0 now. */
    public static HostClock startingNow() {
        return new HostClock(System.nanoTime());
    }

    /** Milliseconds since the clock started. */
    @Override
    public long getAsLong() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /**
     * The {@code System.nanoTime} at which this clock began to read {@code timeMs}: turns a time
     * a node took from it (an event's timestamp) back into this JVM's monotonic clock, so that a
     * measurement in the same JVM can tell how long ago that was. The clock counts whole
     * milliseconds, so the moment itself lies up to 1 ms after the answer.
     */
    public long nanoTimeOf(long timeMs) {
        return startNanos + timeMs * 1_000_000;
    }
}
