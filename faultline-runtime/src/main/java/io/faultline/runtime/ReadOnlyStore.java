package io.faultline.runtime;

import io.faultline.sim.DurableStore;
import io.faultline.sim.WriteBatch;
import java.util.Optional;
import java.util.SortedMap;
import java.util.function.Supplier;

/**
 * A read-only window on a node's committed store, for checkers and drivers: each read asks
 * {@code source} for the store of the moment (it changes when the node restarts) under
 * {@code lock}, so that a restart cannot close the store during a read.
 */
final class ReadOnlyStore implements DurableStore {

    private final String owner;
    private final Object lock;
    private final Supplier<DurableStore> source;

    ReadOnlyStore(String owner, Object lock, Supplier<DurableStore> source) {
        this.owner = owner;
        this.lock = lock;
        this.source = source;
    }

    @Override
    public Optional<String> get(String key) {
        synchronized (lock) {
            return source.get().get(key);
        }
    }

    @Override
    public SortedMap<String, String> scan(String prefix) {
        synchronized (lock) {
            return source.get().scan(prefix);
        }
    }

    @Override
    public void write(WriteBatch batch) {
        throw new UnsupportedOperationException("the committed store of " + owner + " is"
            + " read-only here; a node writes through ctx.store()");
    }
}
