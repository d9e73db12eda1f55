package io.faultline.protocols;

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

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.function.BiPredicate;
import java.util.random.RandomGenerator;

/**
 * A minimal single-threaded engine for unit tests of nodes: every message takes exactly
 * {@code delayMs}, timers fire on time, events at the same instant run in the order they were
 * scheduled. A {@code drop} predicate may lose chosen messages.
 */
public final class TestNet {

    private record Event(long timeMs, long seq, Address node, Address from, Object payload,
                         long timerId) {
    }

    private final Map<Address, Node> nodes = new TreeMap<>();
    private final PriorityQueue<Event> queue = new PriorityQueue<>((a, b) ->
        a.timeMs != b.timeMs ? Long.compare(a.timeMs, b.timeMs) : Long.compare(a.seq, b.seq));
    private final List<Long> cancelled = new ArrayList<>();
    private final long delayMs;
    private final long seed;
    private BiPredicate<Address, Message> drop = (to, m) -> false;
    private long now;
    private long seq;
    private long nextTimer;
    public long sent;
    public long dropped;
    public final List<String> trace = new ArrayList<>();

    public TestNet(long delayMs, long seed) {
        this.delayMs = delayMs;
        this.seed = seed;
    }

    public TestNet add(Address a, Node n) {
        nodes.put(a, n);
        return this;
    }

    public TestNet drop(BiPredicate<Address, Message> predicate) {
        this.drop = predicate;
        return this;
    }

    @SuppressWarnings("unchecked")
    public <T extends Node> T node(Address a) {
        return (T) nodes.get(a);
    }

    /** Runs until nothing is left to happen. */
    public TestNet run() {
        for (Map.Entry<Address, Node> e : nodes.entrySet()) {
            e.getValue().init(new Ctx(e.getKey()));
        }
        while (!queue.isEmpty()) {
            Event ev = queue.poll();
            now = ev.timeMs;
            if (ev.payload instanceof Timer t) {
                if (!cancelled.remove((Long) ev.timerId)) {
                    nodes.get(ev.node).onTimer(new Ctx(ev.node), t);
                }
            } else {
                trace.add(now + " " + ev.from + "->" + ev.node + " " + ev.payload);
                nodes.get(ev.node).onMessage(new Ctx(ev.node), ev.from, (Message) ev.payload);
            }
        }
        return this;
    }

    private final class Ctx implements Context {
        private final Address self;

        Ctx(Address self) {
            this.self = self;
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
            sent++;
            if (drop.test(to, message)) {
                dropped++;
                return;
            }
            queue.add(new Event(now + delayMs, seq++, to, self, message, -1));
        }

        @Override
        public void reply(Message message) {
            throw new IllegalStateException("not used by these tests");
        }

        @Override
        public TimerId setTimer(Timer timer, long delay) {
            long id = nextTimer++;
            queue.add(new Event(now + delay, seq++, self, self, timer, id));
            return new TimerId(id);
        }

        @Override
        public void cancelTimer(TimerId id) {
            cancelled.add(id.value());
        }

        @Override
        public long now() {
            return now;
        }

        @Override
        public RandomGenerator random() {
            return new Rng(seed).split(self.name() + "/" + seq);
        }

        @Override
        public DurableStore store() {
            return new MemoryStore();
        }

        @Override
        public HistoryRecorder history() {
            return new History(() -> now);
        }
    }
}
