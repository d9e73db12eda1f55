package io.faultline.sim.engine;

import io.faultline.sim.Address;
import io.faultline.sim.Context;
import io.faultline.sim.DurableStore;
import io.faultline.sim.History;
import io.faultline.sim.HistoryRecorder;
import io.faultline.sim.MemoryStore;
import io.faultline.sim.Message;
import io.faultline.sim.Node;
import io.faultline.sim.Rng;
import io.faultline.sim.Timer;
import io.faultline.sim.TimerId;
import io.faultline.sim.WriteBatch;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The nodes of one run and the execution of their handlers, shared by the {@link Simulation}
 * (which decides when things happen) and the {@link Explorer} (which tries every order). A
 * handler's output is buffered and handed to the {@link Sink} only after the handler returns, as
 * the node API promises; a crash inside a handler loses the output and the writes after a chosen
 * point.
 */
final class World implements SimView {

    /** Where released output goes: the engine's network and timer queue. */
    interface Sink {
        void send(Address from, Address to, Message message);

        void setTimer(Address node, long incarnation, long timerId, Timer timer, long delayMs);

        /** A node crashed (inside a handler or between handlers). */
        void crashed(Address node, boolean forever);
    }

    /** What the world tells the trace; null when no trace is written. */
    interface Tracer {
        void event(String kind, Address node, String detail);
    }

    private final TreeMap<Address, Slot> slots = new TreeMap<>();
    private final List<Address> addresses;
    private final Rng root;
    private final History history;
    private final LongSupplier clock;
    private final Sink sink;
    private final Tracer tracer;
    private final FaultCounters counters;
    private String nodeError;
    private boolean healed;
    private boolean quiescent;

    World(Map<Address, Supplier<Node>> honest, Map<Address, Supplier<Node>> adversaries,
          Rng root, History history, LongSupplier clock, Sink sink, Tracer tracer,
          FaultCounters counters) {
        for (Map.Entry<Address, Supplier<Node>> e : new TreeMap<>(honest).entrySet()) {
            Supplier<Node> adversary = adversaries.get(e.getKey());
            slots.put(e.getKey(), new Slot(e.getKey(), adversary != null ? adversary : e.getValue(),
                adversary != null));
        }
        for (Address a : adversaries.keySet()) {
            if (!honest.containsKey(a)) {
                slots.put(a, new Slot(a, adversaries.get(a), true));
            }
        }
        this.addresses = List.copyOf(slots.keySet());
        this.root = root;
        this.history = history;
        this.clock = clock;
        this.sink = sink;
        this.tracer = tracer;
        this.counters = counters;
    }

    /** One node's place in the world: its factory, current instance and store. */
    private final class Slot {
        final Address address;
        final Supplier<Node> factory;
        final boolean byzantine;
        final MemoryStore store = new MemoryStore();
        final Set<Long> liveTimers = new HashSet<>();
        Node node;
        boolean up;
        boolean stopped;
        long incarnation;
        long nextTimerId;
        Rng rng;
        boolean crashArmed;
        boolean crashArmedForever;
        boolean crashArmedKeepsAll;

        Slot(Address address, Supplier<Node> factory, boolean byzantine) {
            this.address = address;
            this.factory = factory;
            this.byzantine = byzantine;
        }
    }

    /** A start or restart: a fresh instance, then init or recover. */
    void start(Address a, boolean recovering) {
        Slot s = slot(a);
        if (s.stopped) {
            return;
        }
        s.incarnation++;
        s.liveTimers.clear();
        s.crashArmed = false;
        s.crashArmedForever = false;
        s.rng = root.split("node/" + a.name() + "#" + s.incarnation);
        s.node = Objects.requireNonNull(s.factory.get(), "node factory of " + a + " returned null");
        s.up = true;
        if (recovering) {
            counters.inc("restarts");
        }
        trace(recovering ? "restart" : "start", a, "incarnation " + s.incarnation);
        run(s, null, ctx -> {
            if (recovering) {
                s.node.recover(ctx);
            } else {
                s.node.init(ctx);
            }
        });
    }

    /** Delivers a message; one to a node that is down is lost. */
    boolean deliver(Address from, Address to, Message message) {
        Slot s = slot(to);
        if (!s.up) {
            counters.inc("dropped-to-down-node");
            if (tracer != null) {
                trace("lost-at-down-node", to, from + " -> " + to + " " + message);
            }
            return false;
        }
        counters.inc("delivered");
        if (tracer != null) {
            trace("deliver", to, from + " -> " + to + " " + message);
        }
        run(s, from, ctx -> s.node.onMessage(ctx, from, message));
        return true;
    }

    /** Fires a timer unless it was cancelled or belongs to an earlier incarnation. */
    boolean fireTimer(Address a, long incarnation, long timerId, Timer timer) {
        Slot s = slot(a);
        if (!s.up || s.incarnation != incarnation || !s.liveTimers.remove(timerId)) {
            return false;
        }
        counters.inc("timers-fired");
        trace("timer", a, timer);
        run(s, null, ctx -> s.node.onTimer(ctx, timer));
        return true;
    }

    /** Crashes a node between handlers. With {@code forever}, it never comes back. */
    void crash(Address a, boolean forever, String why) {
        Slot s = slot(a);
        if (!s.up) {
            return;
        }
        s.up = false;
        s.node = null;
        s.stopped = forever;
        s.liveTimers.clear();
        counters.inc("crashes");
        trace(forever ? "crash-stop" : "crash", a, why);
        sink.crashed(a, forever);
    }

    /** Makes the node's next handler crash part-way, after a random number of its writes. */
    void armCrash(Address a, boolean forever) {
        armCrash(a, forever, false);
    }

    /**
     * Makes the node's next handler crash after all of its writes and before its sends when
     * {@code keepAllWrites}, else after a random number of its writes.
     */
    void armCrash(Address a, boolean forever, boolean keepAllWrites) {
        Slot s = slot(a);
        if (s.up) {
            s.crashArmed = true;
            s.crashArmedForever = forever;
            s.crashArmedKeepsAll = keepAllWrites;
        }
    }

    /** Cancels every armed crash: the heal point has passed. */
    void disarmAll() {
        for (Slot s : slots.values()) {
            s.crashArmed = false;
        }
    }

    private void trace(String kind, Address node, Object detail) {
        if (tracer != null) {
            tracer.event(kind, node, String.valueOf(detail));
        }
    }

    private interface Handler {
        void handle(Context ctx);
    }

    private void run(Slot s, Address sender, Handler h) {
        SimContext ctx = new SimContext(s, sender);
        try {
            h.handle(ctx);
        } catch (RuntimeException | AssertionError e) {
            if (nodeError == null) {
                nodeError = "node " + s.address + " threw " + e;
            }
            trace("node-error", s.address, e);
            return;
        }
        ctx.done = true;
        if (s.crashArmed) {
            int writes = ctx.journal.size();
            int kept = s.crashArmedKeepsAll || writes == 0 ? writes : s.rng.nextInt(writes + 1);
            ctx.undoAfter(kept);
            counters.inc("crashes-mid-handler");
            crash(s.address, s.crashArmedForever, "inside a handler, after " + kept + " of " + writes
                + " store writes and before its " + ctx.sends.size() + " sends");
            return;
        }
        for (SimContext.Send send : ctx.sends) {
            sink.send(s.address, send.to(), send.message());
        }
        for (SimContext.TimerSet t : ctx.timers) {
            if (s.liveTimers.contains(t.id())) {
                sink.setTimer(s.address, s.incarnation, t.id(), t.timer(), t.delayMs());
            }
        }
    }

    private Slot slot(Address a) {
        Slot s = slots.get(a);
        if (s == null) {
            throw new IllegalArgumentException("unknown node '" + a + "'; nodes: " + addresses);
        }
        return s;
    }

    /** The context of one handler invocation; output is buffered until the handler returns. */
    private final class SimContext implements Context {
        record Send(Address to, Message message) {
        }

        record TimerSet(long id, Timer timer, long delayMs) {
        }

        record Undo(String key, String previous) {
        }

        final Slot slot;
        final Address sender;
        final List<Send> sends = new ArrayList<>();
        final List<TimerSet> timers = new ArrayList<>();
        final List<List<Undo>> journal = new ArrayList<>();
        boolean done;

        SimContext(Slot slot, Address sender) {
            this.slot = slot;
            this.sender = sender;
        }

        private void checkOpen() {
            if (done) {
                throw new IllegalStateException("a context may only be used inside its handler");
            }
        }

        @Override
        public Address self() {
            return slot.address;
        }

        @Override
        public List<Address> nodes() {
            return addresses;
        }

        @Override
        public void send(Address to, Message message) {
            checkOpen();
            Objects.requireNonNull(message, "message");
            if (!slots.containsKey(to)) {
                throw new IllegalArgumentException("send to unknown node '" + to + "'; nodes: "
                    + addresses);
            }
            sends.add(new Send(to, message));
        }

        @Override
        public void reply(Message message) {
            if (sender == null) {
                throw new IllegalStateException("reply() outside a message handler");
            }
            send(sender, message);
        }

        @Override
        public TimerId setTimer(Timer timer, long delayMs) {
            checkOpen();
            Objects.requireNonNull(timer, "timer");
            if (delayMs < 0) {
                throw new IllegalArgumentException("timer delay must be >= 0, got " + delayMs);
            }
            long id = slot.nextTimerId++;
            slot.liveTimers.add(id);
            timers.add(new TimerSet(id, timer, delayMs));
            return new TimerId(id);
        }

        @Override
        public void cancelTimer(TimerId id) {
            slot.liveTimers.remove(id.value());
        }

        @Override
        public long now() {
            return clock.getAsLong();
        }

        @Override
        public Rng random() {
            return slot.rng;
        }

        @Override
        public DurableStore store() {
            return journalled;
        }

        @Override
        public HistoryRecorder history() {
            return history;
        }

        /** Undoes every write after the first {@code kept}: a crash part-way through. */
        void undoAfter(int kept) {
            for (int i = journal.size() - 1; i >= kept; i--) {
                WriteBatch undo = WriteBatch.create();
                List<Undo> entries = journal.get(i);
                for (int j = entries.size() - 1; j >= 0; j--) {
                    Undo u = entries.get(j);
                    if (u.previous() == null) {
                        undo.delete(u.key());
                    } else {
                        undo.put(u.key(), u.previous());
                    }
                }
                slot.store.write(undo);
            }
        }

        private final DurableStore journalled = new DurableStore() {
            @Override
            public Optional<String> get(String key) {
                return slot.store.get(key);
            }

            @Override
            public SortedMap<String, String> scan(String prefix) {
                return slot.store.scan(prefix);
            }

            @Override
            public void write(WriteBatch batch) {
                checkOpen();
                List<Undo> entries = new ArrayList<>();
                for (WriteBatch.Write w : batch.writes()) {
                    entries.add(new Undo(w.key(), slot.store.get(w.key()).orElse(null)));
                }
                slot.store.write(batch);
                journal.add(entries);
                counters.inc("store-writes");
            }
        };
    }

    String nodeError() {
        return nodeError;
    }

    void setHealed(boolean healed) {
        this.healed = healed;
    }

    void setQuiescent(boolean quiescent) {
        this.quiescent = quiescent;
    }

    long incarnation(Address a) {
        return slot(a).incarnation;
    }

    boolean isStopped(Address a) {
        return slot(a).stopped;
    }

    @Override
    public long now() {
        return clock.getAsLong();
    }

    @Override
    public List<Address> nodes() {
        return addresses;
    }

    @Override
    public Node node(Address address) {
        return slot(address).node;
    }

    @Override
    public boolean isUp(Address address) {
        return slot(address).up;
    }

    @Override
    public boolean isByzantine(Address address) {
        return slot(address).byzantine;
    }

    @Override
    public DurableStore store(Address address) {
        return slot(address).store;
    }

    @Override
    public History history() {
        return history;
    }

    @Override
    public boolean healed() {
        return healed;
    }

    @Override
    public boolean quiescent() {
        return quiescent;
    }
}
