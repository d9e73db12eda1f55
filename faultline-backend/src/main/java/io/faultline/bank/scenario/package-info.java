/**
 * The bank in the simulator: {@link io.faultline.bank.scenario.BankScenario} runs the real
 * {@link io.faultline.bank.Ledger} with a simulated broker ({@link
 * io.faultline.bank.scenario.SimBroker}: partitioned log, consumer group, at-least-once
 * delivery), two filling members and a pushing read model, and checks that nothing is lost,
 * applied twice or pushed out of order under the chosen system model.
 *
 * <h2>Example</h2>
 * <pre>
 * faultline sim --scenario bank --network fair-loss --nodes crash-recovery \
 *     --timing partial-sync --seeds 300
 * </pre>
 *
 * <h2>Thread-safety</h2>
 * Nodes, as every node, are not thread-safe: an engine hands them one event at a time.
 */
package io.faultline.bank.scenario;
