package io.faultline.bank.app;

import io.faultline.bank.Ledger;
import io.faultline.bank.LedgerMessages.Reply;
import io.faultline.bank.LedgerMessages.Request;
import io.faultline.sim.Address;
import io.faultline.sim.Context;
import io.faultline.sim.DurableStore;
import io.faultline.sim.History;
import io.faultline.sim.HistoryRecorder;
import io.faultline.sim.Message;
import io.faultline.sim.Rng;
import io.faultline.sim.Timer;
import io.faultline.sim.TimerId;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

/**
 * Runs one {@link Ledger} in this JVM on a single thread over a {@link DurableStore}, behind a
 * bounded queue. Each request is handled alone, in arrival order; its reply is released after the
 * handler returns, when the store's write for it has been applied (the store decides durability:
 * an SQLite store commits it, a {@code MemoryStore} keeps it in memory).
 *
 * <p>This is the small engine the bank's adapters need until the runtime's {@code NodeHost} is
 * available; both are reached through {@link LedgerGateway}. Thread-safe.
 */
public final class LocalLedgerHost implements LedgerGateway, AutoCloseable {

    private static final Address SELF = Address.of("ledger");
    private static final Address CALLER = Address.of("adapter");

    private final Ledger ledger;
    private final HostContext ctx;
    private final ThreadPoolExecutor loop;

    /**
     * @param queueMax the most requests that may wait; more are refused at once
     */
    public LocalLedgerHost(Ledger ledger, DurableStore store, long seed, int queueMax) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        if (queueMax < 1 || queueMax > 1_000_000) {
            throw new IllegalArgumentException("queueMax must be in [1, 1000000], was " + queueMax);
        }
        this.ctx = new HostContext(Objects.requireNonNull(store, "store"), new Rng(seed));
        this.loop = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(queueMax), r -> {
                Thread t = new Thread(r, "ledger-loop");
                t.setDaemon(true);
                return t;
            });
        loop.execute(() -> ledger.init(ctx));
    }

    @Override
    public CompletableFuture<Reply> ask(Request request) {
        Objects.requireNonNull(request, "request");
        CompletableFuture<Reply> reply = new CompletableFuture<>();
        try {
            loop.execute(() -> {
                try {
                    reply.complete(ledger.handle(ctx, request));
                } catch (RuntimeException e) {
                    reply.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            reply.completeExceptionally(new IllegalStateException("the ledger is overloaded ("
                + loop.getQueue().size() + " requests waiting) or stopped; retry later", e));
        }
        return reply;
    }

    /** Stops taking requests, finishes the queued ones and waits up to 10 s for them. */
    @Override
    public void close() {
        loop.shutdown();
        try {
            loop.awaitTermination(10, TimeUnit.SECONDS);
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
