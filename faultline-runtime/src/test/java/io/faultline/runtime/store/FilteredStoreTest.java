package io.faultline.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.sim.WriteBatch;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilteredStoreTest {

    /** A memory store that counts the reads that reach it. */
    private static final class CountingStore extends ForwardingStore {
        int gets;

        @Override
        public Optional<String> get(String key) {
            gets++;
            return super.get(key);
        }
    }

    private final CountingStore store = new CountingStore();

    @Test
    void aKeyNeverWrittenIsMissingWithoutARead() {
        FilteredStore reads = new FilteredStore(store, KeyFilter.withCapacity(0));

        assertThat(reads.get("idem/c1/new")).isEmpty();
        assertThat(store.gets).isZero();
    }

    @Test
    void aKeyExpectedBeforeItsCommitIsReadFromTheStore() {
        FilteredStore reads = new FilteredStore(store, KeyFilter.withCapacity(0));
        WriteBatch batch = WriteBatch.create().put("pay/1", "pending");

        reads.expect(batch);
        assertThat(reads.get("pay/1")).isEmpty(); // not committed yet: read, and not there
        store.write(batch);                       // the committer's write

        assertThat(reads.get("pay/1")).contains("pending");
        assertThat(store.gets).isEqualTo(2);
    }

    @Test
    void writesThroughItAreReadBack() {
        FilteredStore reads = new FilteredStore(store, KeyFilter.withCapacity(0));
        reads.write(WriteBatch.create().put("a", "1").put("b", "2"));

        assertThat(reads.get("a")).contains("1");
        assertThat(reads.scan("")).containsOnlyKeys("a", "b");
    }

    @Test
    void expectTakesTheKeysABatchPutsAndNotTheOnesItDeletes() {
        FilteredStore reads = new FilteredStore(store, KeyFilter.withCapacity(0));
        reads.expect(WriteBatch.create().put("a", "1").delete("gone").put("", "empty key"));

        assertThat(reads.get("gone")).isEmpty();
        assertThat(store.gets).isZero();
        reads.get("a");
        reads.get("");
        assertThat(store.gets).isEqualTo(2);
        assertThat(reads.filterSize()).isEqualTo(2);
    }

    /**
     * Keys kept for a while and then deleted, as idempotency keys under a retention are: the
     * filter is built anew from the store as they go, in the background and while batches keep
     * coming, and at no moment rules out a key that is live, committed or still on its way.
     */
    @Test
    void deletedKeysAreForgottenByRebuildsThatNeverLoseALiveKey(@TempDir Path dir)
            throws Exception {
        int live = 100;
        int rounds = (int) (3 * KeyFilter.CAPACITY_MIN);
        try (SqliteStore db = SqliteStore.open(dir.resolve("node.db"));
             GroupCommitter<WriteBatch> committer =
                 GroupCommitter.create("node", db::writeAll, 4096, 512)) {
            db.write(WriteBatch.create().put("meta/epoch", "1"));
            FilteredStore reads = FilteredStore.over(db);
            CompletableFuture<Void> last = null;
            for (int i = 0; i < rounds; i++) {
                WriteBatch batch = WriteBatch.create().put("idem/" + i, "done");
                if (i >= live) {
                    batch.delete("idem/" + (i - live));
                }
                reads.expect(batch);
                last = committer.submit(batch);
                reads.rebuildIfDue(last);
                for (int k = Math.max(0, i - live + 1); k <= i; k++) {
                    if (!reads.mightContain("idem/" + k)) {
                        throw new AssertionError("idem/" + k + " ruled out after round " + i
                            + ", rebuilds so far " + reads.rebuildCount());
                    }
                }
                assertThat(reads.mightContain("meta/epoch")).isTrue();
            }
            last.get(10, TimeUnit.SECONDS);
            awaitNoRebuild(reads);

            // Without rebuilds the filter would hold every key ever written.
            assertThat(reads.rebuildCount()).isGreaterThanOrEqualTo(2);
            assertThat(reads.filterSize()).isLessThan(KeyFilter.CAPACITY_MIN + 2L * live);
            assertThat(reads.get("idem/" + (rounds - 1))).contains("done");
            assertThat(reads.get("meta/epoch")).contains("1");
        }
    }

    @Test
    void aRebuildThatCannotReadTheStoreKeepsTheFilterItHad(@TempDir Path dir) throws Exception {
        SqliteStore db = SqliteStore.open(dir.resolve("node.db"));
        db.write(WriteBatch.create().put("pay/1", "p"));
        FilteredStore reads = FilteredStore.over(db);
        WriteBatch deletes = WriteBatch.create();
        for (int i = 0; i < KeyFilter.CAPACITY_MIN; i++) {
            deletes.delete("idem/" + i);
        }
        reads.expect(deletes);

        // Its commit failed: no rebuild, and a later one may start.
        reads.rebuildIfDue(CompletableFuture.failedFuture(new StoreException("disk full")));
        assertThat(reads.rebuilding()).isFalse();
        // The store closed under it (the node's life ended) while it would read the keys.
        db.close();
        reads.rebuildIfDue(CompletableFuture.completedFuture(null));
        awaitNoRebuild(reads);

        assertThat(reads.rebuildCount()).isZero();
        assertThat(reads.mightContain("pay/1")).isTrue();
    }

    private static void awaitNoRebuild(FilteredStore reads) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (reads.rebuilding()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the rebuild did not finish within 10 s");
            }
            Thread.sleep(5);
        }
    }

    @Test
    void aBadKeyIsRefusedAsTheDatabaseStoreRefusesIt() {
        FilteredStore reads = new FilteredStore(store, KeyFilter.withCapacity(0));

        assertThatThrownBy(() -> reads.get("nul\0key"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("NUL");
    }
}
