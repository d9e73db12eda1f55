package io.faultline.runtime.store;

import io.faultline.sim.DurableStore;
import io.faultline.sim.WriteBatch;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;

/**
 * A store read through a {@link KeyFilter} of its keys: a key that the filter rules out is
 * missing without a read of the database. Sound only while every key written to the store's
 * rows is {@link #expect expected} before its write can commit, which holds when one node's
 * storage is the only writer of its namespace, as for a life of a {@code NodeHost}.
 *
 * <pre>{@code
 * FilteredStore reads = FilteredStore.over(store);   // reads every key once, no values
 * reads.expect(batch);                                // then hand the batch to the committer
 * reads.get("idem/c1/new-key");                       // Optional.empty(), no query
 * }</pre>
 *
 * <p>Thread-safe when {@code store} is.
 */
public final class FilteredStore implements DurableStore {

    private final DurableStore store;
    private final KeyFilter keys;

    /** Reads through {@code keys}, which must hold every key {@code store} holds. */
    public FilteredStore(DurableStore store, KeyFilter keys) {
        this.store = Objects.requireNonNull(store, "store");
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    /** Reads {@code store} through a filter of the keys it holds now. */
    public static FilteredStore over(JdbcStore store) {
        return new FilteredStore(store, KeyFilter.of(store));
    }

    /** Records the keys {@code batch} puts: call it before the batch may commit. */
    public void expect(WriteBatch batch) {
        keys.addAll(Objects.requireNonNull(batch, "batch"));
    }

    @Override
    public Optional<String> get(String key) {
        JdbcStore.checkText("key", key); // the same answer to a bad key with or without a read
        return keys.mightContain(key) ? store.get(key) : Optional.empty();
    }

    @Override
    public SortedMap<String, String> scan(String prefix) {
        return store.scan(prefix);
    }

    @Override
    public void write(WriteBatch batch) {
        expect(batch);
        store.write(batch);
    }
}
