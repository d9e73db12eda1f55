package io.faultline.runtime.store;

import io.faultline.sim.DurableStore;
import io.faultline.sim.WriteBatch;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.CompletableFuture;

/**
 * A store read through a {@link KeyFilter} of its keys: a key that the filter rules out is
 * missing without a read of the database. Sound only while every key written to the store's
 * rows is {@link #expect expected} before its write can commit, which holds when one node's
 * storage is the only writer of its namespace, as for a life of a {@code NodeHost}.
 *
 * <pre>{@code
 * FilteredStore reads = FilteredStore.over(store);   // reads every key once, no values
 * reads.expect(batch);                                // then hand the batch to the committer
 * reads.rebuildIfDue(committer.submit(batch));
 * reads.get("idem/c1/new-key");                       // Optional.empty(), no query
 * }</pre>
 *
 * <h2>Deleted keys</h2>
 * A filter never forgets a key, so a store whose keys are deleted as fast as new ones come (kept
 * for a retention, or markers deleted once done) would grow its filter without end. Once the
 * deletes since the filter was built are as many as the keys it holds, a new one is built in the
 * background, once the batches expected so far have committed: from the store's keys, a page of
 * {@value #REBUILD_PAGE} at a time, plus every key expected meanwhile. It then replaces the old.
 * A rebuild that fails (the store closed, a commit failed) leaves the old filter in place.
 *
 * <p>Threading: {@link #expect} and {@link #rebuildIfDue} are called by one thread at a time, in
 * the order of the commits (a node's loop does); reads may come from any thread when
 * {@code store} allows it.
 */
public final class FilteredStore implements DurableStore {

    /** Keys per query of a rebuild: a read of the node waits at most for one such page. */
    static final int REBUILD_PAGE = 1_000;

    private final DurableStore store;
    /** Where a rebuild reads the keys from; null for a filter that is never rebuilt. */
    private final JdbcStore source;
    private volatile KeyFilter keys;
    /** The filter being built; every expected key goes into it too. Under this object's lock. */
    private KeyFilter next;
    /** Keys that took room in {@link #keys}, and deletes expected since it was built. */
    private long held;
    private long deletes;
    private long rebuildCount;

    /** Reads through {@code keys}, which must hold every key {@code store} holds; no rebuilds. */
    public FilteredStore(DurableStore store, KeyFilter keys) {
        this(store, keys, null);
    }

    private FilteredStore(DurableStore store, KeyFilter keys, JdbcStore source) {
        this.store = Objects.requireNonNull(store, "store");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.source = source;
        this.held = keys.size();
    }

    /** Reads {@code store} through a filter of the keys it holds now, rebuilt as keys go. */
    public static FilteredStore over(JdbcStore store) {
        return new FilteredStore(store, KeyFilter.of(store), store);
    }

    /** Records the keys {@code batch} puts, and counts its deletes: call it before it commits. */
    public synchronized void expect(WriteBatch batch) {
        Objects.requireNonNull(batch, "batch");
        for (WriteBatch.Write w : batch.writes()) {
            if (w.isDelete()) {
                deletes++;
                continue;
            }
            if (keys.add(w.key())) {
                held++;
            }
            if (next != null) {
                next.add(w.key());
            }
        }
    }

    /**
     * Starts a rebuild when one is due (see the class comment) and none is running. It reads the
     * store once {@code lastCommit} completes: the commit of the batch expected last, after which
     * every batch expected before it has committed, or failed.
     */
    public void rebuildIfDue(CompletableFuture<?> lastCommit) {
        KeyFilter fresh;
        synchronized (this) {
            long live = held - deletes;
            if (source == null || next != null
                    || deletes < Math.max(KeyFilter.CAPACITY_MIN, live)) {
                return;
            }
            fresh = KeyFilter.withCapacity(2 * Math.max(0, live));
            next = fresh;
        }
        lastCommit.whenComplete((ok, failed) -> {
            if (failed != null) {
                finishRebuild(fresh, false);
                return;
            }
            Thread reader = new Thread(() -> rebuild(fresh), "key-filter " + source.namespace());
            reader.setDaemon(true);
            reader.start();
        });
    }

    private void rebuild(KeyFilter fresh) {
        boolean read = false;
        try {
            source.forEachKey(REBUILD_PAGE, fresh::add);
            read = true;
        } catch (RuntimeException e) {
            // The store closed (the node's life ended) or failed: the old filter stays sound.
        } finally {
            finishRebuild(fresh, read);
        }
    }

    private synchronized void finishRebuild(KeyFilter fresh, boolean read) {
        if (next != fresh) {
            return;
        }
        next = null;
        if (read) {
            keys = fresh;
            held = fresh.size();
            deletes = 0;
            rebuildCount++;
        }
    }

    /** Whether a rebuild is under way. */
    synchronized boolean rebuilding() {
        return next != null;
    }

    /** Whether the filter in use might hold {@code key}. */
    boolean mightContain(String key) {
        return keys.mightContain(key);
    }

    /** How many rebuilds have replaced the filter. */
    public synchronized long rebuildCount() {
        return rebuildCount;
    }

    /** How many keys the filter in use holds room for: what it costs in memory. */
    public long filterSize() {
        return keys.size();
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
