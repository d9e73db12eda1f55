package io.faultline.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The store contract on the real PostgreSQL server. Each test owns a fresh namespace and removes
 * its rows and any trigger it made.
 */
class PostgresStoreContractTest extends JdbcStoreContract {

    private String namespace;
    private PostgresStore store;
    private final List<String> cleanup = new ArrayList<>();

    @BeforeEach
    void open() {
        PostgresAvailability.require();
        namespace = "test-" + UUID.randomUUID();
        store = PostgresStore.open(PostgresAvailability.URL, PostgresAvailability.USER, namespace);
    }

    @AfterEach
    void dropEverythingThisTestMade() {
        if (store == null) {
            return;
        }
        store.withWriteConnection(c -> {
            try (Statement st = c.createStatement()) {
                for (String sql : cleanup) {
                    st.execute(sql);
                }
            }
            return null;
        });
        store.drop();
        store.close();
    }

    @Override
    protected PostgresStore store() {
        return store;
    }

    @Override
    protected PostgresStore reopen() {
        store.close();
        store = PostgresStore.open(PostgresAvailability.URL, PostgresAvailability.USER, namespace);
        return store;
    }

    @Override
    protected PostgresStore openAnother() {
        return PostgresStore.open(PostgresAvailability.URL, PostgresAvailability.USER, namespace);
    }

    @Override
    protected void refuseWritesOf(String key) {
        String suffix = UUID.randomUUID().toString().replace("-", "");
        String function = "faultline_test_refuse_" + suffix;
        String trigger = "refuse_" + suffix;
        store.withWriteConnection(c -> {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE FUNCTION " + function + "() RETURNS trigger LANGUAGE plpgsql AS"
                    + " $$ BEGIN RAISE EXCEPTION 'refused by test trigger: %', NEW.key; END $$");
                st.execute("CREATE TRIGGER " + trigger + " BEFORE INSERT ON faultline_kv"
                    + " FOR EACH ROW WHEN (NEW.ns = '" + namespace + "' AND NEW.key = '" + key
                    + "') EXECUTE FUNCTION " + function + "()");
            }
            return null;
        });
        cleanup.add("DROP TRIGGER IF EXISTS " + trigger + " ON faultline_kv");
        cleanup.add("DROP FUNCTION IF EXISTS " + function + "()");
    }

    @Test
    void namespacesDoNotSeeEachOther() {
        try (PostgresStore other = PostgresStore.open(PostgresAvailability.URL,
                PostgresAvailability.USER, namespace + "-other")) {
            try {
                other.put("k", "other");
                store.put("k", "mine");
                assertThat(store.scan("")).containsOnlyKeys("k");
                assertThat(store.get("k")).contains("mine");
                assertThat(other.get("k")).contains("other");
            } finally {
                other.drop();
            }
        }
    }

    @Test
    void schemaIsAtTheLatestVersion() {
        assertThat(store.schemaVersion(PostgresStore.VERSION_TABLE))
            .isEqualTo(PostgresStore.MIGRATIONS.size());
    }

    @Test
    void rejectsAUrlThatIsNotPostgres() {
        assertThatThrownBy(() -> PostgresStore.open("jdbc:sqlite:x.db", "postgres", "n"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("jdbc:sqlite:x.db")
            .hasMessageContaining("jdbc:postgresql://HOST:PORT/DATABASE");
    }
}
