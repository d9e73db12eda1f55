/**
 * The node API: what every protocol and service in faultline is written against.
 *
 * <p>A {@link io.faultline.sim.Node} is a deterministic state machine. It reacts to a message, a
 * timer, a start or a restart, and asks its {@link io.faultline.sim.Context} for everything else:
 * sending, replying, timers, the clock, randomness, its {@link io.faultline.sim.DurableStore} and
 * the {@link io.faultline.sim.History} of client operations. The same node class runs in the
 * simulator ({@code io.faultline.sim.engine}) and in the real runtime ({@code faultline-runtime}).
 *
 * <pre>{@code
 * public final class Echo implements Node {
 *     public void init(Context ctx) { }
 *     public void onMessage(Context ctx, Address from, Message m) { ctx.reply(m); }
 *     public void onTimer(Context ctx, Timer t) { }
 * }
 * }</pre>
 *
 * <p>Threading: a node is only ever called from one thread at a time, its engine's. The
 * {@link io.faultline.sim.History} is thread-safe; {@link io.faultline.sim.MemoryStore} and
 * {@link io.faultline.sim.Rng} are not.
 */
package io.faultline.sim;
