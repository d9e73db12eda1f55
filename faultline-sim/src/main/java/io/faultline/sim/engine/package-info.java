/**
 * The deterministic simulator and the bounded exhaustive explorer.
 *
 * <ul>
 *   <li>{@link io.faultline.sim.engine.Simulation}: one thread, an event queue ordered by
 *       (virtual time, sequence), one root seed split into a random stream per subsystem. The
 *       {@link io.faultline.sim.engine.SystemModel} (network, nodes, timing) and the
 *       {@link io.faultline.sim.engine.FaultConfig} decide what happens to every message and
 *       timer. Safety {@link io.faultline.sim.engine.Property properties} are checked after every
 *       event, liveness ones after the heal point. The same seed gives the same trace, byte for
 *       byte.</li>
 *   <li>{@link io.faultline.sim.engine.Explorer}: every delivery order, loss, duplicate and crash
 *       of a tiny configuration, to a depth, shallowest first; returns the shortest
 *       counterexample.</li>
 *   <li>{@link io.faultline.sim.engine.Scenario}: a named system the command line can run.</li>
 * </ul>
 *
 * <pre>{@code
 * SimResult r = new RetryScenario()
 *     .configure("exactly-once", new SystemModel(NetworkModel.FAIR_LOSS,
 *         NodeModel.CRASH_RECOVERY, TimingModel.PARTIAL_SYNC), FaultConfig.defaults(), 42)
 *     .build().run();
 * r.verdict();   // OK, SAFETY or LIVENESS
 * r.counters();  // how often each fault fired
 * }</pre>
 *
 * <p>Costs: about three million deliveries per second on one thread when properties are cheap
 * ({@code faultline bench sim}). A simulation or exploration is single-threaded and not
 * thread-safe; run different seeds on different threads if needed.
 */
package io.faultline.sim.engine;
