package io.faultline.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.sim.WriteBatch;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared-database contract on a SQLite file, and what a shared file keeps across reopens. */
class SqliteSharedDatabaseTest extends SharedDatabaseContract {

    @TempDir
    Path dir;

    @Override
    protected SharedDatabase openDatabase() {
        return SharedDatabase.sqlite(dir.resolve("shared.db"));
    }

    @Override
    protected String namespace(String node) {
        return node;
    }

    @Test
    void namespacesAreKeptApartInOneFileAcrossReopens() {
        try (SharedDatabase other = SharedDatabase.sqlite(dir.resolve("other.db"))) {
            other.writeAll(List.of(
                new NamespacedBatch("payments", WriteBatch.create().put("k", "p")),
                new NamespacedBatch("issuer", WriteBatch.create().put("k", "i"))));
        }
        try (SqliteStore payments = SqliteStore.open(dir.resolve("other.db"), "payments");
             SqliteStore issuer = SqliteStore.open(dir.resolve("other.db"), "issuer");
             SqliteStore unnamed = SqliteStore.open(dir.resolve("other.db"))) {
            assertThat(payments.scan("")).containsExactly(Map.entry("k", "p"));
            assertThat(issuer.scan("")).containsExactly(Map.entry("k", "i"));
            assertThat(unnamed.scan("")).isEmpty();
        }
    }
}
