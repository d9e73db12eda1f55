package io.faultline.sim;

/**
 * A deterministic state machine: the only kind of code faultline runs as a protocol or a service.
 * The same node class runs in the simulator and in the real runtime.
 *
 * <h2>The determinism rules</h2>
 * A node reacts to one event at a time (a message, a timer, a start or a restart), changes its
 * state and asks its {@link Context} for everything else. A node never
 * <ul>
 *   <li>reads the wall clock ({@code System.currentTimeMillis}, {@code System.nanoTime},
 *       {@code Instant.now}): use {@link Context#now()};</li>
 *   <li>creates its own randomness ({@code new Random()}, {@code Math.random}): use
 *       {@link Context#random()};</li>
 *   <li>starts threads, sleeps, uses executors, sockets or files: send messages, set timers and use
 *       {@link Context#store()} instead;</li>
 *   <li>depends on the iteration order of a {@code HashMap} or {@code HashSet}: use sorted or
 *       linked collections for anything whose order reaches an output.</li>
 * </ul>
 * These rules are checked by an architecture test. Because of them, one seed replays one run.
 *
 * <h2>Crashes</h2>
 * A crash loses the node object: the engine makes a new instance from the node's factory and calls
 * {@link #recover(Context)} on it. Only what was written to {@link Context#store()} survives, and
 * only in the crash-recovery model.
 */
public interface Node {

    /** Called once when the node first starts, before any message or timer. */
    void init(Context ctx);

    /** Handles one message delivered from {@code from}. */
    void onMessage(Context ctx, Address from, Message message);

    /** Handles a timer this node set and did not cancel. */
    void onTimer(Context ctx, Timer timer);

    /**
     * Called on a fresh instance after a crash and restart. Memory is gone; the durable store holds
     * what was committed before the crash. The default starts over as if new.
     */
    default void recover(Context ctx) {
        init(ctx);
    }
}
