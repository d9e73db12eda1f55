package io.faultline.payments.issuer;

import io.faultline.sim.Timer;

/** The issuer's timers. */
public sealed interface IssuerTimer extends Timer {

    /**
     * A slow card's authorisation is ready to be approved.
     *
     * @param key the authorisation's idempotency key
     */
    record SlowAuthorizationDone(String key) implements IssuerTimer {
    }
}
