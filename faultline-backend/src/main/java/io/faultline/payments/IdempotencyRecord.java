package io.faultline.payments;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What the service remembers of an idempotency key, stored in the same atomic write as the charge
 * or refund it created.
 *
 * @param fingerprint the SHA-256 of the request's payload, to tell a retry from a reuse
 * @param state whether the request is still being processed
 * @param kind what the request was
 * @param paymentId the payment created (a charge) or refunded (a refund)
 * @param refundId the refund created, or empty for a charge
 * @param createdAtMs when the key was first used, in the service's calendar milliseconds
 */
public record IdempotencyRecord(String fingerprint, State state, Kind kind, String paymentId,
                                String refundId, long createdAtMs) {

    /** Whether the request that first used the key has finished. */
    public enum State { IN_PROGRESS, DONE }

    /** Which operation used the key. */
    public enum Kind { CHARGE, REFUND }

    public IdempotencyRecord {
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(paymentId, "paymentId");
        Objects.requireNonNull(refundId, "refundId");
    }

    /** This record, finished. */
    public IdempotencyRecord done() {
        return new IdempotencyRecord(fingerprint, State.DONE, kind, paymentId, refundId,
            createdAtMs);
    }

    /** The stored text form. */
    public String encode() {
        Map<String, String> f = new TreeMap<>();
        f.put("fp", fingerprint);
        f.put("state", state.name());
        f.put("kind", kind.name());
        f.put("payment", paymentId);
        f.put("refund", refundId);
        f.put("created", Long.toString(createdAtMs));
        return Fields.encode(f);
    }

    /** Reads what {@link #encode} wrote. */
    public static IdempotencyRecord decode(String text) {
        Map<String, String> f = Fields.decode(text);
        return new IdempotencyRecord(Fields.require(f, "fp"),
            State.valueOf(Fields.require(f, "state")), Kind.valueOf(Fields.require(f, "kind")),
            Fields.require(f, "payment"), Fields.require(f, "refund"),
            Long.parseLong(Fields.require(f, "created")));
    }
}
