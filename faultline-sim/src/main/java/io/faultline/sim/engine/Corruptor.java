package io.faultline.sim.engine;

import io.faultline.sim.Message;
import io.faultline.sim.Rng;

/**
 * What the adversary of the arbitrary network may do to a message in flight. The simulator cannot
 * know how to alter a protocol's records, so each scenario says.
 */
@FunctionalInterface
public interface Corruptor {

    /** Never alters anything: corruption attempts are counted as drops. */
    Corruptor NONE = (message, rng) -> null;

    /** A modified copy of {@code message}, or null when this message cannot be altered. */
    Message corrupt(Message message, Rng rng);
}
