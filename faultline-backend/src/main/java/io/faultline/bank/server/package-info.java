/**
 * Starting the bank for real: {@link io.faultline.bank.server.BankServer} wires the ledger, the
 * outbox relay, the filling part, the response replicas, the stores (SQLite files or PostgreSQL)
 * and Kafka (embedded or existing) for one role of the broker design, or the polling design.
 *
 * <h2>Example</h2>
 * <pre>{@code
 * try (BankServer bank = BankServer.start(BankServer.Options.defaults(Path.of("data/bank")))) {
 *     bank.describe().forEach(System.out::println);
 * }
 * }</pre>
 *
 * <h2>Thread-safety</h2>
 * The parts are thread-safe; a server is started and closed once.
 */
package io.faultline.bank.server;
