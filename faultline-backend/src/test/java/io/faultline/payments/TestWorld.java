package io.faultline.payments;

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

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * A tiny deterministic world for unit tests: nodes with memory stores, a FIFO network whose losses
 * a test chooses, a virtual clock that a test advances, and crashes that keep the store. Messages
 * to an address that is not a node land in that address's inbox (the test's clients).
 */
public final class TestWorld {

    /** A message on the wire. */
    public record Envelope(Address from, Address to, Message message) {
    }

    private record PendingTimer(long dueMs, long seq, Address node, TimerId id, Timer timer) {
    }

    private final Map<Address, Supplier<Node>> factories = new TreeMap<>();
    private final Map<Address, Node> nodes = new TreeMap<>();
    private final Map<Address, MemoryStore> stores = new TreeMap<>();
    private final Map<Address, Rng> rngs = new TreeMap<>();
    private final Map<Address, List<Message>> inboxes = new TreeMap<>();
    private final Deque<Envelope> wire = new ArrayDeque<>();
    private final List<PendingTimer> timers = new ArrayList<>();
    private final History history;
    private long nowMs;
    private long seq;
    private long timerIds;
    /** Messages the network loses; none by default. */
    public Predicate<Envelope> drop = e -> false;
    /** Every message sent, for assertions about what crossed the wire. */
    public final List<Envelope> sent = new ArrayList<>();

    public TestWorld() {
        this.history = new History(() -> nowMs);
    }

    /** Adds a node and starts it. */
    public TestWorld add(String name, Supplier<Node> factory) {
        Address a = Address.of(name);
        factories.put(a, factory);
        stores.put(a, new MemoryStore());
        rngs.put(a, new Rng(name.hashCode()));
        Node node = factory.get();
        nodes.put(a, node);
        node.init(new Ctx(a, null));
        return this;
    }

    public long now() {
        return nowMs;
    }

    public MemoryStore store(String name) {
        return stores.get(Address.of(name));
    }

    public Node node(String name) {
        return nodes.get(Address.of(name));
    }

    /** Messages delivered to a client address, oldest first (and removes them). */
    public List<Message> takeInbox(String name) {
        List<Message> out = inboxes.getOrDefault(Address.of(name), new ArrayList<>());
        inboxes.remove(Address.of(name));
        return out;
    }

    /** Sends {@code message} from a client and delivers everything that follows, timers aside. */
    public void request(String client, String node, Message message) {
        enqueue(Address.of(client), Address.of(node), message);
        deliverAll();
    }

    /** Sends from a client and returns the one message the client got back. */
    public Message ask(String client, String node, Message message) {
        takeInbox(client);
        request(client, node, message);
        List<Message> got = takeInbox(client);
        if (got.size() != 1) {
            throw new AssertionError("expected one reply to " + client + ", got " + got);
        }
        return got.get(0);
    }

    /** Delivers every message on the wire, in order, including those sent meanwhile. */
    public void deliverAll() {
        int steps = 0;
        while (!wire.isEmpty()) {
            if (++steps > 100_000) {
                throw new AssertionError("more than 100000 deliveries: a message loop");
            }
            Envelope e = wire.poll();
            Node target = nodes.get(e.to());
            if (target == null) {
                inboxes.computeIfAbsent(e.to(), k -> new ArrayList<>()).add(e.message());
            } else {
                target.onMessage(new Ctx(e.to(), e.from()), e.from(), e.message());
            }
        }
    }

    /** Advances the clock by {@code ms}, firing due timers in order and delivering what follows. */
    public void advance(long ms) {
        long end = nowMs + ms;
        while (true) {
            PendingTimer next = null;
            for (PendingTimer t : timers) {
                if (t.dueMs() <= end && (next == null || t.dueMs() < next.dueMs()
                    || t.dueMs() == next.dueMs() && t.seq() < next.seq())) {
                    next = t;
                }
            }
            if (next == null) {
                break;
            }
            timers.remove(next);
            nowMs = Math.max(nowMs, next.dueMs());
            nodes.get(next.node()).onTimer(new Ctx(next.node(), null), next.timer());
            deliverAll();
        }
        nowMs = end;
    }

    /** Crashes a node and restarts it at once: memory and timers lost, the store kept. */
    public void crashAndRestart(String name) {
        Address a = Address.of(name);
        timers.removeIf(t -> t.node().equals(a));
        Node fresh = factories.get(a).get();
        nodes.put(a, fresh);
        fresh.recover(new Ctx(a, null));
        deliverAll();
    }

    public int pendingTimers() {
        return timers.size();
    }

    private void enqueue(Address from, Address to, Message message) {
        Envelope e = new Envelope(from, to, message);
        sent.add(e);
        if (!drop.test(e)) {
            wire.add(e);
        }
    }

    private final class Ctx implements Context {
        private final Address self;
        private final Address from;

        Ctx(Address self, Address from) {
            this.self = self;
            this.from = from;
        }

        @Override
        public Address self() {
            return self;
        }

        @Override
        public List<Address> nodes() {
            return List.copyOf(nodes.keySet());
        }

        @Override
        public void send(Address to, Message message) {
            enqueue(self, to, message);
        }

        @Override
        public void reply(Message message) {
            if (from == null) {
                throw new IllegalStateException("reply outside onMessage");
            }
            enqueue(self, from, message);
        }

        @Override
        public TimerId setTimer(Timer timer, long delayMs) {
            TimerId id = new TimerId(timerIds++);
            timers.add(new PendingTimer(nowMs + delayMs, seq++, self, id, timer));
            return id;
        }

        @Override
        public void cancelTimer(TimerId id) {
            timers.removeIf(t -> t.node().equals(self) && t.id().equals(id));
        }

        @Override
        public long now() {
            return nowMs;
        }

        @Override
        public RandomGenerator random() {
            return rngs.get(self);
        }

        @Override
        public DurableStore store() {
            return stores.get(self);
        }

        @Override
        public HistoryRecorder history() {
            return history;
        }
    }
}
