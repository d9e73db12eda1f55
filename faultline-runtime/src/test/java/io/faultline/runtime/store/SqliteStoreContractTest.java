package io.faultline.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on a real SQLite file, plus SQLite's own settings and migrations. */
class SqliteStoreContractTest extends JdbcStoreContract {

    @TempDir
    Path dir;

    private SqliteStore store;

    @BeforeEach
    void open() {
        store = SqliteStore.open(dir.resolve("node.db"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Override
    protected SqliteStore store() {
        return store;
    }

    @Override
    protected SqliteStore reopen() {
        store.close();
        store = SqliteStore.open(dir.resolve("node.db"));
        return store;
    }

    @Override
    protected SqliteStore openAnother() {
        return SqliteStore.open(dir.resolve("node.db"));
    }

    @Override
    protected void refuseWritesOf(String key) {
        store.withWriteConnection(c -> {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TRIGGER refuse_" + key.replace('-', '_')
                    + " BEFORE INSERT ON kv WHEN NEW.key = '" + key + "'"
                    + " BEGIN SELECT RAISE(ABORT, 'refused by test trigger'); END");
            }
            return null;
        });
    }

    @Test
    void usesWriteAheadLogAndFullSynchronousCommits() {
        assertThat(store.pragma("journal_mode")).isEqualTo("wal");
        // 2 is FULL: every commit waits for the log to reach the disk.
        assertThat(store.pragma("synchronous")).isEqualTo("2");
    }

    @Test
    void appliesEachMigrationOnceAcrossReopens() {
        reopen();
        reopen();
        assertThat(store.schemaVersion("schema_version")).isEqualTo(SqliteStore.MIGRATIONS.size());
        int rows = store.withWriteConnection(c -> {
            try (Statement st = c.createStatement();
                 var rs = st.executeQuery("SELECT COUNT(*) FROM schema_version")) {
                rs.next();
                return rs.getInt(1);
            }
        });
        assertThat(rows).isEqualTo(SqliteStore.MIGRATIONS.size());
    }

    @Test
    void refusesADatabaseWithANewerSchemaThanItKnows() {
        store.put("k", "v");
        store.withWriteConnection(c -> {
            try (Statement st = c.createStatement()) {
                return st.executeUpdate(
                    "INSERT INTO schema_version (version, description) VALUES (99, 'future')");
            }
        });
        store.close();

        assertThatThrownBy(() -> SqliteStore.open(dir.resolve("node.db")))
            .isInstanceOf(StoreException.class)
            .hasMessageContaining("version 99")
            .hasMessageContaining("knows versions up to " + SqliteStore.MIGRATIONS.size());
        store = SqliteStore.open(dir.resolve("other.db"));
    }

    /** A file written before namespaces keeps its rows, now in the unnamed namespace. */
    @Test
    void movesTheRowsOfAVersionOneFileIntoTheUnnamedNamespace() throws Exception {
        Path old = dir.resolve("v1.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + old)) {
            new Migrator("schema_version", SqliteStore.MIGRATIONS.subList(0, 1), Optional.empty())
                .migrate(c);
            try (Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO kv (key, value) VALUES ('b', '2'), ('a', '1')");
            }
        }

        try (SqliteStore migrated = SqliteStore.open(old)) {
            assertThat(migrated.scan("")).containsExactly(Map.entry("a", "1"),
                Map.entry("b", "2"));
            assertThat(migrated.schemaVersion("schema_version"))
                .isEqualTo(SqliteStore.MIGRATIONS.size());
        }
        try (SqliteStore named = SqliteStore.open(old, "payments")) {
            assertThat(named.scan("")).isEmpty();
        }
    }

    @Test
    void explainsAFileThatCannotBeOpened() {
        Path notADir = dir.resolve("file");
        SqliteStore.open(notADir).close();
        assertThatThrownBy(() -> SqliteStore.open(notADir.resolve("node.db")))
            .isInstanceOf(StoreException.class)
            .hasMessageContaining(notADir.resolve("node.db").toString());
    }
}
