/**
 * The payments service in the simulator: {@link io.faultline.payments.scenario.PaymentsScenario}
 * (run it with {@code faultline sim --scenario payments}) and the shop that places orders,
 * {@link io.faultline.payments.scenario.ShopClient}.
 *
 * <pre>{@code
 * faultline sim --scenario payments --network fair-loss --nodes crash-recovery \
 *     --timing partial-sync --seeds 500                         # exactly one charge per order
 * faultline sim --scenario payments --protocol new-key-per-retry --seeds 50   # the double charge
 * }</pre>
 *
 * <p>Known limit: the nodes do not authenticate their messages, so under the arbitrary network
 * the adversary drops, delays, duplicates and replays them but does not alter them (the real
 * runtime would put TLS between nodes). JDK and {@code io.faultline.sim} only; not thread-safe.
 */
package io.faultline.payments.scenario;
