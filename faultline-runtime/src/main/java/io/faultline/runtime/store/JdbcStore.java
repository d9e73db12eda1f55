package io.faultline.runtime.store;

import io.faultline.sim.DurableStore;
import io.faultline.sim.WriteBatch;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The part of a {@link DurableStore} on a SQL database that SQLite and PostgreSQL share: one
 * connection for reads, one for writes (so a read never waits for a commit's fsync), validation of
 * keys and values before anything is written, and the atomic application of many batches in one
 * transaction ({@link #writeAll}), which group commit builds on.
 *
 * <p>Thread-safety: safe for use from several threads; reads are serialised on the read
 * connection, writes on the write connection.
 */
public abstract class JdbcStore implements DurableStore, AutoCloseable {

    /** The SQL a concrete store runs; the namespace is the first parameter of each. */
    protected record Sql(String get, String scanFrom, String scanRange, String upsert,
                         String delete, String count, String keysFrom) {
    }

    /** How many keys {@link #forEachKey} reads per query. */
    static final int KEY_PAGE = 10_000;

    private final String description;
    private final Sql sql;
    private final String namespace;
    private final Connection readConnection;
    private final Connection writeConnection;
    /** Read statements, under {@code readLock}. */
    private final StatementCache readStatements;
    /** Write statements, under {@code writeLock}. */
    private final StatementCache writeStatements;
    private final Object readLock = new Object();
    private final Object writeLock = new Object();
    private long transactionCount;
    private long batchCount;

    /**
     * @param description how error messages name this store, e.g. the file or the namespace
     * @param namespace the rows of the table this store owns, bound as the first parameter of
     *     every statement
     */
    protected JdbcStore(String description, Sql sql, String namespace,
                        Connection readConnection, Connection writeConnection) throws SQLException {
        this.description = description;
        this.sql = sql;
        this.namespace = namespace;
        this.readConnection = readConnection;
        this.writeConnection = writeConnection;
        this.readStatements = new StatementCache(readConnection);
        this.writeStatements = new StatementCache(writeConnection);
        readConnection.setAutoCommit(true);
        writeConnection.setAutoCommit(false);
    }

    @Override
    public Optional<String> get(String key) {
        checkText("key", key);
        synchronized (readLock) {
            try {
                PreparedStatement ps = readStatements.get(sql.get());
                int i = bindNamespace(ps);
                ps.setString(i, key);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            } catch (SQLException e) {
                throw new StoreException(description + ": get(" + key + ") failed", e);
            }
        }
    }

    @Override
    public SortedMap<String, String> scan(String prefix) {
        checkText("prefix", prefix);
        Optional<String> upper = prefixUpperBound(prefix);
        TreeMap<String, String> out = new TreeMap<>();
        synchronized (readLock) {
            String query = upper.isPresent() ? sql.scanRange() : sql.scanFrom();
            try {
                PreparedStatement ps = readStatements.get(query);
                int i = bindNamespace(ps);
                ps.setString(i, prefix);
                if (upper.isPresent()) {
                    ps.setString(i + 1, upper.get());
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String key = rs.getString(1);
                        // The range is in the database's code-point order; the filter keeps the
                        // result exact whatever that order does at the edges.
                        if (key.startsWith(prefix)) {
                            out.put(key, rs.getString(2));
                        }
                    }
                }
            } catch (SQLException e) {
                throw new StoreException(description + ": scan(" + prefix + ") failed", e);
            }
        }
        return Collections.unmodifiableSortedMap(out);
    }

    /**
     * Claims this store's namespace for one writer until {@link #close}: a node's storage does,
     * since its {@link FilteredStore} would not see another writer's keys (and two lives of one
     * node at once break idempotency anyway). Another process, or another store in this one,
     * that holds the claim makes this fail. The claim ends with the process too, however it
     * ends.
     *
     * @throws StoreException naming the holder's lock when the namespace is claimed already
     */
    public abstract void claimNamespace();

    /** How many keys this store holds. */
    public long keyCount() {
        synchronized (readLock) {
            try {
                PreparedStatement ps = readStatements.get(sql.count());
                bindNamespace(ps);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            } catch (SQLException e) {
                throw new StoreException(description + ": counting the keys failed", e);
            }
        }
    }

    /**
     * Hands every key this store holds to {@code action}, in key order, reading
     * {@value #KEY_PAGE} keys per query and no values: memory stays small however large the
     * store. Keys written meanwhile may or may not be seen.
     */
    public void forEachKey(Consumer<String> action) {
        forEachKey(KEY_PAGE, action);
    }

    void forEachKey(int pageSize, Consumer<String> action) {
        // Each page starts at the last key of the one before, inclusive, and skips it: the first
        // starts at "", which is a key too.
        String from = "";
        boolean seen = false;
        while (true) {
            int limit = pageSize + (seen ? 1 : 0);
            List<String> page = new ArrayList<>(Math.min(limit, KEY_PAGE + 1));
            synchronized (readLock) {
                try {
                    PreparedStatement ps = readStatements.get(sql.keysFrom());
                    int i = bindNamespace(ps);
                    ps.setString(i, from);
                    ps.setInt(i + 1, limit);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            page.add(rs.getString(1));
                        }
                    }
                } catch (SQLException e) {
                    throw new StoreException(description + ": reading the keys failed", e);
                }
            }
            int start = seen && !page.isEmpty() && page.get(0).equals(from) ? 1 : 0;
            for (int k = start; k < page.size(); k++) {
                action.accept(page.get(k));
            }
            if (page.size() < limit) {
                return;
            }
            from = page.get(page.size() - 1);
            seen = true;
        }
    }

    @Override
    public void write(WriteBatch batch) {
        writeAll(List.of(Objects.requireNonNull(batch, "batch")));
    }

    /**
     * Applies every batch, in order, in one transaction: all of them or none. Every key and value
     * is checked before the transaction starts, so bad input changes nothing.
     *
     * @throws IllegalArgumentException when a key or value is not storable text
     * @throws StoreException when the database fails; nothing was applied
     */
    public void writeAll(List<WriteBatch> batches) {
        Objects.requireNonNull(batches, "batches");
        TreeMap<Row, Optional<String>> rows = new TreeMap<>();
        for (WriteBatch batch : batches) {
            collect(namespace, batch, rows);
        }
        synchronized (writeLock) {
            try {
                apply(writeStatements, sql, rows);
                writeConnection.commit();
                transactionCount++;
                batchCount += batches.size();
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(e);
                throw new StoreException(description + ": a transaction of " + batches.size()
                    + " batch(es) failed and was rolled back: " + e.getMessage(), e);
            }
        }
    }

    /**
     * One row of a transaction: its namespace and key.
     * Rows order by namespace, then key, so every transaction touches rows in the same order.
     */
    record Row(String namespace, String key) implements Comparable<Row> {
        @Override
        public int compareTo(Row o) {
            int c = namespace.compareTo(o.namespace);
            return c != 0 ? c : key.compareTo(o.key);
        }
    }

    /**
     * Adds the writes of {@code batch} in {@code namespace} to {@code rows}, checking each key and
     * value first; the last write to a row wins, as if the writes were applied one by one.
     */
    static void collect(String namespace, WriteBatch batch, TreeMap<Row, Optional<String>> rows) {
        Objects.requireNonNull(batch, "batch");
        for (WriteBatch.Write w : batch.writes()) {
            checkText("key", w.key());
            if (!w.isDelete()) {
                checkText("value of " + w.key(), w.value());
            }
            rows.put(new Row(namespace, w.key()), Optional.ofNullable(w.value()));
        }
    }

    /** Upserts and deletes {@code rows} with {@code statements}, in the caller's transaction. */
    static void apply(StatementCache statements, Sql sql, SortedMap<Row, Optional<String>> rows)
            throws SQLException {
        List<Row> deletes = new ArrayList<>();
        PreparedStatement up = statements.get(sql.upsert());
        try {
            boolean any = false;
            for (Map.Entry<Row, Optional<String>> e : rows.entrySet()) {
                if (e.getValue().isEmpty()) {
                    deletes.add(e.getKey());
                    continue;
                }
                int i = bindRow(up, e.getKey());
                up.setString(i, e.getValue().get());
                up.addBatch();
                any = true;
            }
            if (any) {
                up.executeBatch();
            }
        } finally {
            up.clearBatch(); // a failed batch must not ride along with the next transaction
        }
        if (!deletes.isEmpty()) {
            PreparedStatement del = statements.get(sql.delete());
            try {
                for (Row row : deletes) {
                    bindRow(del, row);
                    del.addBatch();
                }
                del.executeBatch();
            } finally {
                del.clearBatch();
            }
        }
    }

    /** Binds the row's namespace and key; returns the next index. */
    private static int bindRow(PreparedStatement ps, Row row) throws SQLException {
        ps.setString(1, row.namespace());
        ps.setString(2, row.key());
        return 3;
    }

    private void rollbackQuietly(Exception cause) {
        try {
            writeConnection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /** Closes a connection of a store that failed to open, keeping the first failure. */
    static void closeQuietly(Connection c, Exception cause) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                cause.addSuppressed(e);
            }
        }
    }

    private int bindNamespace(PreparedStatement ps) throws SQLException {
        ps.setString(1, namespace);
        return 2;
    }

    /** The namespace whose rows this store owns. */
    public String namespace() {
        return namespace;
    }

    /** A piece of JDBC work on a connection. */
    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Runs {@code work} on the write connection in its own transaction, committed when it returns
     * and rolled back when it throws. For schema queries and tests, not for data.
     */
    <T> T withWriteConnection(SqlWork<T> work) {
        synchronized (writeLock) {
            try {
                T result = work.run(writeConnection);
                writeConnection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(e);
                throw new StoreException(description + ": " + e.getMessage(), e);
            }
        }
    }

    /** The newest schema version recorded in {@code versionTable}. */
    int schemaVersion(String versionTable) {
        return withWriteConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT MAX(version) FROM " + versionTable);
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    /** How many transactions this store has committed. */
    public long transactionCount() {
        synchronized (writeLock) {
            return transactionCount;
        }
    }

    /** How many batches those transactions carried; more than transactions means group commit. */
    public long batchCount() {
        synchronized (writeLock) {
            return batchCount;
        }
    }

    @Override
    public String toString() {
        return description;
    }

    @Override
    public void close() {
        synchronized (readLock) {
            synchronized (writeLock) {
                StoreException failure = null;
                for (Connection c : List.of(readConnection, writeConnection)) {
                    try {
                        c.close();
                    } catch (SQLException e) {
                        failure = new StoreException(description + ": close failed", e);
                    }
                }
                if (failure != null) {
                    throw failure;
                }
            }
        }
    }

    /**
     * Checks that {@code text} can be stored and read back unchanged by every database: not null,
     * no NUL character (PostgreSQL refuses it) and no unpaired surrogate (it has no UTF-8 form).
     */
    static void checkText(String what, String text) {
        Objects.requireNonNull(text, what);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\0') {
                throw new IllegalArgumentException(what + " contains a NUL character at index " + i
                    + "; keys and values must be Unicode text without NUL");
            }
            if (Character.isHighSurrogate(c)
                    && (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1)))) {
                throw new IllegalArgumentException(what + " has an unpaired surrogate at index " + i
                    + "; keys and values must be valid Unicode text");
            }
            if (Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(
                    text.charAt(i - 1)))) {
                throw new IllegalArgumentException(what + " has an unpaired surrogate at index " + i
                    + "; keys and values must be valid Unicode text");
            }
        }
    }

    /**
     * The smallest string, in code-point order, greater than every string that starts with
     * {@code prefix}; empty when there is none (an empty prefix, or only maximal code points).
     */
    static Optional<String> prefixUpperBound(String prefix) {
        int[] cps = prefix.codePoints().toArray();
        for (int n = cps.length; n > 0; n--) {
            int cp = cps[n - 1];
            if (cp < Character.MAX_CODE_POINT) {
                int next = cp + 1 == Character.MIN_SURROGATE ? Character.MAX_SURROGATE + 1 : cp + 1;
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < n - 1; i++) {
                    sb.appendCodePoint(cps[i]);
                }
                return Optional.of(sb.appendCodePoint(next).toString());
            }
        }
        return Optional.empty();
    }
}
