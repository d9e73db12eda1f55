package io.faultline.runtime.store;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * A node's durable store on PostgreSQL: one shared table {@code faultline_kv(ns, key, value)} in
 * which each store owns the rows of its namespace (usually the node's name, or a run's prefix plus
 * the node's name). Keys use the "C" collation, so the index orders them by code point. Schema
 * versions are kept in {@code faultline_schema_version}; concurrent openers take an advisory lock
 * so that only one of them migrates.
 *
 * <pre>{@code
 * try (PostgresStore store = PostgresStore.open(
 *         "jdbc:postgresql://127.0.0.1:5432/test", "postgres", "run7/server")) {
 *     store.put("count", "3");
 * }
 * }</pre>
 *
 * <p>Costs: two connections per store (reads never wait for a commit); one round trip per
 * statement batch and one commit per transaction.
 */
public final class PostgresStore extends JdbcStore {

    /** The schema, oldest step first; append new steps, never edit applied ones. */
    static final List<Migration> MIGRATIONS = List.of(
        new Migration(1, "key-value table with a namespace per store",
            List.of("CREATE TABLE IF NOT EXISTS faultline_kv (ns TEXT NOT NULL,"
                + " key TEXT COLLATE \"C\" NOT NULL, value TEXT NOT NULL,"
                + " PRIMARY KEY (ns, key))")));

    static final String VERSION_TABLE = "faultline_schema_version";

    /** Keeps concurrent migrators apart: an arbitrary constant that names faultline's schema. */
    static final String LOCK = "SELECT pg_advisory_xact_lock(7460128253)";

    static final Sql SQL = new Sql(
        "SELECT value FROM faultline_kv WHERE ns = ? AND key = ?",
        "SELECT key, value FROM faultline_kv WHERE ns = ? AND key >= ? ORDER BY key",
        "SELECT key, value FROM faultline_kv WHERE ns = ? AND key >= ? AND key < ? ORDER BY key",
        "INSERT INTO faultline_kv (ns, key, value) VALUES (?, ?, ?)"
            + " ON CONFLICT (ns, key) DO UPDATE SET value = EXCLUDED.value",
        "DELETE FROM faultline_kv WHERE ns = ? AND key = ?",
        "SELECT count(*) FROM faultline_kv WHERE ns = ?",
        "SELECT key FROM faultline_kv WHERE ns = ? AND key >= ? ORDER BY key LIMIT ?");

    private PostgresStore(String url, String namespace, Connection read, Connection write)
            throws SQLException {
        super("PostgreSQL store " + namespace + " at " + url, SQL, namespace, read, write);
    }

    /**
     * Opens the store of {@code namespace} and brings the shared schema up to date.
     *
     * @param url a JDBC URL such as {@code jdbc:postgresql://127.0.0.1:5432/test}
     * @param user the database user (trust authentication, no password)
     * @param namespace the store's name within the table; non-blank text
     * @throws StoreException when the server cannot be reached or migrated
     */
    public static PostgresStore open(String url, String user, String namespace) {
        checkNamespace(namespace);
        Properties props = connectionProperties(url, user);
        Connection write = null;
        Connection read = null;
        try {
            write = DriverManager.getConnection(url, props);
            new Migrator(VERSION_TABLE, MIGRATIONS, Optional.of(LOCK)).migrate(write);
            read = DriverManager.getConnection(url, props);
            return new PostgresStore(url, namespace, read, write);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(read, e);
            closeQuietly(write, e);
            if (e instanceof StoreException se) {
                throw se;
            }
            throw new StoreException("cannot open PostgreSQL store " + namespace + " at " + url
                + " as user " + user + ": " + e.getMessage()
                + " (is the server running? see BUILD-NOTES.md)", e);
        }
    }

    static void checkNamespace(String namespace) {
        checkText("namespace", namespace);
        if (namespace.isBlank()) {
            throw new IllegalArgumentException("namespace must not be blank");
        }
    }

    /** Checks {@code url} and gives the connection properties for {@code user}. */
    static Properties connectionProperties(String url, String user) {
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("'" + url + "' is not a PostgreSQL JDBC URL;"
                + " expected jdbc:postgresql://HOST:PORT/DATABASE");
        }
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("connectTimeout", "5");
        // A group commit's upserts go as multi-row INSERTs instead of one statement per row.
        // Safe here: a transaction's rows are distinct (JdbcStore.collect keys them by row), so
        // no multi-row upsert touches one row twice.
        props.setProperty("reWriteBatchedInserts", "true");
        return props;
    }

    /**
     * Takes a session-level advisory lock named after the namespace on this store's write
     * connection: the server lets it go when the connection closes or its process dies.
     */
    @Override
    public void claimNamespace() {
        long lock = namespaceLock(namespace());
        boolean claimed = withWriteConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                ps.setLong(1, lock);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getBoolean(1);
                }
            }
        });
        if (!claimed) {
            throw new StoreException(this + " is in use: another process (or store) holds its"
                + " advisory lock " + lock + "; run one node per namespace, or stop the other"
                + " one first");
        }
    }

    /** The advisory lock of {@code namespace}: a 64-bit hash, apart from the migration lock's. */
    static long namespaceLock(String namespace) {
        long h = 0xcbf29ce484222325L;
        for (byte b : ("faultline namespace " + namespace).getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        return h;
    }

    /** Deletes every row of this store's namespace: a fresh node, or a test cleaning up. */
    public void drop() {
        withWriteConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM faultline_kv WHERE ns = ?")) {
                ps.setString(1, namespace());
                return ps.executeUpdate();
            }
        });
    }
}
