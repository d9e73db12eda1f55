package io.faultline.protocols.failover;

import java.util.Objects;

/**
 * The failover scenario's knobs.
 *
 * @param protocol which detector the replicas trust, and whether epochs fence the storage
 * @param deposits how many deposits the client makes, one after another
 * @param thinkMaxMs the client waits up to this long before each deposit, so that deposits are
 *     spread over the period in which faults happen
 * @param clientTimeoutMs how long the client waits for an acknowledgement before it tries the
 *     other replica
 * @param periodMs how often each replica pings the other
 * @param deltaMs the known delay bound, which the perfect detector's timeout is made of
 * @param storageTimeoutMs how long a replica waits for the storage before it sends again
 * @param triesMax the most tries of one deposit, one takeover or one write (a bound on everything)
 */
public record FailoverConfig(FailoverProtocol protocol, int deposits, long thinkMaxMs,
                             long clientTimeoutMs, long periodMs, long deltaMs,
                             long storageTimeoutMs, int triesMax) {

    public FailoverConfig {
        Objects.requireNonNull(protocol, "protocol");
        if (deposits < 1 || deposits > 10_000) {
            throw new IllegalArgumentException("deposits must be in [1, 10000], got " + deposits);
        }
        if (thinkMaxMs < 0) {
            throw new IllegalArgumentException("thinkMaxMs must be >= 0, got " + thinkMaxMs);
        }
        if (clientTimeoutMs < 1 || storageTimeoutMs < 1 || deltaMs < 1) {
            throw new IllegalArgumentException("need clientTimeoutMs, storageTimeoutMs and deltaMs"
                + " >= 1, got " + clientTimeoutMs + ", " + storageTimeoutMs + " and " + deltaMs);
        }
        if (periodMs < 2) {
            throw new IllegalArgumentException("periodMs must be >= 2, got " + periodMs);
        }
        if (triesMax < 1) {
            throw new IllegalArgumentException("triesMax must be >= 1, got " + triesMax);
        }
    }

    /**
     * The defaults for a known delay bound {@code deltaMs} and faults that last {@code faultMs}:
     * 20 deposits over about that time, a ping every ten delays as in the detectors scenario, and
     * timeouts a little over a round trip (the client's covers its two: to a replica, which writes
     * to the storage before it answers).
     */
    public static FailoverConfig defaults(FailoverProtocol protocol, long deltaMs, long faultMs) {
        int deposits = 20;
        return new FailoverConfig(protocol, deposits, Math.max(1, 2 * faultMs / deposits),
            8 * deltaMs + 1, Math.max(2, 10 * deltaMs), deltaMs, 4 * deltaMs + 1, 1_000);
    }
}
