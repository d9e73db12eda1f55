package io.faultline.runtime.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A node's durable store in a SQLite file: write-ahead log, {@code synchronous=FULL} (a commit
 * has reached the disk when it returns), table {@code kv(ns TEXT, key TEXT, value TEXT NOT NULL,
 * PRIMARY KEY (ns, key))}, schema versions in {@code schema_version}. A store owns
 * the rows of its namespace: {@code ""} when it has the file to itself, a node's name when several
 * nodes share the file through a {@link SharedDatabase}.
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
            List.of("CREATE TABLE kv (key TEXT PRIMARY KEY, value TEXT NOT NULL)")),
        // A rowid table on purpose: WITHOUT ROWID, which keeps each row in its key's B-tree,
        // took 50% longer for group commits of 20 upserts of 300-byte values under random keys
        // (the payments' shape), since each commit then dirtied a page per row; a rowid table
        // appends the rows and scatters only the small key-index entries.
        new Migration(2, "key-value table with a namespace per store",
            List.of("CREATE TABLE kv_by_ns (ns TEXT NOT NULL, key TEXT NOT NULL,"
                    + " value TEXT NOT NULL, PRIMARY KEY (ns, key))",
                "INSERT INTO kv_by_ns (ns, key, value) SELECT '', key, value FROM kv",
                "DROP TABLE kv",
                "ALTER TABLE kv_by_ns RENAME TO kv")));

    static final Sql SQL = new Sql(
        "SELECT value FROM kv WHERE ns = ? AND key = ?",
        "SELECT key, value FROM kv WHERE ns = ? AND key >= ? ORDER BY key",
        "SELECT key, value FROM kv WHERE ns = ? AND key >= ? AND key < ? ORDER BY key",
        "INSERT INTO kv (ns, key, value) VALUES (?, ?, ?)"
            + " ON CONFLICT (ns, key) DO UPDATE SET value = excluded.value",
        "DELETE FROM kv WHERE ns = ? AND key = ?",
        "SELECT count(*) FROM kv WHERE ns = ?",
        "SELECT key FROM kv WHERE ns = ? AND key >= ? ORDER BY key LIMIT ?");

    /** How long a connection waits for another one's lock before failing, in milliseconds. */
    private static final int BUSY_TIMEOUT_MS = 10_000;
    /**
     * Each connection's page cache, in KiB (SQLite's default is 2 MiB): with the default, a store
     * of a few hundred thousand payments read most pages through the OS on every lookup, and
     * each charge cost more the longer the service ran.
     */
    private static final int CACHE_KIB = 64 * 1024;

    private final Path file;
    /** The channel whose lock claims the namespace, or null; under this object's lock. */
    private FileChannel claim;

    private SqliteStore(Path file, String namespace, Connection read, Connection write)
            throws SQLException {
        super("SQLite store " + file + (namespace.isEmpty() ? "" : " (namespace " + namespace
            + ")"), SQL, namespace, read, write);
        this.file = file;
    }

    /**
     * Opens the store that has {@code file} to itself, creating the file and its parent
     * directories when missing, and brings its schema up to date.
     *
     * @throws StoreException when the file cannot be opened or migrated
     */
    public static SqliteStore open(Path file) {
        return open(file, "");
    }

    /**
     * Opens the store of {@code namespace} in {@code file}, as {@link #open(Path)} does; the
     * namespace is usually a node's name in a file that several nodes share.
     *
     * @throws StoreException when the file cannot be opened or migrated
     */
    public static SqliteStore open(Path file, String namespace) {
        checkText("namespace", namespace);
        Path absolute = file.toAbsolutePath();
        Connection write = null;
        Connection read = null;
        try {
            write = connect(absolute, true);
            read = connect(absolute, false);
            return new SqliteStore(absolute, namespace, read, write);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(read, e);
            closeQuietly(write, e);
            throw failedToOpen(absolute, e);
        }
    }

    /**
     * A connection to {@code file} with this store's settings; for writing, the file is created
     * when missing and its schema brought up to date first.
     */
    static Connection connect(Path file, boolean forWrites) throws SQLException {
        if (forWrites) {
            try {
                Files.createDirectories(file.getParent());
            } catch (IOException e) {
                throw new StoreException("cannot create the directory of " + file + ": " + e, e);
            }
        }
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement st = c.createStatement()) {
            if (forWrites) {
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("PRAGMA synchronous=FULL");
            }
            st.execute("PRAGMA busy_timeout=" + BUSY_TIMEOUT_MS);
            st.execute("PRAGMA cache_size=-" + CACHE_KIB);
            if (forWrites) {
                new Migrator("schema_version", MIGRATIONS, Optional.empty()).migrate(c);
            }
            return c;
        } catch (SQLException | RuntimeException e) {
            closeQuietly(c, e);
            throw e;
        }
    }

    /** The error for a file that could not be opened, keeping a {@link StoreException} as is. */
    static StoreException failedToOpen(Path file, Exception e) {
        if (e instanceof StoreException se) {
            return se;
        }
        return new StoreException("cannot open SQLite store " + file + ": " + e.getMessage()
            + " (is the directory writable?)", e);
    }

    /**
     * Locks a file of its own next to the database ({@code payments.db.issuer.lock} for the
     * namespace {@code issuer} of {@code payments.db}), which the operating system unlocks when
     * the store closes or its process dies. One file per namespace: closing any channel to a
     * file may drop every lock this process holds on it.
     */
    @Override
    public synchronized void claimNamespace() {
        if (claim != null) {
            return;
        }
        Path lockFile = file.resolveSibling(file.getFileName() + lockSuffix(namespace()));
        FileChannel channel = null;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by another store in this process
            }
            if (lock == null) {
                throw new StoreException(this + " is in use: another process (or store) holds "
                    + lockFile + "; run one node per namespace, or stop the other one first");
            }
            claim = channel;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new StoreException("cannot lock " + lockFile + ": " + e, e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /** The lock file's suffix for {@code namespace}: its name when that is a safe file name. */
    static String lockSuffix(String namespace) {
        if (namespace.isEmpty()) {
            return ".lock";
        }
        if (namespace.matches("[A-Za-z0-9_-]{1,64}")) {
            return "." + namespace + ".lock";
        }
        return ".ns-" + HexFormat.of().toHexDigits(PostgresStore.namespaceLock(namespace))
            + ".lock";
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the claim failed already; that failure is the one to report
            }
        }
    }

    @Override
    public void close() {
        try {
            super.close();
        } finally {
            synchronized (this) {
                closeQuietly(claim); // closing the channel releases its lock
                claim = null;
            }
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
