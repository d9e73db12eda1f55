/**
 * The payments service as a running server, and the seam between the node and its public APIs.
 *
 * <ul>
 *   <li>{@link io.faultline.payments.server.PaymentsGateway}: submit a request, get the node's
 *       reply. The gRPC and REST adapters know only this.</li>
 *   <li>{@link io.faultline.payments.server.NodeHostGateway}: the gateway over the real runtime's
 *       {@code NodeHost} (replies released after their writes are committed).</li>
 *   <li>{@link io.faultline.payments.server.PaymentsService}: the payments and issuer nodes on
 *       node hosts with SQLite or PostgreSQL stores, served over gRPC and REST; what
 *       {@code faultline payments serve} runs.</li>
 *   <li>{@link io.faultline.payments.server.ApiKeys}: which API key names which client.</li>
 * </ul>
 *
 * <pre>{@code
 * try (PaymentsService service = PaymentsService.start(new PaymentsService.Settings(
 *         "127.0.0.1", 0, 0, Path.of("data"), null, "postgres", "",
 *         ApiKeys.of(Map.of("sk_test_...", "shop-1")), 3_000, 0))) {
 *     int port = service.httpPort(); // POST /payments ...
 * }
 * }</pre>
 *
 * <p>Thread-safety: every type here is safe to share between threads. Costs: one event-loop
 * thread per node, one group-commit thread per store, a response pool of one thread per core.
 */
package io.faultline.payments.server;
