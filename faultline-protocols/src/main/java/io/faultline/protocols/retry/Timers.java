package io.faultline.protocols.retry;

import io.faultline.sim.Timer;

/** The retry client's timers. */
public final class Timers {

    private Timers() {
    }

    /** Every timer of the retry protocol. */
    public sealed interface RetryTimer extends Timer permits NextOp, RetryTimeout {
    }

    /** Time to start the next operation. */
    public record NextOp() implements RetryTimer {
    }

    /** No reply to try {@code attempt} of operation {@code op} came in time. */
    public record RetryTimeout(long op, int attempt) implements RetryTimer {
    }
}
