/**
 * The bank: a ledger of accounts whose every change is an immutable, numbered event, written
 * together with a transactional outbox row so that a relay can publish it to a broker without
 * losing or doubling it.
 *
 * <p>This package is the domain: deterministic {@link io.faultline.sim.Node}s and their messages,
 * using only the JDK and {@code faultline-sim}, so the same code runs in the simulator and for
 * real. Adapters live in sub-packages: {@code app} (the gateway to a running ledger, a local
 * host for it, JSON), {@code kafka} (embedded broker, outbox relay, filling part, notification
 * feed), {@code http} (REST and server-sent events) and {@code server} (wiring for a process).
 *
 * <h2>Example</h2>
 * <pre>{@code
 * Ledger ledger = new Ledger(LedgerConfig.defaults().withOverdraftLimit(0));
 * // through any engine's Context:
 * ledger.handle(ctx, new OpenAccount("c1", "alice"));        // Applied, event alice#1 OPENED
 * ledger.handle(ctx, new Deposit("c2", "alice", 500));       // Applied, event alice#2
 * ledger.handle(ctx, new Transfer("c3", "alice", "bob", 900)); // Rejected INSUFFICIENT_FUNDS
 * ledger.handle(ctx, new Deposit("c2", "alice", 500));       // the first outcome again, replayed
 * }</pre>
 *
 * <h2>Thread-safety</h2>
 * Nodes are not thread-safe: an engine hands them one event at a time. Messages and events are
 * immutable records.
 */
package io.faultline.bank;
