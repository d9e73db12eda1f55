/**
 * The REST adapter of the payments service on Javalin: the course's {@code POST /payments} with
 * {@code {"amount": 3.99, "currency": "GBP", ...}}, reads and refunds, the Idempotency-Key header,
 * typed JSON errors and the OpenAPI document at {@code /openapi.json}.
 *
 * <pre>{@code
 * PaymentsRestServer rest = new PaymentsRestServer(gateway, apiKeys).start("127.0.0.1", 0);
 * // curl -H 'Authorization: Bearer sk_test_...' -H 'Idempotency-Key: order-42' \
 * //      -H 'Content-Type: application/json' \
 * //      -d '{"amount": 3.99, "currency": "GBP", "card": {"card_number": "4242 4242 4242 4242",
 * //           "expiry_month": 12, "expiry_year": 2030, "cvc": "123"}}' \
 * //      http://127.0.0.1:PORT/payments
 * }</pre>
 *
 * <p>Thread-safe: Jetty calls it from its threads; all state is in the node.
 */
package io.faultline.payments.rest;
