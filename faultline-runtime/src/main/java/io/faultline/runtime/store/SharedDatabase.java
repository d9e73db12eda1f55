package io.faultline.runtime.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One database, a SQLite file or a PostgreSQL server, shared by the stores of several nodes, with
 * a write connection of its own that commits the batches of several namespaces in one transaction:
 * group commit across nodes. Each node still reads through its own store ({@link #store}).
 *
 * <pre>{@code
 * try (SharedDatabase db = SharedDatabase.sqlite(Path.of("data/payments.db"))) {
 *     GroupCommitter<NamespacedBatch> committer =
 *         GroupCommitter.create("payments.db", db::writeAll, 4096, 512);
 *     committer.submit(new NamespacedBatch("issuer", batch)); // one fsync for the whole group
 *     db.store("issuer").get("auth/7");
 * }
 * }</pre>
 *
 * <p>Thread-safety: {@link #writeAll} is serialised on the database's one write connection.
 */
public final class SharedDatabase implements AutoCloseable {

    private final String description;
    private final JdbcStore.Sql sql;
    private final Connection write;
    private final Function<String, JdbcStore> stores;
    /** The write connection's statements, under this object's lock. */
    private final StatementCache statements;
    private long transactionCount;
    private long batchCount;

    private SharedDatabase(String description, JdbcStore.Sql sql, Connection write,
                           Function<String, JdbcStore> stores) throws SQLException {
        this.description = description;
        this.sql = sql;
        this.write = write;
        this.stores = stores;
        this.statements = new StatementCache(write);
        write.setAutoCommit(false);
    }

    /**
     * Opens {@code file}, creating it when missing, and brings its schema up to date.
     *
     * @throws StoreException when the file cannot be opened or migrated
     */
    public static SharedDatabase sqlite(Path file) {
        Path absolute = file.toAbsolutePath();
        Connection write = null;
        try {
            write = SqliteStore.connect(absolute, true);
            return new SharedDatabase("SQLite " + absolute, SqliteStore.SQL, write,
                namespace -> SqliteStore.open(absolute, namespace));
        } catch (SQLException | RuntimeException e) {
            JdbcStore.closeQuietly(write, e);
            throw SqliteStore.failedToOpen(absolute, e);
        }
    }

    /**
     * Connects to the PostgreSQL database at {@code url} as {@code user} (trust authentication)
     * and brings the shared schema up to date.
     *
     * @throws StoreException when the server cannot be reached or migrated
     */
    public static SharedDatabase postgres(String url, String user) {
        Connection write = null;
        try {
            write = DriverManager.getConnection(url, PostgresStore.connectionProperties(url, user));
            new Migrator(PostgresStore.VERSION_TABLE, PostgresStore.MIGRATIONS,
                Optional.of(PostgresStore.LOCK)).migrate(write);
            return new SharedDatabase("PostgreSQL at " + url, PostgresStore.SQL, write,
                namespace -> PostgresStore.open(url, user, namespace));
        } catch (SQLException | RuntimeException e) {
            JdbcStore.closeQuietly(write, e);
            if (e instanceof StoreException || e instanceof IllegalArgumentException) {
                throw (RuntimeException) e;
            }
            throw new StoreException("cannot open PostgreSQL at " + url + " as user " + user
                + ": " + e.getMessage() + " (is the server running? see BUILD-NOTES.md)", e);
        }
    }

    /**
     * Opens the store of {@code namespace} in this database, for its node's reads; the caller
     * closes it. Its writes go through {@link #writeAll}.
     */
    public JdbcStore store(String namespace) {
        return stores.apply(Objects.requireNonNull(namespace, "namespace"));
    }

    /**
     * Applies every batch, each to its namespace, in one transaction: all or none. Keys and values
     * are checked before anything is written.
     *
     * @throws IllegalArgumentException when a key or value is not storable text; nothing changed
     * @throws StoreException when the database fails; nothing was applied
     */
    public synchronized void writeAll(List<NamespacedBatch> batches) {
        TreeMap<JdbcStore.Row, Optional<String>> rows = new TreeMap<>();
        for (NamespacedBatch b : batches) {
            JdbcStore.collect(b.namespace(), b.batch(), rows);
        }
        try {
            JdbcStore.apply(statements, sql, rows);
            write.commit();
            transactionCount++;
            batchCount += batches.size();
        } catch (SQLException | RuntimeException e) {
            try {
                write.rollback();
            } catch (SQLException r) {
                e.addSuppressed(r);
            }
            throw new StoreException(description + ": a transaction of " + batches.size()
                + " batch(es) failed and was rolled back: " + e.getMessage(), e);
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
            throw new StoreException(description + ": close failed", e);
        }
    }

    @Override
    public String toString() {
        return description;
    }
}
