package io.faultline.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.sim.WriteBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The parts of the contract that only a database can break: a write refused in the middle of a
 * transaction, text the database cannot store, and many batches in one transaction.
 */
abstract class JdbcStoreContract extends DurableStoreContract {

    @Override
    protected abstract JdbcStore store();

    /** Makes the database itself refuse any insert of {@code key} into this store (a trigger). */
    protected abstract void refuseWritesOf(String key);

    /** Opens another store of the same namespace, leaving {@link #store()} open. */
    protected abstract JdbcStore openAnother();

    @Test
    void aNamespaceHasOneClaimantAtATime() {
        store().put("k", "v");
        store().claimNamespace();
        store().claimNamespace(); // its own claim again

        try (JdbcStore other = openAnother()) {
            assertThatThrownBy(other::claimNamespace)
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("is in use")
                .hasMessageContaining("one node per namespace");
            assertThat(other.get("k")).contains("v"); // readers need no claim
        }

        reopen(); // closing the claimant ends its claim
        try (JdbcStore other = openAnother()) {
            other.claimNamespace();
        }
    }

    @Test
    void batchIsAllOrNothingWhenTheDatabaseRefusesAWriteInTheMiddle() {
        store().put("a", "before");
        refuseWritesOf("m-poison");
        // Keys apply in order, so "a" and "b" are written before the refused one and must be
        // rolled back with it.
        WriteBatch batch = WriteBatch.create().put("a", "after").put("b", "1").put("m-poison", "x")
            .put("z", "2").delete("a");

        assertThatThrownBy(() -> store().write(batch))
            .isInstanceOf(StoreException.class)
            .hasMessageContaining("rolled back");

        assertThat(store().scan("")).containsExactly(Map.entry("a", "before"));
        store().put("c", "3");
        assertThat(reopen().scan("")).containsOnlyKeys("a", "c");
    }

    @Test
    void rejectsUnstorableTextBeforeWritingAnything() {
        store().put("k", "v");
        assertThatThrownBy(() -> store().write(WriteBatch.create().put("x", "1")
            .put("y", "nul\0inside")))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("value of y")
            .hasMessageContaining("NUL");
        assertThatThrownBy(() -> store().put("half\uD83D", "v"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("unpaired surrogate at index 4");
        assertThatThrownBy(() -> store().get("\uDE00"))
            .isInstanceOf(IllegalArgumentException.class);
        assertThat(store().scan("")).containsExactly(Map.entry("k", "v"));
    }

    @Test
    void writeAllCommitsManyBatchesInOneTransaction() {
        long transactions = store().transactionCount();
        long batches = store().batchCount();

        store().writeAll(List.of(WriteBatch.create().put("a", "1"),
            WriteBatch.create().put("b", "2").delete("a"), WriteBatch.create().put("a", "3")));

        assertThat(store().transactionCount() - transactions).isEqualTo(1);
        assertThat(store().batchCount() - batches).isEqualTo(3);
        assertThat(reopen().scan("")).containsExactly(Map.entry("a", "3"), Map.entry("b", "2"));
    }

    @Test
    void writeAllIsAllOrNothingAcrossBatches() {
        refuseWritesOf("poison");
        assertThatThrownBy(() -> store().writeAll(List.of(WriteBatch.create().put("a", "1"),
            WriteBatch.create().put("poison", "2"))))
            .isInstanceOf(StoreException.class);
        assertThat(store().scan("")).isEmpty();
    }

    @Test
    void forEachKeyReadsEveryKeyOnceAcrossPages() {
        List<String> keys = List.of("", "a", "a/1", "a/2", "b", "caf\u00e9", "z", "\uD83D\uDE00",
            "pay/1", "pay/10");
        WriteBatch batch = WriteBatch.create();
        keys.forEach(k -> batch.put(k, "v"));
        store().write(batch);
        store().delete("z");

        List<String> seen = new ArrayList<>();
        store().forEachKey(3, seen::add);

        List<String> expected = new ArrayList<>(keys);
        expected.remove("z");
        assertThat(seen).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(store().keyCount()).isEqualTo(expected.size());
        List<String> again = new ArrayList<>();
        store().forEachKey(again::add); // one page
        assertThat(again).isEqualTo(seen);
    }

    @Test
    void aFilterOfTheStoreKnowsEveryKeyItHolds() {
        WriteBatch batch = WriteBatch.create();
        for (int i = 0; i < 1_000; i++) {
            batch.put("idem/c/" + i, "v");
        }
        store().write(batch);

        FilteredStore reads = FilteredStore.over(store());

        for (int i = 0; i < 1_000; i++) {
            assertThat(reads.get("idem/c/" + i)).contains("v");
        }
        assertThat(reads.get("idem/c/new")).isEmpty();
    }
}
