package io.faultline.sim.engine;

import io.faultline.sim.Address;
import io.faultline.sim.DurableStore;
import io.faultline.sim.History;
import io.faultline.sim.Node;

import java.util.List;

/** What a {@link Property} may look at: the nodes' state, their stores, the history, the clock. */
public interface SimView {

    /** Virtual milliseconds since the start of the run. */
    long now();

    /** Every node, in address order. */
    List<Address> nodes();

    /** The current instance of a node (a new one after each restart). */
    Node node(Address address);

    /** The current instance of a node, cast to its class. */
    default <T extends Node> T node(Address address, Class<T> type) {
        return type.cast(node(address));
    }

    /** Whether the node is running (not crashed, not waiting to restart). */
    boolean isUp(Address address);

    /** Whether the node runs an adversary strategy in this run. */
    boolean isByzantine(Address address);

    /** The node's durable store (its content survives crashes in crash-recovery). */
    DurableStore store(Address address);

    /** The client operations so far. */
    History history();

    /** Whether the heal point has passed: no more faults, partitions healed. */
    boolean healed();

    /** Whether nothing is left to happen: no message in flight, no timer pending. */
    boolean quiescent();
}
