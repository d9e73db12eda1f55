package io.faultline.runtime.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

/**
 * A node's durable store in one SQLite file: write-ahead log, {@code synchronous=FULL} (a commit
 * has reached the disk when it returns), table {@code kv(key TEXT PRIMARY KEY, value TEXT NOT
 * NULL)}, schema versions in {@code schema_version}.
 *
 * <pre>{@code
 * try (SqliteStore store = SqliteStore.open(dir.resolve("server.db"))) {
 *     store.write(WriteBatch.create().put("balance/alice", "10").delete("hold/alice"));
 *     store.get("balance/alice"); // Optional[10], also after a crash and a reopen
 * }
 * }</pre>
 *
 * <p>Costs: one fsync of the log per transaction; group commit ({@code GroupCommitter}) shares it
 * between the batches of many handlers. Memory: up to 64 MiB of page cache per connection (two).
 */
public final class SqliteStore extends JdbcStore {

    /** The schema, oldest step first; append new steps, never edit applied ones. */
    static final List<Migration> MIGRATIONS = List.of(
        new Migration(1, "key-value table",
            List.of("CREATE TABLE kv (key TEXT PRIMARY KEY, value TEXT NOT NULL)")));

    private static final Sql SQL = new Sql(
        "SELECT value FROM kv WHERE key = ?",
        "SELECT key, value FROM kv WHERE key >= ? ORDER BY key",
        "SELECT key, value FROM kv WHERE key >= ? AND key < ? ORDER BY key",
        "INSERT INTO kv (key, value) VALUES (?, ?)"
            + " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        "DELETE FROM kv WHERE key = ?");

    /** How long a connection waits for another one's lock before failing, in milliseconds. */
    private static final int BUSY_TIMEOUT_MS = 10_000;
    /**
     * Each connection's page cache, in KiB (SQLite's default is 2 MiB): with the default, a store
     * of a few hundred thousand payments read most pages through the OS on every lookup, and
     * each charge cost more the longer the service ran.
     */
    private static final int CACHE_KIB = 64 * 1024;

    private final Path file;

    private SqliteStore(Path file, Connection read, Connection write) throws SQLException {
        super("SQLite store " + file, SQL, Optional.empty(), read, write);
        this.file = file;
    }

    /**
     * Opens the store in {@code file}, creating the file and its parent directories when missing,
     * and brings its schema up to date.
     *
     * @throws StoreException when the file cannot be opened or migrated
     */
    public static SqliteStore open(Path file) {
        Path absolute = file.toAbsolutePath();
        Connection write = null;
        Connection read = null;
        try {
            Files.createDirectories(absolute.getParent());
            String url = "jdbc:sqlite:" + absolute;
            write = DriverManager.getConnection(url);
            try (Statement st = write.createStatement()) {
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("PRAGMA synchronous=FULL");
                st.execute("PRAGMA busy_timeout=" + BUSY_TIMEOUT_MS);
                st.execute("PRAGMA cache_size=-" + CACHE_KIB);
            }
            new Migrator("schema_version", MIGRATIONS, Optional.empty()).migrate(write);
            read = DriverManager.getConnection(url);
            try (Statement st = read.createStatement()) {
                st.execute("PRAGMA busy_timeout=" + BUSY_TIMEOUT_MS);
                st.execute("PRAGMA cache_size=-" + CACHE_KIB);
            }
            return new SqliteStore(absolute, read, write);
        } catch (Exception e) {
            closeQuietly(read, e);
            closeQuietly(write, e);
            if (e instanceof StoreException se) {
                throw se;
            }
            throw new StoreException("cannot open SQLite store " + absolute + ": " + e.getMessage()
                + " (is the directory writable?)", e);
        }
    }

    /** The database file. */
    public Path file() {
        return file;
    }

    /** A pragma's current value on the write connection, e.g. {@code journal_mode}. */
    public String pragma(String name) {
        if (!name.matches("[a-z_]+")) {
            throw new IllegalArgumentException("pragma name '" + name
                + "' must be lower-case letters and underscores, e.g. journal_mode");
        }
        return withWriteConnection(c -> {
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("PRAGMA " + name)) {
                return rs.next() ? rs.getString(1) : "";
            }
        });
    }
}
