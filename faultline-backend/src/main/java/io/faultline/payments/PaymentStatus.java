package io.faultline.payments;

/** Where a charge stands. Only {@link #PENDING} ever changes, and only to one of the others. */
public enum PaymentStatus {
    /** Sent to the card issuer; its answer has not been recorded yet. */
    PENDING,
    /** The issuer authorised the charge: the customer's money moves. */
    SUCCEEDED,
    /** The issuer refused the card (declined, insufficient funds): no money moves. */
    DECLINED,
    /** The charge could not be completed (issuer error or unreachable): no money moves. */
    FAILED;

    /** Whether this status is an outcome that will never change. */
    public boolean isFinal() {
        return this != PENDING;
    }
}
