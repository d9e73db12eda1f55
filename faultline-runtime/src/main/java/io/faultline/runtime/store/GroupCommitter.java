package io.faultline.runtime.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Group commit: takes the write batches of many handlers (of one node or of many), commits as many
 * as are waiting in one transaction, and only then completes each one's future. While one
 * transaction is being made durable the next handlers' batches queue up, so under load one fsync
 * serves many handlers and with a single handler the latency is one commit.
 *
 * <pre>{@code
 * GroupCommitter<WriteBatch> committer =
 *     GroupCommitter.create("server", store::writeAll, 1024, 256);
 * committer.submit(batch).thenRun(releaseOutput); // runs only once the batch is durable
 * }</pre>
 *
 * <p>Limits: at most {@code queueCapacity} items wait (a submitter blocks while the queue is full:
 * back pressure rather than unbounded memory), and at most {@code groupSizeMax} items share one
 * transaction.
 *
 * <p>Failure: when a shared transaction fails, each of its items is committed again on its own,
 * so one bad batch fails only its own future. Items of one {@link Sequence} (the batches of one
 * node's life) are the exception: a later one may rest on an earlier one's writes, so once an
 * item fails, no later item of its sequence is committed, in this transaction or any after it.
 *
 * <p>Threading: {@link #submit} may be called from any thread; commits run on the committer's one
 * thread, which also completes the futures (keep their continuations short).
 *
 * @param <T> what one submitter commits, e.g. a {@code WriteBatch}
 */
public final class GroupCommitter<T> implements AutoCloseable {

    private record Entry<T>(T item, BooleanSupplier live, Sequence sequence,
                            CompletableFuture<Void> done) {
    }

    /**
     * Items that commit in the order submitted, each of which may rest on the ones before it: the
     * batches of one life of a node, whose handlers read the writes still waiting for their
     * commit. Once one of them fails, every later one fails too, uncommitted. Make one per life.
     */
    public static final class Sequence {
        /** The failure that broke the sequence, or null while none of its items failed. */
        private volatile Throwable failure;
    }

    /** How long the idle thread waits before it looks at the running flag again. */
    private static final long POLL_MS = 1_000;
    private static final long CLOSE_WAIT_MS = 10_000;

    private final String name;
    private final Consumer<List<T>> commitAll;
    private final int groupSizeMax;
    private final BlockingQueue<Entry<T>> queue;
    private final ReentrantLock commitLock = new ReentrantLock();
    private final Thread thread;
    private volatile boolean running = true;
    /** Put in the queue by {@link #close()} to wake the idle thread at once; never committed. */
    private final Entry<T> wakeUp = new Entry<>(null, () -> false, null,
        new CompletableFuture<>());
    private long commitCount;
    private long itemCount;
    private long droppedCount;
    private int groupSizeMaxSeen;

    private GroupCommitter(String name, Consumer<List<T>> commitAll, int queueCapacity,
                           int groupSizeMax) {
        this.name = name;
        this.commitAll = commitAll;
        this.groupSizeMax = groupSizeMax;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.thread = new Thread(this::run, "group-commit-" + name);
        this.thread.setDaemon(true);
    }

    /**
     * Starts a committer.
     *
     * @param name names the committer's thread and its error messages
     * @param commitAll commits every item of the list in one transaction, all or nothing; throws
     *     when it did not commit
     * @param queueCapacity how many items may wait, 1..1,000,000
     * @param groupSizeMax how many items one transaction may carry, 1..queueCapacity
     */
    public static <T> GroupCommitter<T> create(String name, Consumer<List<T>> commitAll,
                                               int queueCapacity, int groupSizeMax) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(commitAll, "commitAll");
        if (queueCapacity < 1 || queueCapacity > 1_000_000) {
            throw new IllegalArgumentException("queueCapacity must be in 1..1000000, was "
                + queueCapacity);
        }
        if (groupSizeMax < 1 || groupSizeMax > queueCapacity) {
            throw new IllegalArgumentException("groupSizeMax must be in 1.." + queueCapacity
                + " (the queue capacity), was " + groupSizeMax);
        }
        GroupCommitter<T> c = new GroupCommitter<>(name, commitAll, queueCapacity, groupSizeMax);
        c.thread.start();
        return c;
    }

    /** Submits {@code item}; the future completes once it is committed, or fails. */
    public CompletableFuture<Void> submit(T item) {
        return submit(item, () -> true);
    }

    /**
     * Submits {@code item}, to be dropped instead of committed if {@code live} is false when its
     * transaction starts (its node crashed meanwhile). Blocks while the queue is full.
     *
     * @return completes after the commit; fails with the commit's error, or with a
     *     {@link CancellationException} when the item was dropped
     */
    public CompletableFuture<Void> submit(T item, BooleanSupplier live) {
        return submit(item, live, null);
    }

    /**
     * Like {@link #submit(Object, BooleanSupplier)}, for an item of {@code sequence}: it is not
     * committed when an earlier item of the sequence failed (its future then fails with an
     * {@link IllegalStateException} caused by that failure).
     *
     * @param sequence the items this one may rest on, or null when it rests on none
     */
    public CompletableFuture<Void> submit(T item, BooleanSupplier live, Sequence sequence) {
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(live, "live");
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!running) {
            done.completeExceptionally(new IllegalStateException("group committer " + name
                + " is closed"));
            return done;
        }
        try {
            queue.put(new Entry<>(item, live, sequence, done));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            done.completeExceptionally(e);
        }
        return done;
    }

    /**
     * Waits until the transaction in progress, if any, has finished. Items whose {@code live}
     * turned false before this call are then never committed: a restarted node calls this before
     * it reads its store, so no write of its previous life lands after it looked.
     */
    public void awaitIdle() {
        commitLock.lock();
        commitLock.unlock();
    }

    private void run() {
        List<Entry<T>> group = new ArrayList<>(groupSizeMax);
        while (running || !queue.isEmpty()) {
            try {
                Entry<T> first = queue.poll(POLL_MS, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                queue.drainTo(group, groupSizeMax - 1);
                group.removeIf(e -> e == wakeUp);
                if (!group.isEmpty()) {
                    commitGroup(group);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failAll(group, e);
                return;
            } catch (RuntimeException | Error e) {
                // A bug in a continuation must not stop every later commit.
                failAll(group, e);
            } finally {
                group.clear();
            }
        }
    }

    private void commitGroup(List<Entry<T>> group) {
        List<Entry<T>> live = new ArrayList<>(group.size());
        List<Entry<T>> dropped = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>(group.size());
        commitLock.lock();
        try {
            for (Entry<T> e : group) {
                (e.live().getAsBoolean() ? live : dropped).add(e);
            }
            if (!live.isEmpty()) {
                commitOrSplit(live, failures);
            }
        } finally {
            commitLock.unlock();
        }
        recordDropped(dropped.size());
        // Futures complete outside the lock, so a continuation never delays the next commit's
        // start or a restart's awaitIdle.
        for (Entry<T> e : dropped) {
            e.done().completeExceptionally(new CancellationException(
                "dropped before its commit: its submitter is gone (node crashed)"));
        }
        for (int i = 0; i < live.size(); i++) {
            Throwable failure = failures.get(i);
            if (failure == null) {
                live.get(i).done().complete(null);
            } else {
                live.get(i).done().completeExceptionally(failure);
            }
        }
    }

    private void commitOrSplit(List<Entry<T>> live, List<Throwable> failures) {
        List<T> items = new ArrayList<>(live.size());
        for (Entry<T> e : live) {
            items.add(e.item());
        }
        // An item behind a failed one of its sequence (in an earlier group) never reaches the
        // database; without any such item the group commits whole, as usual.
        boolean blocked = live.stream().anyMatch(e -> brokenBy(e) != null);
        if (!blocked) {
            try {
                commitAll.accept(items);
                record(1, live.size());
                for (int i = 0; i < live.size(); i++) {
                    failures.add(null);
                }
                return;
            } catch (RuntimeException e) {
                if (live.size() == 1) {
                    failures.add(e);
                    breakSequence(live.get(0), e);
                    return;
                }
            }
        }
        for (Entry<T> e : live) {
            Throwable broken = brokenBy(e);
            if (broken != null) {
                failures.add(new IllegalStateException("not committed: an earlier item of its"
                    + " sequence, which it may rest on, failed: " + broken.getMessage(), broken));
                continue;
            }
            try {
                commitAll.accept(List.of(e.item()));
                record(1, 1);
                failures.add(null);
            } catch (RuntimeException ex) {
                failures.add(ex);
                breakSequence(e, ex);
            }
        }
    }

    /** The failure that broke the sequence of {@code e}, or null. */
    private static Throwable brokenBy(Entry<?> e) {
        return e.sequence() == null ? null : e.sequence().failure;
    }

    private static void breakSequence(Entry<?> e, Throwable failure) {
        if (e.sequence() != null && e.sequence().failure == null) {
            e.sequence().failure = failure;
        }
    }

    private synchronized void record(int commits, int items) {
        commitCount += commits;
        itemCount += items;
        groupSizeMaxSeen = Math.max(groupSizeMaxSeen, items);
    }

    private synchronized void recordDropped(int items) {
        droppedCount += items;
    }

    private void failAll(List<Entry<T>> group, Throwable cause) {
        for (Entry<T> e : group) {
            e.done().completeExceptionally(cause);
        }
    }

    /** How many transactions have committed. */
    public synchronized long commitCount() {
        return commitCount;
    }

    /** How many items those transactions carried. */
    public synchronized long itemCount() {
        return itemCount;
    }

    /** How many items were dropped uncommitted because their submitter was gone. */
    public synchronized long droppedCount() {
        return droppedCount;
    }

    /** The most items one transaction has carried. */
    public synchronized int groupSizeMaxSeen() {
        return groupSizeMaxSeen;
    }

    /** Commits what is queued, then stops the committer's thread. */
    @Override
    public void close() {
        running = false;
        // Best effort: when the queue is full the thread is busy and sees the flag anyway.
        queue.offer(wakeUp);
        try {
            thread.join(CLOSE_WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Entry<T>> left = new ArrayList<>();
        queue.drainTo(left);
        left.removeIf(e -> e == wakeUp);
        failAll(left, new IllegalStateException("group committer " + name + " closed"));
    }
}
