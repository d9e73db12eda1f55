package io.faultline.runtime;

import io.faultline.sim.Address;
import io.faultline.sim.Message;

/**
 * Where a {@link NodeHost} hands the messages its node sends to other nodes: a transport. It may
 * lose a message (the destination is down, the network failed); it must not block the caller for
 * long, since it is called on the node's event loop.
 */
@FunctionalInterface
public interface Outbound {

    /** Sends {@code message} from {@code from} to {@code to}, at most once, without waiting. */
    void send(Address from, Address to, Message message);

    /** An outbound that loses everything: for a node that talks only to its own clients. */
    static Outbound none() {
        return (from, to, message) -> { };
    }
}
