package io.faultline.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.sim.DurableStore;
import io.faultline.sim.WriteBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link DurableStore}, run against every implementation: each subclass says how
 * to open a store and how to close and reopen the same one.
 */
abstract class DurableStoreContract {

    /** The store under test; the same one until {@link #reopen()}. */
    protected abstract DurableStore store();

    /** Closes the store and opens the same durable data again, as a restarted node would. */
    protected abstract DurableStore reopen();

    @Test
    void getOfMissingKeyIsEmpty() {
        assertThat(store().get("nothing")).isEmpty();
    }

    @Test
    void putThenGetReturnsTheLastValue() {
        store().put("k", "v1");
        store().put("k", "v2");
        assertThat(store().get("k")).contains("v2");
    }

    @Test
    void deleteRemovesAKeyAndDeletingAMissingKeyDoesNothing() {
        store().put("k", "v");
        store().delete("k");
        store().delete("never-there");
        assertThat(store().get("k")).isEmpty();
        assertThat(store().scan("")).isEmpty();
    }

    @Test
    void scanReturnsExactlyTheKeysWithThePrefixInKeyOrder() {
        List<String> inside = List.of("a/", "a/b", "a/b/c", "a/é", "a/\uD83D\uDE00", "a/\uFFFD",
            "a/\uFFFF", "a/\uFFFFz");
        List<String> outside = List.of("a", "a0", "a.", "b/a", "", "A/b", "\uD83D\uDE00");
        List<String> all = new ArrayList<>(inside);
        all.addAll(outside);
        WriteBatch batch = WriteBatch.create();
        for (String k : all) {
            batch.put(k, "value of " + k);
        }
        store().write(batch);

        var scanned = store().scan("a/");

        assertThat(new ArrayList<>(scanned.keySet()))
            .containsExactlyElementsOf(new TreeSet<>(inside));
        assertThat(scanned.get("a/b")).isEqualTo("value of a/b");
        assertThat(store().scan("").keySet()).containsExactlyElementsOf(new TreeSet<>(all));
        assertThat(store().scan("a/\uFFFF").keySet()).containsExactly("a/\uFFFF", "a/\uFFFFz");
        assertThat(store().scan("zzz")).isEmpty();
    }

    @Test
    void batchAppliesItsWritesInOrder() {
        store().put("gone", "x");
        store().write(WriteBatch.create()
            .put("a", "1")
            .put("b", "1")
            .delete("b")
            .delete("c")
            .put("c", "3")
            .put("a", "2")
            .delete("gone"));
        assertThat(store().scan("")).containsExactly(
            java.util.Map.entry("a", "2"), java.util.Map.entry("c", "3"));
    }

    @Test
    void emptyBatchChangesNothing() {
        store().put("k", "v");
        store().write(WriteBatch.create());
        assertThat(store().scan("")).containsOnlyKeys("k");
    }

    @Test
    void committedWritesSurviveCloseAndReopen() {
        store().write(WriteBatch.create().put("x", "1").put("y", "2"));
        store().put("z", "3");
        store().delete("y");

        DurableStore again = reopen();

        assertThat(again.get("x")).contains("1");
        assertThat(again.get("y")).isEmpty();
        assertThat(again.get("z")).contains("3");
    }

    @Test
    void rejectsNullKeyAndChangesNothing() {
        store().put("k", "v");
        assertThatThrownBy(() -> store().get(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> store().scan(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> store().write(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> store().put(null, "v")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> store().put("k", null)).isInstanceOf(NullPointerException.class);
        assertThat(store().scan("")).containsExactly(java.util.Map.entry("k", "v"));
        assertThat(store().get("k")).isEqualTo(Optional.of("v"));
    }

    @Test
    void keepsLongAndUnusualTextExactly() {
        String value = "line1\nline2\t\"quoted\" 'single' \\ é ✓ \uD83D\uDE00 "
            + "x".repeat(100_000);
        store().put("k", value);
        store().put("empty", "");
        assertThat(reopen().get("k")).contains(value);
        assertThat(store().get("empty")).contains("");
    }
}
