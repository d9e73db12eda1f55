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
 * <p>Known limit: the nodes do not sign their messages, so under the arbitrary network an altered
 * message counts as unreadable and is dropped (what TLS between nodes gives); the adversary still
 * drops, delays, duplicates, replays and forges senders, and the payments node accepts an
 * authorisation result only from the issuer. JDK and {@code io.faultline.sim} only; not
 * thread-safe.
 */
package io.faultline.payments.scenario;
