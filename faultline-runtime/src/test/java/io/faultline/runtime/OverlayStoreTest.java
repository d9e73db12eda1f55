package io.faultline.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.sim.MemoryStore;
import io.faultline.sim.WriteBatch;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** A handler's view: committed data, under earlier uncommitted writes, under its own writes. */
class OverlayStoreTest {

    private static SortedMap<String, Optional<String>> layer(Object... keyValues) {
        TreeMap<String, Optional<String>> m = new TreeMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], Optional.ofNullable((String) keyValues[i + 1]));
        }
        return m;
    }

    @Test
    void readsItsOwnWritesThenWaitingWritesNewestFirstThenCommittedData() {
        MemoryStore committed = new MemoryStore();
        committed.write(WriteBatch.create().put("a", "c").put("b", "c").put("d", "c")
            .put("e", "c"));
        OverlayStore view = new OverlayStore(committed, List.of(
            layer("a", "p1", "b", null, "f", "p1"),
            layer("a", "p2")));

        view.write(WriteBatch.create().put("d", "own").delete("e").put("g", "own"));

        assertThat(view.get("a")).contains("p2");
        assertThat(view.get("b")).as("deleted by a waiting write").isEmpty();
        assertThat(view.get("d")).contains("own");
        assertThat(view.get("e")).as("deleted by the handler").isEmpty();
        assertThat(view.get("f")).contains("p1");
        assertThat(view.scan("")).containsExactly(Map.entry("a", "p2"), Map.entry("d", "own"),
            Map.entry("f", "p1"), Map.entry("g", "own"));
        assertThat(committed.snapshot()).as("nothing reaches the store before the commit")
            .containsOnlyKeys("a", "b", "d", "e");
    }

    @Test
    void itsBatchHoldsTheLastWriteOfEachKey() {
        OverlayStore view = new OverlayStore(new MemoryStore(), List.of());
        view.write(WriteBatch.create().put("k", "1").put("k", "2").put("x", "1"));
        view.write(WriteBatch.create().delete("x"));

        assertThat(view.toBatch().writes()).containsExactly(new WriteBatch.Write("k", "2"),
            new WriteBatch.Write("x", null));
    }

    @Test
    void scanKeepsToThePrefix() {
        MemoryStore committed = new MemoryStore();
        committed.write(WriteBatch.create().put("p/1", "c").put("q/1", "c"));
        OverlayStore view = new OverlayStore(committed, List.of(layer("p/2", "w", "pz", "w")));
        view.put("p/3", "own");
        view.put("q/2", "own");
        assertThat(view.scan("p/").keySet()).containsExactly("p/1", "p/2", "p/3");
    }
}
