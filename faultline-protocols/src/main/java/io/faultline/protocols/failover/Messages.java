package io.faultline.protocols.failover;

import io.faultline.sim.Address;
import io.faultline.sim.Message;

/**
 * The failover protocol's messages. The replicas' failure detectors also send
 * {@link io.faultline.protocols.detectors.DetectorMessage.Ping}; a replica answers it with
 * {@link Status}. Under the arbitrary network every message carries a checksum, so an altered one
 * is dropped; a duplicate or a replay is a copy of a real message.
 */
public final class Messages {

    private Messages() {
    }

    /** Every message of the failover protocol. */
    public sealed interface FailoverMessage extends Message permits Deposit, Ack, Status,
        AcquireEpoch, Read, Loaded, Write, Written, Fenced {
    }

    /**
     * The client's "deposit {@code amount} into the account", sent to the replica it believes
     * active, and again with the same id on every retry.
     *
     * @param opId the deposit's id: exactly once per id
     * @param amount what to add to the balance
     */
    public record Deposit(long opId, long amount) implements FailoverMessage {
    }

    /**
     * An active replica's "deposit {@code opId} is stored".
     *
     * @param opId the deposit acknowledged
     * @param replica who acknowledges it, which the client then believes active
     */
    public record Ack(long opId, Address replica) implements FailoverMessage {
    }

    /**
     * A replica's answer to a failure detector's ping: it is alive, and whether it is active (or
     * taking over), so that a replica that restarted learns who serves.
     *
     * @param seq the number of the ping answered
     * @param active true while the replica is active or taking over
     */
    public record Status(long seq, boolean active) implements FailoverMessage {
    }

    /**
     * Fenced only: "give me a new epoch, and the account as it is". The storage answers with
     * {@link Loaded}; a repeat of its latest request gets the same epoch again.
     *
     * @param requestId the takeover's id, the same on every retry
     */
    public record AcquireEpoch(long requestId) implements FailoverMessage {
    }

    /**
     * Unfenced only: "the account as it is". The storage answers with {@link Loaded}.
     *
     * @param requestId the takeover's id, the same on every retry
     */
    public record Read(long requestId) implements FailoverMessage {
    }

    /**
     * The storage's answer to a takeover.
     *
     * @param requestId the takeover answered
     * @param epoch the new epoch handed out (fenced), 0 unfenced
     * @param account the account as stored
     */
    public record Loaded(long requestId, long epoch, Account account) implements FailoverMessage {
    }

    /**
     * An active replica's "store this account": the whole state, computed from its cache.
     *
     * @param replica who writes, for the storage's record of writers
     * @param session the writer's term as active replica, drawn at random when it took over: the
     *     storage drops a write whose seq it has seen in the session, a duplicate or a replay
     * @param seq the write's number in the session, from 1, the same on every retry
     * @param epoch the writer's epoch (fenced), 0 unfenced
     * @param account the new state
     * @param activeSinceMs when the writer became active, a ghost field for the checker only:
     *     the storage never reads it to decide anything
     */
    public record Write(Address replica, long session, long seq, long epoch, Account account,
                        long activeSinceMs) implements FailoverMessage {
    }

    /** The storage's "write {@code seq} of {@code session} is stored". */
    public record Written(long session, long seq) implements FailoverMessage {
    }

    /**
     * Fenced only: the storage's "refused: epoch {@code epoch} has been handed out since".
     *
     * @param session the refused write's session
     * @param seq the refused write's number
     * @param epoch the highest epoch handed out
     */
    public record Fenced(long session, long seq, long epoch) implements FailoverMessage {
    }
}
