/**
 * Durable stores for the real runtime: {@link io.faultline.sim.DurableStore} on SQLite (a file
 * per node by default) and on PostgreSQL, each store owning one namespace of a key-value table,
 * with versioned schema migrations, and {@link io.faultline.runtime.store.GroupCommitter}, which
 * commits the write batches of many handlers in one transaction.
 * {@link io.faultline.runtime.store.SharedDatabase} lets the handlers of several nodes share one
 * database and one transaction too (a SQLite file or a PostgreSQL server).
 *
 * <p>Example:
 * <pre>{@code
 * SqliteStore store = SqliteStore.open(Path.of("run/server.db"));
 * GroupCommitter<WriteBatch> committer =
 *     GroupCommitter.create("server", store::writeAll, 1024, 256);
 * committer.submit(WriteBatch.create().put("k", "v"))
 *     .thenRun(() -> System.out.println("durable"));
 * }</pre>
 *
 * <p>Contract (tested against the in-memory, SQLite and PostgreSQL stores alike): get; scan by
 * prefix in key order; put; delete; atomic batches (all or nothing, also when the database refuses
 * a write in the middle); durability across close and reopen; null and unstorable text (NUL,
 * unpaired surrogates) rejected before anything changes.
 *
 * <p>Threading: stores may be used from several threads (reads and writes each go through their
 * own connection); a group committer has one thread of its own.
 *
 * <p>Costs: a commit costs one fsync (SQLite, {@code synchronous=FULL}) or one server round trip
 * and WAL flush (PostgreSQL); group commit divides it among the batches that share it.
 */
package io.faultline.runtime.store;
