package io.faultline.sim;

import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The in-memory {@link DurableStore}: what the simulator gives each node. "Durable" here means it
 * belongs to the engine rather than the node object, so it survives a crash in the crash-recovery
 * model. Not thread-safe; the simulator is single-threaded.
 */
public final class MemoryStore implements DurableStore {

    private final TreeMap<String, String> data = new TreeMap<>();
    private long writeCount;

    @Override
    public Optional<String> get(String key) {
        Objects.requireNonNull(key, "key");
        return Optional.ofNullable(data.get(key));
    }

    @Override
    public SortedMap<String, String> scan(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        // Walk from the prefix and stop at the first key without it: an upper bound such as
        // prefix + '\uFFFF' would miss keys that continue with '\uFFFF'.
        TreeMap<String, String> out = new TreeMap<>();
        for (var e : data.tailMap(prefix).entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                break;
            }
            out.put(e.getKey(), e.getValue());
        }
        return Collections.unmodifiableSortedMap(out);
    }

    @Override
    public void write(WriteBatch batch) {
        Objects.requireNonNull(batch, "batch");
        for (WriteBatch.Write w : batch.writes()) {
            if (w.isDelete()) {
                data.remove(w.key());
            } else {
                data.put(w.key(), w.value());
            }
        }
        writeCount++;
    }

    /** How many atomic writes (batches) have been applied. */
    public long writeCount() {
        return writeCount;
    }

    /** A copy of the whole contents, in key order. */
    public SortedMap<String, String> snapshot() {
        return Collections.unmodifiableSortedMap(new TreeMap<>(data));
    }

    /** Forgets everything: what a crash-stop disk loss or a fresh node looks like. */
    public void clear() {
        data.clear();
    }
}
