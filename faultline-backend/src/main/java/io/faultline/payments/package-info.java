/**
 * The payments service: the course's {@code PaymentService.ProcessPayment}, as a deterministic
 * {@link io.faultline.sim.Node} that runs in the simulator and in the real runtime.
 *
 * <p>{@link io.faultline.payments.PaymentsNode} takes {@link io.faultline.payments.PaymentsMessage}
 * requests (charge, refund, read) from an API client, identified by an id the adapter has
 * authenticated, and answers with a {@link io.faultline.payments.PaymentsMessage.Reply}. It asks a
 * card issuer over {@link io.faultline.payments.IssuerMessage}. Charges, idempotency records and
 * outcomes are stored in the node's {@link io.faultline.sim.DurableStore}, each step in one atomic
 * write, so a retry with the same idempotency key never charges twice, whatever crashed or was
 * lost.
 *
 * <pre>{@code
 * Node payments = new PaymentsNode(PaymentsConfig.custom().fingerprintKey(secret).build());
 * // deliver: new ChargeRequest("shop-1", "order-42", 399, Currency.GBP,
 * //              new CardDetails("4242 4242 4242 4242", 12, 2030, "123"))
 * // answer:  PaymentReply(payment with status SUCCEEDED), after the issuer approved
 * }</pre>
 *
 * <p>Security: the full card number and the CVC never reach the store, and their {@code toString}
 * is masked; a card is known by its last four digits and a keyed fingerprint. A client cannot see
 * another client's payments: they answer as not found.
 *
 * <p>This package imports the JDK and {@code io.faultline.sim} only. Its classes are not
 * thread-safe; an engine hands a node one event at a time. Adapters live in sub-packages.
 */
package io.faultline.payments;
