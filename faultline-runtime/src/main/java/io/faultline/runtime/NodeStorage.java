package io.faultline.runtime;

import io.faultline.runtime.store.FilteredStore;
import io.faultline.runtime.store.GroupCommitter;
import io.faultline.runtime.store.JdbcStore;
import io.faultline.runtime.store.NamespacedBatch;
import io.faultline.runtime.store.SharedDatabase;
import io.faultline.sim.DurableStore;
import io.faultline.sim.WriteBatch;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The durable state of one node as a {@link NodeHost} uses it: committed data to read, and a way
 * to commit a handler's writes that says when they are durable. A host opens one for each life
 * of its node and closes it before the next life opens a new one.
 */
public interface NodeStorage extends AutoCloseable {

    /** The committed state; reads only (writes go through {@link #commit}). */
    DurableStore committed();

    /**
     * Commits {@code batch} atomically. The future completes once the batch is durable, fails when
     * it was not committed, and fails with a {@code CancellationException} when {@code live}
     * turned false before the commit started (the node crashed).
     *
     * <p>Batches commit in the order given, and once one fails no later one is committed: the
     * host lets a handler read the writes of earlier handlers still waiting for their commit, so
     * a later batch may rest on the failed one.
     */
    CompletableFuture<Void> commit(WriteBatch batch, BooleanSupplier live);

    /**
     * How many transactions this storage has committed and how many handler batches they
     * carried; more batches than transactions is group commit at work. Zero when unknown.
     *
     * @param transactions commits made
     * @param batches handler batches those commits carried
     */
    record CommitStats(long transactions, long batches) {
        /** No commits, or none that this storage can count. */
        public static final CommitStats NONE = new CommitStats(0, 0);

        /** The sum of two counts. */
        public CommitStats plus(CommitStats other) {
            return new CommitStats(transactions + other.transactions, batches + other.batches);
        }
    }

    /** This storage's commits so far (see {@link CommitStats}). */
    default CommitStats stats() {
        return CommitStats.NONE;
    }

    /**
     * Finishes any commit in progress, drops what is still queued for a dead life, and releases
     * the resources. A host calls it before a restarted node reads the same data.
     */
    @Override
    void close();

    /**
     * Group-committed storage over a database store: the batches of the node's handlers are
     * committed together by {@code committer}, which this storage owns along with {@code store}.
     *
     * <p>The node is the only writer of the store's rows while the storage is open: it
     * {@link JdbcStore#claimNamespace claims} them, and opening fails while another holds them.
     * Reads go through a {@link FilteredStore}, which reads every key once on opening and then
     * answers a lookup of a key that does not exist (a new idempotency key, say) without a query.
     * Once as many keys were deleted as it holds, it is built anew in the background.
     */
    static NodeStorage groupCommitted(JdbcStore store, GroupCommitter<WriteBatch> committer) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(committer, "committer");
        GroupCommitter.Sequence life = new GroupCommitter.Sequence();
        Runnable close = () -> {
            committer.close();
            store.close();
        };
        FilteredStore reads = claimAndFilter(store, close);
        return new Simple(reads, (batch, live) -> {
            reads.expect(batch);
            CompletableFuture<Void> done = committer.submit(batch, live, life);
            reads.rebuildIfDue(done);
            return done;
        }, close, () -> new CommitStats(store.transactionCount(), store.batchCount()));
    }

    /**
     * Storage whose commits share one committer, and so one transaction, with the other nodes of
     * the same {@link SharedDatabase}: group commit across nodes. {@code store} is this node's
     * store in that database. Closing the storage waits for the commit in progress and closes
     * {@code store}; the committer and the database belong to the caller. The node claims its
     * namespace and reads through a filter, as for
     * {@link #groupCommitted(JdbcStore, GroupCommitter)}.
     */
    static NodeStorage groupCommittedAcross(JdbcStore store,
            GroupCommitter<NamespacedBatch> committer) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(committer, "committer");
        GroupCommitter.Sequence life = new GroupCommitter.Sequence();
        FilteredStore reads = claimAndFilter(store, store::close);
        return new Simple(reads, (batch, live) -> {
            reads.expect(batch);
            CompletableFuture<Void> done =
                committer.submit(new NamespacedBatch(store.namespace(), batch), live, life);
            reads.rebuildIfDue(done);
            return done;
        }, () -> {
            committer.awaitIdle();
            store.close();
        }, () -> CommitStats.NONE); // shared commits belong to no single node
    }

    /**
     * Claims {@code store}'s namespace and reads it through a filter of its keys; runs
     * {@code close} if either fails.
     */
    private static FilteredStore claimAndFilter(JdbcStore store, Runnable close) {
        try {
            store.claimNamespace();
            return FilteredStore.over(store);
        } catch (RuntimeException e) {
            try {
                close.run();
            } catch (RuntimeException c) {
                e.addSuppressed(c);
            }
            throw e;
        }
    }

    /**
     * Group-committed storage with default limits: at most 4,096 batches waiting and 512 per
     * transaction.
     */
    static NodeStorage groupCommitted(JdbcStore store) {
        return groupCommitted(store, GroupCommitter.create(store.toString(), store::writeAll,
            4096, 512));
    }

    /**
     * Storage that commits each batch at once on the caller's thread, for stores with no disk
     * behind them, such as a {@code MemoryStore} kept across restarts by a test.
     */
    static NodeStorage immediate(DurableStore store) {
        Objects.requireNonNull(store, "store");
        // Nothing is queued and nothing is held: the store belongs to whoever made it.
        AtomicReference<RuntimeException> broken = new AtomicReference<>();
        return new Simple(store, (batch, live) -> {
            if (!live.getAsBoolean()) {
                return CompletableFuture.failedFuture(
                    new CancellationException("dropped: the node crashed before the commit"));
            }
            if (broken.get() != null) {
                return CompletableFuture.failedFuture(new IllegalStateException("not committed:"
                    + " an earlier batch, which it may rest on, failed: "
                    + broken.get().getMessage(), broken.get()));
            }
            try {
                store.write(batch);
                return CompletableFuture.completedFuture(null);
            } catch (RuntimeException e) {
                broken.compareAndSet(null, e);
                return CompletableFuture.failedFuture(e);
            }
        }, () -> { }, () -> CommitStats.NONE);
    }

    /** A storage made of its three parts. */
    record Simple(DurableStore committed,
                  BiFunction<WriteBatch, BooleanSupplier, CompletableFuture<Void>> committer,
                  Runnable closer, Supplier<CommitStats> counter) implements NodeStorage {

        @Override
        public CommitStats stats() {
            return counter.get();
        }

        @Override
        public CompletableFuture<Void> commit(WriteBatch batch, BooleanSupplier live) {
            return committer.apply(batch, live);
        }

        @Override
        public void close() {
            closer.run();
        }
    }
}
