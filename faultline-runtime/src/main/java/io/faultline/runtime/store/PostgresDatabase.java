package io.faultline.runtime.store;

import io.faultline.sim.WriteBatch;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One PostgreSQL database shared by the stores of many nodes, with a write connection of its own
 * that commits the batches of several namespaces in one transaction: group commit across nodes.
 * Each node still reads through its own {@link PostgresStore}.
 *
 * <pre>{@code
 * try (PostgresDatabase db = PostgresDatabase.open(url, "postgres")) {
 *     GroupCommitter<PostgresDatabase.NamespacedBatch> committer =
 *         GroupCommitter.create("postgres", db::writeAll, 4096, 512);
 *     committer.submit(new PostgresDatabase.NamespacedBatch("run1/server", batch));
 * }
 * }</pre>
 *
 * <p>Thread-safety: {@link #writeAll} is serialised on the database's one write connection.
 */
public final class PostgresDatabase implements AutoCloseable {

    /**
     * A batch for the store of {@code namespace}.
     *
     * @param namespace the store's namespace
     * @param batch its writes
     */
    public record NamespacedBatch(String namespace, WriteBatch batch) {
        public NamespacedBatch {
            PostgresStore.checkNamespace(namespace);
            Objects.requireNonNull(batch, "batch");
        }
    }

    private final String url;
    private final String user;
    private final Connection write;
    /** The write connection's statements, under this object's lock. */
    private final StatementCache statements;
    private long transactionCount;
    private long batchCount;

    private PostgresDatabase(String url, String user, Connection write) {
        this.url = url;
        this.user = user;
        this.write = write;
        this.statements = new StatementCache(write);
    }

    /** Connects and brings the shared schema up to date. */
    public static PostgresDatabase open(String url, String user) {
        Connection write = null;
        try {
            write = DriverManager.getConnection(url, PostgresStore.connectionProperties(url, user));
            new Migrator(PostgresStore.VERSION_TABLE, PostgresStore.MIGRATIONS,
                Optional.of(PostgresStore.LOCK)).migrate(write);
            write.setAutoCommit(false);
            return new PostgresDatabase(url, user, write);
        } catch (SQLException | RuntimeException e) {
            JdbcStore.closeQuietly(write, e);
            if (e instanceof StoreException || e instanceof IllegalArgumentException) {
                throw (RuntimeException) e;
            }
            throw new StoreException("cannot open PostgreSQL at " + url + " as user " + user
                + ": " + e.getMessage() + " (is the server running? see BUILD-NOTES.md)", e);
        }
    }

    /** The store of {@code namespace} in this database, for its node's reads. */
    public PostgresStore store(String namespace) {
        return PostgresStore.open(url, user, namespace);
    }

    /**
     * Applies every batch, each to its namespace, in one transaction: all or none. Keys and values
     * are checked before anything is written.
     *
     * @throws StoreException when the database fails; nothing was applied
     */
    public synchronized void writeAll(List<NamespacedBatch> batches) {
        TreeMap<JdbcStore.Row, Optional<String>> rows = new TreeMap<>();
        for (NamespacedBatch b : batches) {
            JdbcStore.collect(b.namespace(), b.batch(), rows);
        }
        try {
            JdbcStore.apply(statements, PostgresStore.SQL, true, rows);
            write.commit();
            transactionCount++;
            batchCount += batches.size();
        } catch (SQLException | RuntimeException e) {
            try {
                write.rollback();
            } catch (SQLException r) {
                e.addSuppressed(r);
            }
            throw new StoreException("PostgreSQL at " + url + ": a transaction of "
                + batches.size() + " batch(es) failed and was rolled back: " + e.getMessage(), e);
        }
    }

    /** How many transactions {@link #writeAll} has committed. */
    public synchronized long transactionCount() {
        return transactionCount;
    }

    /** How many batches those transactions carried. */
    public synchronized long batchCount() {
        return batchCount;
    }

    @Override
    public synchronized void close() {
        try {
            write.close();
        } catch (SQLException e) {
            throw new StoreException("PostgreSQL at " + url + ": close failed", e);
        }
    }
}
