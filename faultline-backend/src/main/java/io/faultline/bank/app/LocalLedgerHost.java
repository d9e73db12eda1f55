package io.faultline.bank.app;

import io.faultline.bank.Ledger;
import io.faultline.bank.LedgerMessages.Reply;
import io.faultline.bank.LedgerMessages.Request;
import io.faultline.runtime.store.JdbcStore;
import io.faultline.sim.Address;
import io.faultline.sim.Context;
import io.faultline.sim.DurableStore;
import io.faultline.sim.History;
import io.faultline.sim.HistoryRecorder;
import io.faultline.sim.Message;
import io.faultline.sim.Rng;
import io.faultline.sim.Timer;
import io.faultline.sim.TimerId;
import io.faultline.sim.WriteBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * Runs one {@link Ledger} in this JVM on a single thread over a {@link DurableStore}, behind a
 * bounded queue, with group commit: the thread takes every waiting request (up to
 * {@link #GROUP_MAX}), handles them one by one in arrival order over an in-memory overlay of the
 * store, commits all their writes in one transaction (one fsync for the group on SQLite) and only
 * then releases their replies. A failed commit fails every request of the group, and nothing of
 * it is visible.
 *
 * <p>This is the small engine the bank's adapters need until the runtime's {@code NodeHost} is
 * available; both are reached through {@link LedgerGateway}. Thread-safe.
 */
public final class LocalLedgerHost implements LedgerGateway, AutoCloseable {

    /** The most requests committed together. */
    public static final int GROUP_MAX = 512;
    private static final Address SELF = Address.of("ledger");
    private static final Address CALLER = Address.of("adapter");

    private record Pending(Request request, CompletableFuture<Reply> reply) {
    }

    private final Ledger ledger;
    private final HostContext ctx;
    private final OverlayStore overlay;
    private final Consumer<List<WriteBatch>> commitAll;
    private final ArrayBlockingQueue<Pending> queue;
    private final Thread thread;
    private final AtomicLong groups = new AtomicLong();
    private volatile boolean running = true;

    /**
     * @param queueMax the most requests that may wait; more are refused at once
     */
    public LocalLedgerHost(Ledger ledger, DurableStore store, long seed, int queueMax) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        Objects.requireNonNull(store, "store");
        if (queueMax < 1 || queueMax > 1_000_000) {
            throw new IllegalArgumentException("queueMax must be in [1, 1000000], was " + queueMax);
        }
        this.overlay = new OverlayStore(store);
        this.commitAll = store instanceof JdbcStore jdbc ? jdbc::writeAll
            : batches -> batches.forEach(store::write);
        this.ctx = new HostContext(overlay, new Rng(seed));
        this.queue = new ArrayBlockingQueue<>(queueMax);
        this.thread = new Thread(this::run, "ledger-loop");
        thread.setDaemon(true);
        ledger.init(ctx);
        commitGroup(List.of());
        thread.start();
    }

    @Override
    public CompletableFuture<Reply> ask(Request request) {
        Objects.requireNonNull(request, "request");
        CompletableFuture<Reply> reply = new CompletableFuture<>();
        if (!running || !queue.offer(new Pending(request, reply))) {
            reply.completeExceptionally(new IllegalStateException("the ledger is overloaded ("
                + queue.size() + " requests waiting) or stopped; retry later"));
        }
        return reply;
    }

    private void run() {
        List<Pending> group = new ArrayList<>(GROUP_MAX);
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                queue.drainTo(group, GROUP_MAX - 1);
                handleGroup(group);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                group.clear();
            }
        }
    }

    private void handleGroup(List<Pending> group) {
        List<Object> outcomes = new ArrayList<>(group.size());
        for (Pending p : group) {
            try {
                outcomes.add(ledger.handle(ctx, p.request()));
            } catch (RuntimeException e) {
                outcomes.add(e);
            }
        }
        RuntimeException failed = commitGroup(overlay.takeBatches());
        for (int i = 0; i < group.size(); i++) {
            Object outcome = failed != null ? failed : outcomes.get(i);
            if (outcome instanceof Reply r) {
                group.get(i).reply().complete(r);
            } else {
                group.get(i).reply().completeExceptionally((Throwable) outcome);
            }
        }
    }

    /** Commits the group's writes; returns the failure, if any. Either way the overlay empties. */
    private RuntimeException commitGroup(List<WriteBatch> batches) {
        try {
            if (!batches.isEmpty()) {
                commitAll.accept(batches);
            }
            groups.incrementAndGet();
            return null;
        } catch (RuntimeException e) {
            return new IllegalStateException("the ledger could not commit a group of "
                + batches.size() + " write(s); nothing of it took effect: " + e.getMessage(), e);
        } finally {
            overlay.clear();
        }
    }

    /** How many groups were committed: fewer than requests when group commit bites. */
    public long groupCount() {
        return groups.get();
    }

    /**
     * The {@link System#nanoTime()} at which the hosted ledger's clock read {@code timeMs} (an
     * event's {@link io.faultline.bank.Event#timeMs()}): lets a benchmark in this JVM measure how
     * long an event took to reach a client.
     */
    public long nanoTimeOf(long timeMs) {
        return ctx.startNanos + TimeUnit.MILLISECONDS.toNanos(timeMs);
    }

    /** Stops taking requests, finishes the queued ones and waits up to 10 s for them. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The context the hosted ledger sees: real time since start, a seeded random stream. */
    private static final class HostContext implements Context {
        private final DurableStore store;
        private final Rng rng;
        private final long startNanos = System.nanoTime();
        private final History history = new History(this::now);

        HostContext(DurableStore store, Rng rng) {
            this.store = store;
            this.rng = rng;
        }

        @Override
        public Address self() {
            return SELF;
        }

        @Override
        public List<Address> nodes() {
            return List.of(CALLER, SELF);
        }

        @Override
        public void send(Address to, Message message) {
            throw new IllegalStateException("a locally hosted ledger only replies; it sent "
                + message + " to " + to);
        }

        @Override
        public void reply(Message message) {
            throw new IllegalStateException("the local host takes replies from Ledger.handle");
        }

        @Override
        public TimerId setTimer(Timer timer, long delayMs) {
            throw new IllegalStateException("a locally hosted ledger sets no timers");
        }

        @Override
        public void cancelTimer(TimerId id) {
            throw new IllegalStateException("a locally hosted ledger sets no timers");
        }

        @Override
        public long now() {
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        }

        @Override
        public RandomGenerator random() {
            return rng;
        }

        @Override
        public DurableStore store() {
            return store;
        }

        @Override
        public HistoryRecorder history() {
            return history;
        }
    }
}
