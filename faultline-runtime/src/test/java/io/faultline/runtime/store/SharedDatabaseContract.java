package io.faultline.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.sim.WriteBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Group commit across nodes: the batches of several namespaces in one transaction of a
 * {@link SharedDatabase}, run against SQLite and PostgreSQL alike.
 */
abstract class SharedDatabaseContract {

    private SharedDatabase db;
    private final List<JdbcStore> stores = new ArrayList<>();

    /** Opens the database under test, empty for the namespaces {@link #namespace} gives. */
    protected abstract SharedDatabase openDatabase();

    /** The namespace of node {@code node}, unique to this test where the database is shared. */
    protected abstract String namespace(String node);

    /** Removes what the test wrote, through the store of each namespace it used. */
    protected void cleanUp(JdbcStore store) {
    }

    @BeforeEach
    void open() {
        db = openDatabase();
    }

    @AfterEach
    void close() {
        for (JdbcStore s : stores) {
            cleanUp(s);
            s.close();
        }
        if (db != null) {
            db.close();
        }
    }

    private JdbcStore store(String node) {
        JdbcStore s = db.store(namespace(node));
        stores.add(s);
        return s;
    }

    @Test
    void batchesOfManyNodesShareOneTransaction() throws Exception {
        JdbcStore a = store("a");
        JdbcStore b = store("b");
        HeldCommit<NamespacedBatch> held = HeldCommit.holdingFirst(db::writeAll);
        try (GroupCommitter<NamespacedBatch> committer =
                 GroupCommitter.create("shared", held, 64, 64)) {
            CompletableFuture<Void> first = committer.submit(
                new NamespacedBatch(a.namespace(), WriteBatch.create().put("k", "first")));
            held.awaitHeld();
            List<CompletableFuture<Void>> rest = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                JdbcStore s = i % 2 == 0 ? a : b;
                rest.add(committer.submit(new NamespacedBatch(s.namespace(),
                    WriteBatch.create().put("n" + i, Integer.toString(i)))));
            }
            assertThat(b.scan("")).isEmpty();
            held.release();
            first.get(10, TimeUnit.SECONDS);
            CompletableFuture.allOf(rest.toArray(CompletableFuture[]::new))
                .get(10, TimeUnit.SECONDS);

            assertThat(committer.commitCount()).isEqualTo(2);
            assertThat(held.groups().get(1)).extracting(NamespacedBatch::namespace)
                .containsOnly(a.namespace(), b.namespace()).hasSize(10);
            assertThat(a.scan("n").keySet()).containsExactly("n0", "n2", "n4", "n6", "n8");
            assertThat(b.scan("n").keySet()).containsExactly("n1", "n3", "n5", "n7", "n9");
            assertThat(db.transactionCount()).isEqualTo(2);
            assertThat(db.batchCount()).isEqualTo(11);
        }
    }

    /**
     * A key written by two batches of the group, rows that exist already and deletes end as if
     * the batches ran one after another; on PostgreSQL the upserts of one transaction also go to
     * the server as one multi-row INSERT (the driver's batch rewrite).
     */
    @Test
    void laterBatchesOfAGroupWinOverEarlierOnesOnTheSameKey() {
        JdbcStore a = store("a");
        JdbcStore b = store("b");
        db.writeAll(List.of(new NamespacedBatch(a.namespace(),
            WriteBatch.create().put("old", "1").put("gone", "x"))));
        List<NamespacedBatch> group = new ArrayList<>();
        group.add(new NamespacedBatch(a.namespace(), WriteBatch.create().put("k", "first")
            .put("old", "2")));
        group.add(new NamespacedBatch(b.namespace(), WriteBatch.create().put("k", "other")));
        group.add(new NamespacedBatch(a.namespace(), WriteBatch.create().put("k", "second")
            .delete("gone")));
        for (int i = 0; i < 200; i++) {
            group.add(new NamespacedBatch(b.namespace(),
                WriteBatch.create().put(String.format("n%03d", i), Integer.toString(i))));
        }
        db.writeAll(group);

        assertThat(a.scan("")).containsExactly(Map.entry("k", "second"), Map.entry("old", "2"));
        assertThat(b.get("k")).contains("other");
        assertThat(b.scan("n")).hasSize(200).containsEntry("n199", "199");
        assertThat(db.transactionCount()).isEqualTo(2);
    }

    @Test
    void aBadBatchChangesNoNamespace() {
        JdbcStore a = store("a");
        JdbcStore b = store("b");
        assertThatThrownBy(() -> db.writeAll(List.of(
            new NamespacedBatch(a.namespace(), WriteBatch.create().put("ok", "1")),
            new NamespacedBatch(b.namespace(), WriteBatch.create().put("bad", "nul\0")))))
            .isInstanceOf(IllegalArgumentException.class);
        assertThat(a.scan("")).isEmpty();
        assertThat(b.scan("")).isEmpty();
    }

    @Test
    void aNamespaceSeesOnlyItsOwnRows() {
        JdbcStore a = store("a");
        JdbcStore b = store("b");
        db.writeAll(List.of(new NamespacedBatch(a.namespace(), WriteBatch.create().put("k", "a")),
            new NamespacedBatch(b.namespace(), WriteBatch.create().put("k", "b").put("x", "1"))));
        a.write(WriteBatch.create().put("own", "write").delete("k"));

        assertThat(a.scan("")).containsExactly(Map.entry("own", "write"));
        assertThat(b.scan("")).containsExactly(Map.entry("k", "b"), Map.entry("x", "1"));
    }
}
