/**
 * The bank's HTTP adapter (Javalin): {@link io.faultline.bank.http.BankHttp} serves the polling
 * design straight from the ledger, or the response part of the broker design from the read model
 * with live push over server-sent events, depending on the gateways and feed it is given.
 *
 * <h2>Example</h2>
 * <pre>{@code
 * BankHttp polling = BankHttp.builder().commands(ledger).reads(ledger).build()
 *     .start("127.0.0.1", 8090);
 * // curl -XPOST -H 'Content-Type: application/json' localhost:8090/accounts \
 * //      -d '{"commandId":"c1","client":"alice"}'
 * // curl localhost:8090/events/alice?after=0
 * }</pre>
 *
 * <h2>Thread-safety and limits</h2>
 * Thread-safe. Every wait on the bank has a timeout (503 after it); event pages are capped; each
 * SSE connection costs no thread while idle and gets a heartbeat comment so that a dead client
 * is noticed and dropped.
 */
package io.faultline.bank.http;
