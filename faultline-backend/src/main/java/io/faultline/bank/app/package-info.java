/**
 * Running the bank's domain for real. {@link io.faultline.bank.app.LedgerGateway} is the one
 * interface through which adapters (REST, the outbox relay) reach a ledger; behind it:
 * <ul>
 *   <li>{@link io.faultline.bank.app.NodeHostGateway}: a ledger hosted by the runtime's
 *       {@code NodeHost}: its own event loop, group commit (one transaction for the batches of
 *       every request waiting) and replies only after the commit;</li>
 *   <li>{@link io.faultline.bank.app.StoreReadGateway}: balance and event reads straight from a
 *       database in the ledger's layout (the ledger's own, or the read model's).</li>
 * </ul>
 * {@link io.faultline.bank.app.BankJson} is the JSON of Kafka records and HTTP bodies;
 * {@link io.faultline.bank.app.EventFeed} is what the response part pushes from.
 *
 * <h2>Example</h2>
 * <pre>{@code
 * NodeHost host = NodeHost.builder(Address.of("ledger"), () -> new Ledger(LedgerConfig.defaults()))
 *     .storage(() -> NodeStorage.groupCommitted(SqliteStore.open(Path.of("data/ledger.db"))))
 *     .build();
 * host.start();
 * LedgerGateway ledger = new NodeHostGateway(host, Duration.ofSeconds(30));
 * Reply r = ledger.ask(new OpenAccount("c1", "alice")).join();
 * }</pre>
 *
 * <h2>Thread-safety</h2>
 * Every class here is thread-safe; a hosted ledger itself only ever runs on its node's loop. A
 * {@code NodeHost} completes replies on that loop: callers that do more than wait for them should
 * move their work elsewhere.
 */
package io.faultline.bank.app;
