package io.faultline.payments;

import io.faultline.sim.Message;

import java.util.Objects;

/**
 * What API clients (through an adapter, or simulated clients) and the payments node say to each
 * other. Requests carry the API client's id, which the adapter has authenticated; idempotency keys
 * are scoped to it.
 */
public sealed interface PaymentsMessage extends Message {

    /** Requests from a client. */
    sealed interface Request extends PaymentsMessage {
        /** The authenticated API client. */
        String clientId();
    }

    /** Answers to a client. */
    sealed interface Reply extends PaymentsMessage {
    }

    /**
     * Charge a card.
     *
     * @param clientId the authenticated API client
     * @param idempotencyKey chosen by the client before its first try and reused on every retry
     * @param amountMinor the amount in minor units of {@code currency}
     * @param currency the currency; null when the client sent none or an unsupported one
     * @param card the card details, used once and never stored
     */
    record ChargeRequest(String clientId, String idempotencyKey, long amountMinor,
                         Currency currency, CardDetails card) implements Request {
    }

    /**
     * Refund part or all of a succeeded payment.
     *
     * @param clientId the authenticated API client, which must own the payment
     * @param idempotencyKey chosen by the client before its first try
     * @param paymentId the payment to refund
     * @param amountMinor how much to refund in minor units; 0 refunds everything still refundable
     */
    record RefundRequest(String clientId, String idempotencyKey, String paymentId,
                         long amountMinor) implements Request {
    }

    /**
     * Read a payment.
     *
     * @param clientId the authenticated API client, which must own the payment
     * @param paymentId the payment's id
     */
    record GetPaymentRequest(String clientId, String paymentId) implements Request {
    }

    /**
     * A payment: the outcome of a charge or the answer to a read.
     *
     * @param payment the payment as stored
     * @param replayed true when a retry got the stored outcome of an earlier request
     */
    record PaymentReply(Payment payment, boolean replayed) implements Reply {
        public PaymentReply {
            Objects.requireNonNull(payment, "payment");
        }
    }

    /**
     * The outcome of a refund.
     *
     * @param refund the refund as stored
     * @param payment the refunded payment after the refund
     * @param replayed true when a retry got the stored outcome of an earlier request
     */
    record RefundReply(Refund refund, Payment payment, boolean replayed) implements Reply {
        public RefundReply {
            Objects.requireNonNull(refund, "refund");
            Objects.requireNonNull(payment, "payment");
        }
    }

    /**
     * The request was refused and changed nothing.
     *
     * @param code what went wrong, machine-readable
     * @param param the request field at fault (such as {@code card.number}), or empty
     * @param message a sentence for a person that names the bad value and what would be valid
     */
    record Rejected(ErrorCode code, String param, String message) implements Reply {
        public Rejected {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(param, "param");
            Objects.requireNonNull(message, "message");
        }
    }
}
