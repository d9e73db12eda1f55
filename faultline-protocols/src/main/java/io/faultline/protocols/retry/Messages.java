package io.faultline.protocols.retry;

import io.faultline.sim.Message;

/**
 * The retry protocol's messages. Every message carries a MAC so that an arbitrary network's
 * adversary can drop, delay, duplicate and replay messages but not alter or forge them.
 */
public final class Messages {

    private Messages() {
    }

    /** Every message of the retry protocol. */
    public sealed interface RetryMessage extends Message permits Request, Reply {
    }

    /**
     * "Add {@code amount} to the counter".
     *
     * @param requestId the request's id: new for each try under at-least-once, the same for every
     *     try of one operation under exactly-once
     * @param op the client's operation number, a ghost field for the checker only: servers never
     *     read it to decide anything
     * @param amount what to add
     * @param mac HMAC-SHA256 of the other fields, hex
     */
    public record Request(String requestId, long op, long amount, String mac)
        implements RetryMessage {
    }

    /**
     * The server's answer.
     *
     * @param requestId the request answered
     * @param counter the counter after the request was applied
     * @param mac HMAC-SHA256 of the other fields, hex
     */
    public record Reply(String requestId, long counter, String mac) implements RetryMessage {
    }
}
