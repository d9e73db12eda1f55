package io.faultline.bank.app;

import io.faultline.sim.DurableStore;
import io.faultline.sim.WriteBatch;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A store that buffers writes in memory on top of another store until they are committed
 * together: what group commit needs. The handlers of one group read their own and each other's
 * writes here; nobody else sees them until {@link #takeBatches()} has been committed to the base
 * and {@link #clear()} called. Not thread-safe: one host thread uses it.
 */
final class OverlayStore implements DurableStore {

    private final DurableStore base;
    /** Pending writes by key; an empty value is a pending delete. */
    private final TreeMap<String, Optional<String>> pending = new TreeMap<>();
    private final List<WriteBatch> batches = new ArrayList<>();

    OverlayStore(DurableStore base) {
        this.base = Objects.requireNonNull(base, "base");
    }

    @Override
    public Optional<String> get(String key) {
        Optional<String> p = pending.get(key);
        return p != null ? p : base.get(key);
    }

    @Override
    public SortedMap<String, String> scan(String prefix) {
        TreeMap<String, String> out = new TreeMap<>(base.scan(prefix));
        SortedMap<String, Optional<String>> mine = prefix.isEmpty() ? pending
            : pending.subMap(prefix, prefix + Character.MAX_VALUE);
        for (Map.Entry<String, Optional<String>> e : mine.entrySet()) {
            if (e.getValue().isPresent()) {
                out.put(e.getKey(), e.getValue().get());
            } else {
                out.remove(e.getKey());
            }
        }
        return Collections.unmodifiableSortedMap(out);
    }

    @Override
    public void write(WriteBatch batch) {
        batches.add(Objects.requireNonNull(batch, "batch"));
        for (WriteBatch.Write w : batch.writes()) {
            pending.put(w.key(), Optional.ofNullable(w.value()));
        }
    }

    /** The batches written since the last {@link #clear()}, in order, to commit together. */
    List<WriteBatch> takeBatches() {
        return List.copyOf(batches);
    }

    /** Forgets the pending writes: after they were committed, or when their commit failed. */
    void clear() {
        pending.clear();
        batches.clear();
    }
}
