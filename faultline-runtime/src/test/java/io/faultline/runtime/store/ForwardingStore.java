package io.faultline.runtime.store;

import io.faultline.sim.DurableStore;
import io.faultline.sim.MemoryStore;
import io.faultline.sim.WriteBatch;
import java.util.Optional;
import java.util.SortedMap;

/** A memory store behind a wrapper whose methods a test overrides to count or to fail. */
public class ForwardingStore implements DurableStore {

    /** The store every call reaches unless a test's override stops it. */
    public final MemoryStore inner = new MemoryStore();

    @Override
    public Optional<String> get(String key) {
        return inner.get(key);
    }

    @Override
    public SortedMap<String, String> scan(String prefix) {
        return inner.scan(prefix);
    }

    @Override
    public void write(WriteBatch batch) {
        inner.write(batch);
    }
}
