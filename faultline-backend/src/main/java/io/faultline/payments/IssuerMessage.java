package io.faultline.payments;

import io.faultline.sim.Message;

import java.util.Objects;

/**
 * The protocol between the payments node and a card issuer. The payments node gives each charge its
 * own idempotency key at the issuer (the payment id), so the issuer authorises a charge at most
 * once however often the request is retried: the course's "is it safe to retry?", answered one
 * level down.
 */
public sealed interface IssuerMessage extends Message {

    /**
     * Authorise a charge. Retried with the same key until an answer comes.
     *
     * @param key the payments node's idempotency key at the issuer (the payment id)
     * @param amountMinor the amount in minor units of {@code currency}
     * @param currency the currency
     * @param card the card details; the issuer is the one party allowed to see them
     */
    record Authorize(String key, long amountMinor, Currency currency, CardDetails card)
        implements IssuerMessage {
    }

    /**
     * Settle the fate of key now: answer with the outcome if it is decided, and otherwise decide
     * it as not charged (a later {@link Authorize} with that key is then refused). Sent when the
     * payments node no longer has the card details (after a crash) or has stopped retrying.
     *
     * @param key the payments node's idempotency key at the issuer
     */
    record Resolve(String key) implements IssuerMessage {
    }

    /**
     * The issuer's final answer for a key; it never changes once given.
     *
     * @param key the idempotency key
     * @param outcome what happened
     * @param code why it was declined or failed, as an {@link ErrorCode} wire name; empty when
     *     approved
     */
    record AuthResult(String key, Outcome outcome, String code) implements IssuerMessage {
        public AuthResult {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(code, "code");
        }
    }

    /** The final outcomes of an authorisation. */
    enum Outcome {
        /** Authorised: the money moves. */
        APPROVED,
        /** Refused for the card's reason (declined, insufficient funds). */
        DECLINED,
        /** Not authorised: an error, or settled as not charged by {@link Resolve}. */
        FAILED
    }
}
