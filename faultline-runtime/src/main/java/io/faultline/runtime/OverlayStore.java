package io.faultline.runtime;

import io.faultline.sim.DurableStore;
import io.faultline.sim.WriteBatch;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What one handler sees as its store: the committed data, under the writes of earlier handlers
 * that are still waiting for their commit (oldest first), under this handler's own writes. Writes
 * stay here until the handler returns; then the host commits them as one batch.
 *
 * <p>Used by one event-loop thread only.
 */
final class OverlayStore implements DurableStore {

    private final DurableStore committed;
    private final List<SortedMap<String, Optional<String>>> pending;
    private final TreeMap<String, Optional<String>> own = new TreeMap<>();

    OverlayStore(DurableStore committed, List<SortedMap<String, Optional<String>>> pending) {
        this.committed = committed;
        this.pending = pending;
    }

    @Override
    public Optional<String> get(String key) {
        Objects.requireNonNull(key, "key");
        Optional<String> mine = own.get(key);
        if (mine != null) {
            return mine;
        }
        for (int i = pending.size() - 1; i >= 0; i--) {
            Optional<String> theirs = pending.get(i).get(key);
            if (theirs != null) {
                return theirs;
            }
        }
        return committed.get(key);
    }

    @Override
    public SortedMap<String, String> scan(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        TreeMap<String, String> out = new TreeMap<>(committed.scan(prefix));
        for (SortedMap<String, Optional<String>> layer : pending) {
            apply(layer, prefix, out);
        }
        apply(own, prefix, out);
        return Collections.unmodifiableSortedMap(out);
    }

    private static void apply(SortedMap<String, Optional<String>> layer, String prefix,
                              TreeMap<String, String> out) {
        for (Map.Entry<String, Optional<String>> e : layer.tailMap(prefix).entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                break;
            }
            if (e.getValue().isPresent()) {
                out.put(e.getKey(), e.getValue().get());
            } else {
                out.remove(e.getKey());
            }
        }
    }

    @Override
    public void write(WriteBatch batch) {
        Objects.requireNonNull(batch, "batch");
        for (WriteBatch.Write w : batch.writes()) {
            own.put(w.key(), Optional.ofNullable(w.value()));
        }
    }

    /** This handler's writes, last value per key. */
    SortedMap<String, Optional<String>> ownWrites() {
        return Collections.unmodifiableSortedMap(own);
    }

    /** This handler's writes as the batch to commit. */
    WriteBatch toBatch() {
        WriteBatch batch = WriteBatch.create();
        for (Map.Entry<String, Optional<String>> e : own.entrySet()) {
            if (e.getValue().isPresent()) {
                batch.put(e.getKey(), e.getValue().get());
            } else {
                batch.delete(e.getKey());
            }
        }
        return batch;
    }
}
