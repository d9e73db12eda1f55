/**
 * Running the bank's domain for real: {@link io.faultline.bank.app.LedgerGateway}, the one
 * interface through which adapters reach a ledger; {@link io.faultline.bank.app.LocalLedgerHost},
 * a ledger on one thread in this JVM; and {@link io.faultline.bank.app.BankJson}, the JSON shared
 * by Kafka records and HTTP bodies.
 *
 * <h2>Example</h2>
 * <pre>{@code
 * LedgerGateway ledger = new LocalLedgerHost(new Ledger(LedgerConfig.defaults()),
 *     new MemoryStore(), 1L, 10_000);
 * Reply r = ledger.ask(new OpenAccount("c1", "alice")).join();
 * }</pre>
 *
 * <h2>Thread-safety</h2>
 * Every class here is thread-safe; the hosted ledger itself only ever runs on its one thread.
 */
package io.faultline.bank.app;
