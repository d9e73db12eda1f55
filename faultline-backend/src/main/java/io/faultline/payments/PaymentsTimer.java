package io.faultline.payments;

import io.faultline.sim.Timer;

/** The payments node's timers. */
public sealed interface PaymentsTimer extends Timer {

    /**
     * No answer from the issuer for {@code paymentId} yet: retry.
     *
     * @param paymentId the pending payment
     */
    record IssuerRetry(String paymentId) implements PaymentsTimer {
    }

    /** Time to delete a bounded number of idempotency records older than the retention. */
    record RetentionSweep() implements PaymentsTimer {
    }
}
