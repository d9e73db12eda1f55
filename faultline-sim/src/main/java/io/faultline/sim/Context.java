package io.faultline.sim;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Everything a {@link Node} may do besides changing its own fields. The simulator and the real
 * runtime each implement it.
 *
 * <p>Output is released at the end of the handler: messages a handler sends and timers it sets take
 * effect only after the handler returns and after its {@link #store() store} writes are durable. A
 * crash in the middle of a handler therefore loses all of the handler's output, and may keep some
 * or all of its store writes (each write is atomic).
 */
public interface Context {

    /** This node's address. */
    Address self();

    /** Every node of the system, this one included, in address order. */
    List<Address> nodes();

    /** Sends a message to another node (or to this one). */
    void send(Address to, Message message);

    /** Sends a message to every other node, in address order. */
    default void broadcast(Message message) {
        for (Address to : nodes()) {
            if (!to.equals(self())) {
                send(to, message);
            }
        }
    }

    /**
     * Sends a message back to the sender of the message being handled.
     *
     * @throws IllegalStateException when called outside {@link Node#onMessage}
     */
    void reply(Message message);

    /** Asks to be handed {@code timer} after {@code delayMs} milliseconds of this node's time. */
    TimerId setTimer(Timer timer, long delayMs);

    /** Cancels a timer; cancelling one that has fired or was cancelled does nothing. */
    void cancelTimer(TimerId id);

    /** Milliseconds since the start of the run: virtual in the simulator, real in the runtime. */
    long now();

    /** This node's seeded random stream. */
    RandomGenerator random();

    /** This node's durable key-value store. */
    DurableStore store();

    /** The history of client operations, for checkers. */
    HistoryRecorder history();
}
