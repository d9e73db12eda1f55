/**
 * The seam between the payments node and its public APIs: {@link
 * io.faultline.payments.server.PaymentsGateway} (submit a request, get the node's reply) and
 * {@link io.faultline.payments.server.ApiKeys} (which API key names which client).
 *
 * <pre>{@code
 * PaymentsGateway gateway = ...; // the runtime's node host, or a test harness
 * gateway.submit(new ChargeRequest("shop-1", "order-42", 399, Currency.GBP, card))
 *        .thenAccept(reply -> ...);
 * }</pre>
 *
 * <p>Thread-safety: both types are safe to share between threads.
 */
package io.faultline.payments.server;
