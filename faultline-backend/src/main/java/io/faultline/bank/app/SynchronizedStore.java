package io.faultline.bank.app;

import io.faultline.sim.DurableStore;
import io.faultline.sim.WriteBatch;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;

/**
 * Makes any {@link DurableStore} safe to share between threads by running one call at a time:
 * the read model is written by the filling part and read by the response part at once. A batch
 * stays atomic to readers because no read runs while it is applied. Thread-safe.
 */
public final class SynchronizedStore implements DurableStore {

    private final DurableStore inner;

    public SynchronizedStore(DurableStore inner) {
        this.inner = Objects.requireNonNull(inner, "inner");
    }

    @Override
    public synchronized Optional<String> get(String key) {
        return inner.get(key);
    }

    @Override
    public synchronized SortedMap<String, String> scan(String prefix) {
        return inner.scan(prefix);
    }

    @Override
    public synchronized void write(WriteBatch batch) {
        inner.write(batch);
    }
}
