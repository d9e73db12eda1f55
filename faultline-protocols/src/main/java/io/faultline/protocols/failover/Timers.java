package io.faultline.protocols.failover;

import io.faultline.sim.Timer;

/**
 * The failover protocol's timers. The replicas' failure detectors also set
 * {@link io.faultline.protocols.detectors.Watcher}'s timers.
 */
public final class Timers {

    private Timers() {
    }

    /** Every timer of the failover protocol. */
    public sealed interface FailoverTimer extends Timer permits NextDeposit, DepositTimeout,
        TakeOverTimeout, WriteTimeout, Strike {
    }

    /** The client: time to start the next deposit. */
    public record NextDeposit() implements FailoverTimer {
    }

    /** The client: no acknowledgement of try {@code attempt} of deposit {@code opId} came. */
    public record DepositTimeout(long opId, int attempt) implements FailoverTimer {
    }

    /** A replica: the storage has not answered try {@code attempt} of a takeover. */
    public record TakeOverTimeout(long requestId, int attempt) implements FailoverTimer {
    }

    /** A replica: the storage has not answered try {@code attempt} of write {@code seq}. */
    public record WriteTimeout(long session, long seq, int attempt) implements FailoverTimer {
    }

    /** The Byzantine replica: time to take over and roll the account back. */
    public record Strike() implements FailoverTimer {
    }
}
