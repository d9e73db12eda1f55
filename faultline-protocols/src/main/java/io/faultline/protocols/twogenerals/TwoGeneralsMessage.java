package io.faultline.protocols.twogenerals;

import io.faultline.sim.Message;

/** The messages of the two generals: messengers carrying one step of the chain. */
public sealed interface TwoGeneralsMessage extends Message {

    /**
     * Step {@code step} of the chain ("attack at dawn" is step 1, its acknowledgement step 2,
     * the acknowledgement of that step 3, ...), carried by messenger number {@code copy}.
     */
    record Messenger(int step, int copy) implements TwoGeneralsMessage {
    }
}
