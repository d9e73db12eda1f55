package io.faultline.runtime;

import io.faultline.sim.Address;
import io.faultline.sim.Context;
import io.faultline.sim.DurableStore;
import io.faultline.sim.History;
import io.faultline.sim.HistoryRecorder;
import io.faultline.sim.Message;
import io.faultline.sim.Node;
import io.faultline.sim.Rng;
import io.faultline.sim.Timer;
import io.faultline.sim.TimerId;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Runs one {@link Node} for real: on its own single-threaded event loop, with real timers, a
 * durable store behind group commit, and a transport to the other nodes. The node code is the
 * same that runs in the simulator.
 *
 * <pre>{@code
 * NodeHost host = NodeHost.builder(Address.of("server"), CounterServer::new)
 *     .nodes(List.of(Address.of("client"), Address.of("server")))
 *     .storage(() -> NodeStorage.groupCommitted(SqliteStore.open(dir.resolve("server.db"))))
 *     .outbound(transport)
 *     .build();
 * host.start();
 * Message answer = host.ask(new Add("r1", 10), Duration.ofSeconds(2)).get();
 * host.pause(Duration.ofMillis(500)); // a stop-the-world pause: all waits, nothing is lost
 * host.crash();   // memory and unreleased output gone
 * host.restart(); // a fresh node object, recover(ctx) on the same store
 * }</pre>
 *
 * <h2>Output after durable</h2>
 * A handler's store writes stay in an overlay while it runs (it reads its own writes). When it
 * returns, its writes go to group commit as one batch, and its sends, replies and timers take
 * effect only after that commit and after the output of every earlier handler. Later handlers
 * already read the waiting writes, so a handler whose output rests on them waits for their commit
 * too. A crash drops every output not yet released and every write not yet committing.
 *
 * <h2>Failures</h2>
 * A handler that throws, or a commit that fails, crashes the node (fail-stop): its memory can no
 * longer be trusted to match its store. A failed commit also takes every later write of the same
 * life with it, uncommitted, since those handlers may have read its writes (see
 * {@link NodeStorage#commit}). {@link #failure()} says why; {@link #restart()} brings it back from
 * the store, and so does the host itself after a delay when built with
 * {@link Builder#restartAfterFailure} (a supervisor, for services; the lab's drivers restart
 * their nodes themselves).
 *
 * <h2>Threading</h2>
 * All methods may be called from any thread. The node itself only ever runs on its loop thread.
 * Limits: at most {@code inboxMax} messages wait for the node; more are dropped, as a fair-loss
 * network may drop them.
 */
public final class NodeHost implements AutoCloseable {

    /** The name prefix of the synthetic client addresses that {@link #ask} uses. */
    public static final String ASK_PREFIX = "@ask/";

    /** The sender of messages given to {@link #tell}; replies to it are dropped. */
    public static final Address TELL = Address.of("@tell");

    private final Address self;
    private final List<Address> nodes;
    private final Supplier<? extends Node> factory;
    private final Supplier<NodeStorage> storageFactory;
    private final Outbound outbound;
    private final LongSupplier clockMs;
    private final long seed;
    private final History history;
    private final int inboxMax;
    private final int asksMax;
    private final PrintStream log;
    /** How long after a failure the host restarts the node itself; null: never. */
    private final Duration restartAfterFailure;

    private final Object lifecycle = new Object();
    /** Set by {@link #close()}: no restart after a failure any more. Under {@code lifecycle}. */
    private boolean closed;
    private volatile Incarnation current;
    private Incarnation last;
    private int incarnationCount;
    private NodeStorage.CommitStats earlierLivesCommits = NodeStorage.CommitStats.NONE;
    private volatile Throwable failure;

    private final ConcurrentHashMap<Address, PendingAsk> asks = new ConcurrentHashMap<>();
    private final AtomicLong askIds = new AtomicLong();
    private final AtomicLong handledCount = new AtomicLong();
    private final AtomicLong releasedCount = new AtomicLong();
    private final AtomicLong inboundDroppedCount = new AtomicLong();
    private final AtomicLong outputDroppedCount = new AtomicLong();
    private final AtomicLong abandonedCount = new AtomicLong();
    /** Asks admitted and not yet answered, failed or timed out. */
    private final AtomicInteger asksInProgress = new AtomicInteger();
    private final DurableStore committedView;

    private NodeHost(Builder b) {
        this.self = b.self;
        this.nodes = b.nodes;
        this.factory = b.factory;
        this.storageFactory = b.storage;
        this.outbound = b.outbound;
        this.clockMs = b.clockMs;
        this.seed = b.seed;
        this.history = b.history;
        this.inboxMax = b.inboxMax;
        this.asksMax = b.asksMax;
        this.log = b.log;
        this.restartAfterFailure = b.restartAfterFailure;
        this.committedView = new ReadOnlyStore("node " + self, lifecycle, this::lastCommitted);
    }

    /** Starts building a host for the node {@code self}, made by {@code factory}. */
    public static Builder builder(Address self, Supplier<? extends Node> factory) {
        return new Builder(self, factory);
    }

    /** The address of the node this host runs. */
    public Address address() {
        return self;
    }

    /** Whether the node is up (started and not crashed). */
    public boolean isUp() {
        return current != null;
    }

    /** How many lives the node has begun: 1 after start, 2 after the first restart, ... */
    public int incarnation() {
        synchronized (lifecycle) {
            return incarnationCount;
        }
    }

    /** Why the node last crashed by itself (a handler threw, a commit failed); empty if never. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    /**
     * The node's committed state, read-only: what a checker may look at, and what survives a
     * crash. Reads go to the store of the node's current (or, while it is down, last) life.
     */
    public DurableStore committedStore() {
        return committedView;
    }

    /**
     * The node object of the current life, or empty while the node is down. It runs on its loop
     * thread: a reader on another thread gets no consistent view of its fields, so checkers
     * should read {@link #committedStore()} instead.
     */
    public Optional<Node> currentNode() {
        Incarnation inc = current;
        return inc == null ? Optional.empty() : Optional.of(inc.node);
    }

    private DurableStore lastCommitted() {
        synchronized (lifecycle) {
            if (last == null) {
                throw new IllegalStateException("node " + self + " has no store: it was never"
                    + " started, or it was closed");
            }
            return last.storage.committed();
        }
    }

    /** The shared history the node records client operations in. */
    public History history() {
        return history;
    }

    /** Starts the node: opens its storage and runs {@link Node#init} on the loop. */
    public void start() {
        beginFirst(false);
    }

    /**
     * Starts the node as the next life of one that crashed elsewhere (a new process on the store
     * of a killed one): opens its storage and runs {@link Node#recover} instead of init.
     */
    public void startAfterCrash() {
        beginFirst(true);
    }

    private void beginFirst(boolean recover) {
        synchronized (lifecycle) {
            if (incarnationCount > 0) {
                throw new IllegalStateException("node " + self + " was already started; use"
                    + " restart() after a crash");
            }
            begin(recover);
        }
    }

    /**
     * Crashes the node at once: its loop stops, its memory is gone, output not yet released and
     * writes not yet committing are dropped. Messages that arrive while it is down are lost.
     * Crashing a node that is down does nothing.
     */
    public void crash() {
        Incarnation inc;
        synchronized (lifecycle) {
            inc = current;
            if (inc == null) {
                return;
            }
            current = null;
        }
        inc.kill();
        failPendingAsks(inc, "crashed");
    }

    /**
     * Pauses the node for {@code length}, as a stop-the-world garbage collection or a frozen
     * virtual machine pauses a process: its loop handles no message and no timer meanwhile, its
     * memory is kept, and what arrives or falls due during the pause waits (within the inbox
     * limit) and is handled after it, in the order it arrived or fell due. The node cannot tell:
     * it reads the clock afterwards and finds time gone by. The pause begins once the loop has
     * run what was already due; this method returns at once. A crash during a pause ends it (the
     * crash interrupts the loop) and {@link #restart()} works as after any crash. Pausing a node
     * that is paused already adds a second pause after the first.
     *
     * @param length 1 ms to 10 minutes
     * @return whether the node was paused: false when it is down, which pauses nothing
     */
    public boolean pause(Duration length) {
        checkPause(length);
        Incarnation inc = current;
        if (inc == null) {
            return false;
        }
        long nanos = length.toNanos();
        return inc.post(() -> inc.stall(nanos));
    }

    /** Checks a pause's length, for this host's pauses and a node process's: 1 ms to 10 min. */
    static void checkPause(Duration length) {
        Objects.requireNonNull(length, "length");
        if (length.toMillis() < 1 || length.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("a pause must be 1 ms to 10 minutes, was "
                + length);
        }
    }

    /**
     * Fails every ask still waiting on {@code life}: it is gone, so no answer will come, and the
     * asker learns it now rather than at its timeout. Asks queued to a later life (another thread
     * may restart the node while this one is still failing the old life's) are left alone.
     */
    private void failPendingAsks(Incarnation life, String what) {
        for (PendingAsk ask : asks.values()) {
            if (ask.life == life) {
                ask.answer.completeExceptionally(new NodeCrashedException("node " + self + " "
                    + what + " before it answered; the request may or may not have taken effect"));
            }
        }
    }

    /** An ask waiting for its answer. */
    private static final class PendingAsk {
        final CompletableFuture<Message> answer = new CompletableFuture<>();
        /**
         * The life it was queued to, set before it is queued: a life that crashes after taking
         * it finds it here; null while it is not queued yet.
         */
        volatile Incarnation life;
    }

    /**
     * Restarts a crashed node: waits for a commit in progress of the old life, opens the store
     * again, makes a fresh node from the factory and runs {@link Node#recover} on the loop.
     *
     * @throws IllegalStateException when the node is up
     */
    public void restart() {
        synchronized (lifecycle) {
            if (current != null) {
                throw new IllegalStateException("node " + self + " is up; crash() it before"
                    + " restart()");
            }
            if (incarnationCount == 0) {
                throw new IllegalStateException("node " + self + " was never started; use start()");
            }
            begin(true);
        }
    }

    private void begin(boolean recover) {
        if (last != null) {
            // A handler of the dead life may still be running; let it finish (its output is
            // dropped) before its store is closed under it.
            last.awaitStopped();
            last.closeStorage();
        }
        // Counted once it exists: a life that failed to open is no life.
        NodeStorage storage = storageFactory.get();
        Incarnation inc;
        try {
            inc = new Incarnation(incarnationCount + 1, storage);
        } catch (RuntimeException | Error e) {
            storage.close();
            throw e;
        }
        incarnationCount++;
        Handler first = recover ? Node::recover : Node::init;
        // Queue init or recover before the life is published: a message delivered meanwhile
        // queues behind it. Published first, a message could run on a node that had not read
        // its store yet, and its writes would overwrite what it was about to recover.
        inc.post(() -> inc.handle(null, first));
        last = inc;
        current = inc;
    }

    /**
     * Delivers a message from another node (the transport calls this). Lost when the node is down
     * or its inbox is full.
     *
     * @return whether the message was queued for the node
     */
    public boolean deliver(Address from, Message message) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(message, "message");
        return enqueue(from, message, null);
    }

    /**
     * Queues {@code message} for the node. An {@code ask} (null for a message from a node) is
     * skipped, unhandled, when its asker has stopped waiting by the time the node would begin it.
     */
    private boolean enqueue(Address from, Message message, PendingAsk ask) {
        Incarnation inc = current;
        if (inc == null || !inc.admit()) {
            inboundDroppedCount.incrementAndGet();
            return false;
        }
        if (ask != null) {
            ask.life = inc;
        }
        boolean queued = inc.post(() -> {
            inc.inbox.decrementAndGet();
            if (ask != null && ask.answer.isDone()) {
                abandonedCount.incrementAndGet();
                return;
            }
            inc.handle(from, (node, ctx) -> node.onMessage(ctx, from, message));
        });
        if (!queued) {
            inc.inbox.decrementAndGet();
            inboundDroppedCount.incrementAndGet();
        }
        return queued;
    }

    /**
     * Delivers {@code request} to the node as if from a client, and completes with the message the
     * node sends back with {@code ctx.reply(...)}, released only after what it rests on is
     * committed. Fails with a {@link TimeoutException} when no reply comes within
     * {@code timeout}: the client cannot know whether the request took effect. Fails at once with
     * a {@link NodeUnavailableException} when the node is down or its inbox is full: the request
     * did not reach it, and when {@code asksMax} asks are in progress already (see
     * {@link Builder#asksMax}); and with a {@link NodeCrashedException} when the node crashes
     * before it answers: again, whether the request took effect is unknown.
     *
     * <p>A request still in the inbox when its timeout passes is dropped, not handled: nobody
     * waits for its answer any more, and an overloaded node spends its time on requests that
     * someone still waits for instead (as a server honours its callers' deadlines). The asker
     * cannot tell this apart from a request that was handled too late, and need not: either way
     * it does not know the outcome, and a retry under the same key is safe.
     *
     * <p>The future completes on the node's loop thread: keep its continuations short and
     * non-blocking, or use the {@code ...Async} variants, or the node waits for them.
     */
    public CompletableFuture<Message> ask(Message request, Duration timeout) {
        Objects.requireNonNull(request, "request");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        if (asksInProgress.incrementAndGet() > asksMax) {
            asksInProgress.decrementAndGet();
            inboundDroppedCount.incrementAndGet();
            return CompletableFuture.failedFuture(new NodeUnavailableException("node " + self
                + " already has " + asksMax + " requests in progress; the request did not reach"
                + " it"));
        }
        Address client = Address.of(ASK_PREFIX + askIds.incrementAndGet());
        PendingAsk ask = new PendingAsk();
        asks.put(client, ask);
        CompletableFuture<Message> bounded = ask.answer.orTimeout(timeout.toMillis(),
            TimeUnit.MILLISECONDS);
        bounded.whenComplete((m, e) -> {
            asks.remove(client);
            asksInProgress.decrementAndGet();
        });
        if (!enqueue(client, request, ask)) {
            ask.answer.completeExceptionally(new NodeUnavailableException("node " + self
                + " is down or its inbox is full (" + inboxMax + " messages); the request did"
                + " not reach it"));
        }
        return bounded;
    }

    /**
     * Like {@link #ask(Message, Duration)}, for adapters that expect one type of reply: the future
     * fails with an {@link IllegalStateException} naming both messages when the node answers with
     * anything else.
     */
    public <R extends Message> CompletableFuture<R> ask(Message request, Duration timeout,
                                                        Class<R> replyType) {
        Objects.requireNonNull(replyType, "replyType");
        return ask(request, timeout).thenApply(reply -> {
            if (replyType.isInstance(reply)) {
                return replyType.cast(reply);
            }
            throw new IllegalStateException("node " + self + " answered " + request + " with "
                + reply + ", which is not a " + replyType.getSimpleName());
        });
    }

    /** Delivers {@code message} to the node as one-way input; any reply to it is dropped. */
    public void tell(Message message) {
        deliver(TELL, message);
    }

    /** The node's commits over all its lives (zero when its storage cannot count them). */
    public NodeStorage.CommitStats commitStats() {
        synchronized (lifecycle) {
            NodeStorage.CommitStats now = last == null ? NodeStorage.CommitStats.NONE
                : last.storage.stats();
            return earlierLivesCommits.plus(now);
        }
    }

    /** Counters since the host was built. */
    public Stats stats() {
        return new Stats(handledCount.get(), releasedCount.get(), inboundDroppedCount.get(),
            outputDroppedCount.get(), abandonedCount.get());
    }

    /**
     * The host's counters.
     *
     * @param handled handlers run (init, recover, messages, timers)
     * @param released outputs that took effect (sends, replies, timers)
     * @param inboundDropped messages lost because the node was down or its inbox full, and asks
     *     refused because {@code asksMax} were in progress
     * @param outputDropped outputs lost because the node crashed before they were released
     * @param abandoned asks dropped unhandled because their timeout passed while they waited in
     *     the inbox
     */
    public record Stats(long handled, long released, long inboundDropped, long outputDropped,
                        long abandoned) {
    }

    /** Crashes the node and closes its storage. */
    @Override
    public void close() {
        synchronized (lifecycle) {
            closed = true;
        }
        crash();
        synchronized (lifecycle) {
            if (last != null) {
                last.awaitStopped();
                last.closeStorage();
                last = null;
            }
        }
    }

    /**
     * Restarts the node after {@code failed} crashed it, unless the host was closed or the node
     * was restarted by hand meanwhile. When the restart itself fails (the database is still
     * unreachable, say), tries again after the same delay.
     */
    private void restartAfter(Incarnation failed) {
        CompletableFuture.runAsync(() -> {
            synchronized (lifecycle) {
                if (closed || current != null || last != failed) {
                    return;
                }
                try {
                    begin(true);
                    log.println("faultline: node " + self + " restarted after its failure"
                        + " (life " + incarnationCount + ")");
                } catch (RuntimeException e) {
                    log.println("faultline: node " + self + " could not restart: " + e
                        + "; trying again in " + restartAfterFailure.toMillis() + " ms");
                    restartAfter(failed);
                }
            }
        }, CompletableFuture.delayedExecutor(restartAfterFailure.toMillis(),
            TimeUnit.MILLISECONDS));
    }

    private void sendOut(Address to, Message message) {
        if (to.name().startsWith(ASK_PREFIX)) {
            PendingAsk ask = asks.get(to);
            if (ask != null) {
                ask.answer.complete(message);
            }
            return;
        }
        if (to.equals(TELL)) {
            return;
        }
        if (to.equals(self)) {
            deliver(self, message);
            return;
        }
        try {
            outbound.send(self, to, message);
        } catch (RuntimeException e) {
            // The transport promises at most once; a send it cannot make is a lost message.
            log.println("faultline: " + self + " -> " + to + ": send failed, message lost: " + e);
        }
    }

    /** One handler's effect on the world, held back until it may be released. */
    private sealed interface Effect permits Send, StartTimer {
    }

    private record Send(Address to, Message message) implements Effect {
    }

    private record StartTimer(TimerEntry entry) implements Effect {
    }

    /** A timer a handler set; cancellable before and after it is scheduled. */
    private static final class TimerEntry {
        final long id;
        final Timer timer;
        final long delayMs;
        boolean cancelled;
        ScheduledFuture<?> scheduled;

        TimerEntry(long id, Timer timer, long delayMs) {
            this.id = id;
            this.timer = timer;
            this.delayMs = delayMs;
        }
    }

    @FunctionalInterface
    private interface Handler {
        void run(Node node, Context ctx);
    }

    /** One life of the node: its object, its loop, its storage and what is in flight. */
    private final class Incarnation {
        final int number;
        final NodeStorage storage;
        final Node node;
        final Rng rng;
        final ScheduledThreadPoolExecutor loop;
        final Executor loopExecutor = this::execute;
        final AtomicInteger inbox = new AtomicInteger();
        volatile boolean alive = true;
        /** Whether {@link #closeStorage()} ran; under {@code lifecycle}. */
        boolean storageClosed;

        // Touched on the loop thread only.
        final ArrayDeque<SortedMap<String, Optional<String>>> pending = new ArrayDeque<>();
        final Map<Long, TimerEntry> timers = new HashMap<>();
        CompletableFuture<Void> lastReleased = CompletableFuture.completedFuture(null);
        long nextTimerId;

        Incarnation(int number, NodeStorage storage) {
            this.number = number;
            this.storage = storage;
            this.node = Objects.requireNonNull(factory.get(), "the node factory returned null");
            // A new stream per life: a restarted node must not draw its old numbers again (for
            // example, request ids it already used).
            this.rng = new Rng(seed).split(self.name()).split("life-" + number);
            this.loop = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "node-" + self + "-" + number);
                t.setDaemon(true);
                return t;
            });
            this.loop.setRemoveOnCancelPolicy(true);
        }

        boolean admit() {
            if (inbox.incrementAndGet() > inboxMax) {
                inbox.decrementAndGet();
                return false;
            }
            return true;
        }

        boolean post(Runnable task) {
            try {
                loop.execute(task);
                return true;
            } catch (RejectedExecutionException e) {
                return false;
            }
        }

        private void execute(Runnable task) {
            if (!post(task)) {
                throw new RejectedExecutionException("node " + self + " life " + number
                    + " is gone");
            }
        }

        void kill() {
            alive = false;
            loop.shutdownNow();
        }

        /** Holds the loop thread for {@code nanos}: a pause of this life alone. */
        void stall(long nanos) {
            if (!alive) {
                return;
            }
            try {
                TimeUnit.NANOSECONDS.sleep(nanos);
            } catch (InterruptedException e) {
                // The node crashed during the pause: kill() interrupts its loop. It is over.
                Thread.currentThread().interrupt();
            }
        }

        /** Closes this life's storage, once; under {@code lifecycle}. */
        void closeStorage() {
            if (!storageClosed) {
                storageClosed = true;
                storage.close();
                earlierLivesCommits = earlierLivesCommits.plus(storage.stats());
            }
        }

        void awaitStopped() {
            try {
                if (!loop.awaitTermination(10, TimeUnit.SECONDS)) {
                    log.println("faultline: node " + self + " life " + number + ": a handler is"
                        + " still running 10 s after the crash");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void handle(Address from, Handler handler) {
            if (!alive) {
                return;
            }
            HandlerContext ctx = new HandlerContext(this, from);
            try {
                handler.run(node, ctx);
            } catch (RuntimeException | Error e) {
                ctx.closed = true;
                if (!alive) {
                    return; // the node crashed meanwhile; what failed no longer matters
                }
                crashOnFailure(new IllegalStateException("node " + self + " threw in a handler",
                    e));
                return;
            }
            ctx.closed = true;
            handledCount.incrementAndGet();
            finish(ctx);
        }

        private void finish(HandlerContext ctx) {
            CompletableFuture<Void> ready = lastReleased;
            SortedMap<String, Optional<String>> writes = ctx.store.ownWrites();
            if (!writes.isEmpty()) {
                pending.addLast(writes);
                CompletableFuture<Void> commit = storage.commit(ctx.store.toBatch(), () -> alive);
                commit.whenComplete((v, e) -> post(() -> committed(writes, e)));
                ready = ready.thenCombine(commit, (a, b) -> null);
            }
            List<Effect> effects = ctx.effects;
            if (ready.isDone() && !ready.isCompletedExceptionally()) {
                release(effects);
                return;
            }
            lastReleased = ready.thenRunAsync(() -> release(effects), loopExecutor);
            lastReleased.whenComplete((v, e) -> {
                if (e != null) {
                    outputDroppedCount.addAndGet(effects.size());
                }
            });
        }

        private void committed(SortedMap<String, Optional<String>> writes, Throwable error) {
            pending.remove(writes);
            Throwable cause = error instanceof CompletionException ? error.getCause() : error;
            if (alive && cause != null && !(cause instanceof CancellationException)) {
                crashOnFailure(new IllegalStateException("node " + self
                    + ": a commit failed, so its memory no longer matches its store", cause));
            }
        }

        private void release(List<Effect> effects) {
            if (!alive) {
                outputDroppedCount.addAndGet(effects.size());
                return;
            }
            for (Effect effect : effects) {
                if (effect instanceof Send s) {
                    sendOut(s.to(), s.message());
                } else if (effect instanceof StartTimer t) {
                    schedule(t.entry());
                }
                releasedCount.incrementAndGet();
            }
        }

        private void schedule(TimerEntry entry) {
            if (entry.cancelled) {
                return;
            }
            entry.scheduled = loop.schedule(() -> fire(entry), entry.delayMs,
                TimeUnit.MILLISECONDS);
        }

        private void fire(TimerEntry entry) {
            timers.remove(entry.id);
            if (!entry.cancelled) {
                handle(null, (node, ctx) -> node.onTimer(ctx, entry.timer));
            }
        }

        private void crashOnFailure(Throwable cause) {
            failure = cause;
            log.println("faultline: node " + self + " crashed: " + cause
                + (cause.getCause() != null ? " caused by " + cause.getCause() : "")
                + (restartAfterFailure != null ? "; restarting it in "
                    + restartAfterFailure.toMillis() + " ms" : ""));
            boolean wasCurrent;
            synchronized (lifecycle) {
                wasCurrent = current == this;
                if (wasCurrent) {
                    current = null;
                }
            }
            kill();
            if (wasCurrent) {
                failPendingAsks(this, "failed (" + cause.getMessage() + ")");
                if (restartAfterFailure != null) {
                    restartAfter(this);
                }
            }
        }
    }

    /** The context of one handler run. */
    private final class HandlerContext implements Context {
        private final Incarnation inc;
        private final Address from;
        final OverlayStore store;
        final List<Effect> effects = new ArrayList<>();
        boolean closed;

        HandlerContext(Incarnation inc, Address from) {
            this.inc = inc;
            this.from = from;
            DurableStore committed = inc.storage.committed();
            this.store = new OverlayStore(committed, new ArrayList<>(inc.pending));
        }

        private void checkOpen() {
            if (closed) {
                throw new IllegalStateException("node " + self + " used its context after the"
                    + " handler returned; keep no reference to it");
            }
        }

        @Override
        public Address self() {
            return self;
        }

        @Override
        public List<Address> nodes() {
            return nodes;
        }

        @Override
        public void send(Address to, Message message) {
            checkOpen();
            effects.add(new Send(Objects.requireNonNull(to, "to"),
                Objects.requireNonNull(message, "message")));
        }

        @Override
        public void reply(Message message) {
            checkOpen();
            if (from == null) {
                throw new IllegalStateException("reply() outside onMessage: there is no sender");
            }
            effects.add(new Send(from, Objects.requireNonNull(message, "message")));
        }

        @Override
        public TimerId setTimer(Timer timer, long delayMs) {
            checkOpen();
            Objects.requireNonNull(timer, "timer");
            if (delayMs < 0) {
                throw new IllegalArgumentException("timer delay must be >= 0 ms, was " + delayMs);
            }
            TimerEntry entry = new TimerEntry(inc.nextTimerId++, timer, delayMs);
            inc.timers.put(entry.id, entry);
            effects.add(new StartTimer(entry));
            return new TimerId(entry.id);
        }

        @Override
        public void cancelTimer(TimerId id) {
            checkOpen();
            TimerEntry entry = inc.timers.remove(id.value());
            if (entry != null) {
                entry.cancelled = true;
                if (entry.scheduled != null) {
                    entry.scheduled.cancel(false);
                }
            }
        }

        @Override
        public long now() {
            return clockMs.getAsLong();
        }

        @Override
        public RandomGenerator random() {
            return inc.rng;
        }

        @Override
        public DurableStore store() {
            checkOpen();
            return store;
        }

        @Override
        public HistoryRecorder history() {
            return history;
        }
    }

    /**
     * Options of a {@link NodeHost}; each setter checks its value at once.
     */
    public static final class Builder {
        private final Address self;
        private final Supplier<? extends Node> factory;
        private List<Address> nodes;
        private Supplier<NodeStorage> storage;
        private Outbound outbound = Outbound.none();
        private LongSupplier clockMs;
        private long seed;
        private History history;
        private int inboxMax = 10_000;
        private int asksMax = Integer.MAX_VALUE;
        private PrintStream log = System.err;
        private Duration restartAfterFailure;

        private Builder(Address self, Supplier<? extends Node> factory) {
            this.self = Objects.requireNonNull(self, "self");
            this.factory = Objects.requireNonNull(factory, "factory");
        }

        /** Every node of the system, this one included; default: this node alone. */
        public Builder nodes(List<Address> nodes) {
            List<Address> sorted = new ArrayList<>(nodes);
            sorted.sort(null);
            if (!sorted.contains(self)) {
                throw new IllegalArgumentException("nodes " + sorted + " must include " + self);
            }
            this.nodes = List.copyOf(sorted);
            return this;
        }

        /** Opens the node's storage, once per life. Required. */
        public Builder storage(Supplier<NodeStorage> storage) {
            this.storage = Objects.requireNonNull(storage, "storage");
            return this;
        }

        /** The transport to other nodes; default: messages to other nodes are lost. */
        public Builder outbound(Outbound outbound) {
            this.outbound = Objects.requireNonNull(outbound, "outbound");
            return this;
        }

        /**
         * The node's clock in milliseconds since the cluster started; default: a clock that
         * starts when the host is built. Share one {@link HostClock} across a cluster.
         */
        public Builder clock(LongSupplier clockMs) {
            this.clockMs = Objects.requireNonNull(clockMs, "clockMs");
            return this;
        }

        /** The root seed; the node's stream is split from it by the node's name. Default 0. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The shared history; default: a history of this host alone on its clock. */
        public Builder history(History history) {
            this.history = Objects.requireNonNull(history, "history");
            return this;
        }

        /** How many messages may wait for the node, 1..1,000,000; default 10,000. */
        public Builder inboxMax(int inboxMax) {
            if (inboxMax < 1 || inboxMax > 1_000_000) {
                throw new IllegalArgumentException("inboxMax must be in 1..1000000, was "
                    + inboxMax);
            }
            this.inboxMax = inboxMax;
            return this;
        }

        /**
         * Makes the host restart the node by itself, {@code delay} after a failure crashed it (a
         * handler threw, a commit failed), and again after each failure: crash-recovery, with
         * the store as the only memory that survives. Default: a failed node stays down until
         * {@link NodeHost#restart()}. A {@link NodeHost#crash()} by hand is never undone.
         *
         * @param delay 1 ms to 10 minutes
         */
        public Builder restartAfterFailure(Duration delay) {
            Objects.requireNonNull(delay, "delay");
            if (delay.toMillis() < 1 || delay.compareTo(Duration.ofMinutes(10)) > 0) {
                throw new IllegalArgumentException("restartAfterFailure must be 1 ms to 10"
                    + " minutes, was " + delay);
            }
            this.restartAfterFailure = delay;
            return this;
        }

        /**
         * How many asks may be in progress at once (admitted, not yet answered); more are refused
         * at once with a {@link NodeUnavailableException}. Default: no limit but the inbox's.
         *
         * <p>Under overload this is what keeps a service useful: with the requests in progress
         * unbounded, work is started faster than it finishes, every request waits longer (for
         * commits, for a peer's answer behind the others), and once that wait outlasts the
         * callers' deadlines no request completes in time at all. Bounding the work in progress
         * bounds the wait.
         *
         * @param asksMax 1..1,000,000
         */
        public Builder asksMax(int asksMax) {
            if (asksMax < 1 || asksMax > 1_000_000) {
                throw new IllegalArgumentException("asksMax must be in 1..1000000, was "
                    + asksMax);
            }
            this.asksMax = asksMax;
            return this;
        }

        /** Where the host reports crashes and lost sends; default standard error. */
        public Builder log(PrintStream log) {
            this.log = Objects.requireNonNull(log, "log");
            return this;
        }

        /** Builds the host; it does nothing until {@link NodeHost#start()}. */
        public NodeHost build() {
            if (storage == null) {
                throw new IllegalStateException("storage is required: e.g. .storage(() ->"
                    + " NodeStorage.groupCommitted(SqliteStore.open(file)))");
            }
            if (nodes == null) {
                nodes = List.of(self);
            }
            if (clockMs == null) {
                clockMs = HostClock.startingNow();
            }
            if (history == null) {
                history = new History(clockMs);
            }
            return new NodeHost(this);
        }
    }
}
