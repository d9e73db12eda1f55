package io.faultline.sim.engine;

import io.faultline.sim.Address;
import io.faultline.sim.History;
import io.faultline.sim.Message;
import io.faultline.sim.Node;
import io.faultline.sim.Rng;
import io.faultline.sim.Timer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The deterministic simulator: one thread, one event queue ordered by (virtual time, sequence),
 * one root seed split into a random stream per subsystem. The network, node and timing models
 * decide what happens to every message and timer; safety properties are checked after every event
 * and liveness properties after the heal point. The same seed gives the same run, event for event,
 * and the same trace, byte for byte.
 *
 * <pre>{@code
 * SimResult r = Simulation.builder()
 *     .seed(42)
 *     .model(new SystemModel(NetworkModel.FAIR_LOSS, NodeModel.CRASH_RECOVERY,
 *         TimingModel.PARTIAL_SYNC))
 *     .node(Address.of("client"), ClientNode::new)
 *     .node(Address.of("server"), ServerNode::new)
 *     .crashable(List.of(Address.of("server")))
 *     .property(Property.safety("no-double-apply", view -> ...))
 *     .build()
 *     .run();
 * }</pre>
 *
 * <p>Not thread-safe; a simulation runs once.
 */
public final class Simulation {

    private static final int REPLAY_BUFFER_MAX = 64;

    private final long seed;
    private final SystemModel model;
    private final FaultConfig faults;
    private final Map<Address, Supplier<Node>> honest;
    private final Map<Address, Supplier<Node>> adversaries;
    private final TreeSet<Address> crashable;
    private final Corruptor corruptor;
    private final List<Property> properties;
    private final Writer trace;

    private final Rng root;
    private final Rng networkRng;
    private final Rng timingRng;
    private final Rng faultRng;
    private final Rng adversaryRng;
    private final FaultCounters counters = new FaultCounters();
    private final PriorityQueue<Event> queue = new PriorityQueue<>();
    private final Map<String, Long> lastDeliveredOnLink = new HashMap<>();
    private final List<Event> replayBuffer = new ArrayList<>();
    private final List<Partition> partitions = new ArrayList<>();
    private final List<String> parameters = new ArrayList<>();
    private final World world;
    private final Map<Address, Long> pausedUntil = new HashMap<>();
    private long now;
    private long seq;
    private long gstMs;
    private boolean healed;
    private boolean ran;

    private Simulation(Builder b) {
        this.seed = b.seed;
        this.model = Objects.requireNonNull(b.model, "model");
        this.faults = b.faults;
        this.honest = new LinkedHashMap<>(b.honest);
        this.adversaries = new LinkedHashMap<>(b.adversaries);
        this.crashable = new TreeSet<>(b.crashable);
        this.corruptor = b.corruptor;
        this.properties = List.copyOf(b.properties);
        this.trace = b.trace;
        this.root = new Rng(seed);
        this.networkRng = root.split("network");
        this.timingRng = root.split("timing");
        this.faultRng = root.split("faults");
        this.adversaryRng = root.split("adversary");
        History history = new History(() -> now);
        World.Tracer tracer = trace == null ? null : this::traceEvent;
        this.world = new World(honest, adversaries, root, history, () -> now, new Sink(), tracer,
            counters);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Runs the simulation to its end and returns what it found. */
    public SimResult run() {
        if (ran) {
            throw new IllegalStateException("a simulation runs once; build another");
        }
        ran = true;
        schedule();
        traceHeader();
        List<Violation> violations = new ArrayList<>();
        List<Property> safety = byKind(Property.Kind.SAFETY);
        List<Property> liveness = byKind(Property.Kind.LIVENESS);
        String livenessReason = null;
        boolean livenessMet = liveness.isEmpty();
        long events = 0;
        long horizon = faults.horizonMs();
        while (!queue.isEmpty()) {
            Event e = queue.poll();
            if (e.time > horizon) {
                queue.add(e);
                break;
            }
            now = e.time;
            if (dispatch(e)) {
                events++;
            }
            world.setQuiescent(queue.isEmpty());
            if (world.nodeError() != null) {
                violations.add(new Violation("node-error", Property.Kind.SAFETY,
                    world.nodeError(), now));
                break;
            }
            Violation v = firstViolation(safety);
            if (v != null) {
                violations.add(v);
                break;
            }
            if (healed && !livenessMet) {
                livenessReason = firstReason(liveness);
                livenessMet = livenessReason == null;
                if (livenessMet) {
                    break;
                }
            }
            if (events >= faults.maxEvents()) {
                livenessReason = "stopped after " + events + " events (max-events)";
                break;
            }
        }
        counters.add("events", events);
        world.setQuiescent(queue.isEmpty());
        world.history().closeOpen("run ended");
        if (violations.isEmpty()) {
            for (Property p : byKind(Property.Kind.FINAL)) {
                Optional<String> r = p.violation(world);
                if (r.isPresent()) {
                    violations.add(new Violation(p.name(), p.kind(), r.get(), now));
                    break;
                }
            }
        }
        if (violations.isEmpty() && !livenessMet) {
            if (livenessReason == null) {
                livenessReason = firstReason(liveness);
            }
            if (livenessReason != null) {
                violations.add(new Violation(firstFailing(liveness), Property.Kind.LIVENESS,
                    livenessReason + " (still so when the run ended at t=" + now
                        + "ms; faults stopped at " + faults.healAtMs() + "ms, liveness bound "
                        + faults.livenessBoundMs() + "ms)", now));
            }
        }
        Verdict verdict = Verdict.OK;
        for (Violation v : violations) {
            verdict = verdict.worst(v.verdict());
        }
        traceLine("{\"t\":" + now + ",\"event\":\"end\",\"verdict\":\"" + verdict
            + "\",\"counters\":\"" + counters + "\"}");
        flushTrace();
        return new SimResult(seed, model, faults, List.copyOf(parameters), verdict,
            List.copyOf(violations), counters, now, world);
    }

    private List<Property> byKind(Property.Kind kind) {
        List<Property> out = new ArrayList<>();
        for (Property p : properties) {
            if (p.kind() == kind) {
                out.add(p);
            }
        }
        return out;
    }

    private Violation firstViolation(List<Property> props) {
        for (Property p : props) {
            Optional<String> r = p.violation(world);
            if (r.isPresent()) {
                return new Violation(p.name(), p.kind(), r.get(), now);
            }
        }
        return null;
    }

    private String firstReason(List<Property> props) {
        Violation v = firstViolation(props);
        return v == null ? null : v.reason();
    }

    private String firstFailing(List<Property> props) {
        Violation v = firstViolation(props);
        return v == null ? props.get(0).name() : v.property();
    }

    // ---- scheduling of faults -------------------------------------------------------------

    private void schedule() {
        parameters.add("seed " + Long.toUnsignedString(seed));
        parameters.add("model " + model);
        parameters.add("nodes " + world.nodes() + (adversaries.isEmpty() ? ""
            : " adversaries " + new TreeSet<>(adversaries.keySet())));
        parameters.add("faults " + faults);
        if (model.timing() == TimingModel.PARTIAL_SYNC) {
            gstMs = faults.healAtMs() == 0 ? 0 : timingRng.nextLong(faults.healAtMs() + 1);
            parameters.add("gst " + gstMs + "ms (asynchronous before, delay <= "
                + faults.deltaMs() + "ms after)");
        }
        for (Address a : world.nodes()) {
            push(new Event(0, EventKind.START, null, a, null));
        }
        scheduleCrashes();
        schedulePartitions();
        schedulePauses();
        push(new Event(faults.healAtMs(), EventKind.HEAL, null, null, null));
    }

    private void scheduleCrashes() {
        if (model.nodes() == NodeModel.BYZANTINE || faults.crashesPerSecond() == 0) {
            return;
        }
        Rng crashRng = faultRng.split("crashes");
        for (Address a : crashable) {
            long t = 0;
            List<Long> times = new ArrayList<>();
            while (true) {
                t += exponentialMs(crashRng, faults.crashesPerSecond());
                if (t >= faults.healAtMs()) {
                    break;
                }
                times.add(t);
                push(new Event(t, EventKind.CRASH, null, a, null));
                if (model.nodes() == NodeModel.CRASH_STOP) {
                    break;
                }
            }
            parameters.add("crashes of " + a + " at " + times + "ms");
        }
    }

    private void schedulePartitions() {
        partitions.addAll(faults.partitions());
        if (model.network() != NetworkModel.RELIABLE && faults.healAtMs() > 1) {
            Rng pr = faultRng.split("partitions");
            if (pr.chance(faults.partitionRate())) {
                Partition.Kind kind = Partition.Kind.values()[
                    pr.nextInt(Partition.Kind.values().length)];
                long start = pr.nextLong(faults.healAtMs() / 2 + 1);
                long end = start + 1 + pr.nextLong(faults.healAtMs() - start);
                partitions.add(new Partition(kind, start, Math.min(end, faults.healAtMs())));
            }
        }
        for (Partition p : partitions) {
            counters.inc("partitions");
            counters.add("partition-ms", p.endMs() - p.startMs());
        }
        parameters.add("partitions " + partitions);
    }

    private void schedulePauses() {
        if (model.timing() == TimingModel.SYNC || faults.pausesPerSecond() == 0) {
            return;
        }
        long until = model.timing() == TimingModel.PARTIAL_SYNC ? gstMs : faults.healAtMs();
        Rng pauseRng = timingRng.split("pauses");
        for (Address a : world.nodes()) {
            long t = 0;
            while (true) {
                t += exponentialMs(pauseRng, faults.pausesPerSecond());
                if (t >= until) {
                    break;
                }
                long length = Math.min(faults.pauseCapMs(), pareto(pauseRng, 20, 1.5));
                Event e = new Event(t, EventKind.PAUSE, null, a, null);
                e.aux = length;
                push(e);
            }
        }
    }

    private static long exponentialMs(Rng rng, double perSecond) {
        double u = 1.0 - rng.nextDouble();
        return Math.max(1, (long) (-Math.log(u) / perSecond * 1000.0));
    }

    /** A heavy-tailed draw: Pareto with scale {@code xm} and shape {@code alpha}. */
    private static long pareto(Rng rng, double xm, double alpha) {
        double u = 1.0 - rng.nextDouble();
        double v = xm / Math.pow(u, 1.0 / alpha);
        return v > 1e15 ? Long.MAX_VALUE / 4 : Math.max(1, (long) v);
    }

    // ---- the network ----------------------------------------------------------------------

    private long delay() {
        long delta = faults.deltaMs();
        boolean unbounded = switch (model.timing()) {
            case SYNC -> false;
            case PARTIAL_SYNC -> now < gstMs;
            case ASYNC -> true;
        };
        if (!unbounded) {
            return 1 + timingRng.nextLong(delta);
        }
        long d = Math.min(faults.asyncDelayCapMs(), pareto(timingRng, Math.max(1, delta / 2), 1.1));
        if (d > delta) {
            counters.inc("late");
        }
        return d;
    }

    private void transmit(Address from, Address to, Message message) {
        counters.inc("sent");
        long sendSeq = seq;
        boolean faulty = !healed && model.network() != NetworkModel.RELIABLE;
        Partition cut = activePartition(from, to);
        if (cut != null) {
            if (model.network() == NetworkModel.RELIABLE) {
                // Reliable links deliver everything sent: a partition only holds messages back.
                deliverAt(cut.endMs() + delay(), from, to, message, sendSeq);
            } else {
                counters.inc("dropped-partition");
                traceNet("drop-partition", from, to, message);
            }
            return;
        }
        if (faulty && networkRng.chance(faults.lossRate())) {
            counters.inc("dropped");
            traceNet("drop", from, to, message);
            return;
        }
        Message payload = message;
        if (faulty && model.network() == NetworkModel.ARBITRARY) {
            payload = adversary(from, to, message);
            if (payload == null) {
                return;
            }
        }
        deliverAt(now + delay(), from, to, payload, sendSeq);
        if (faulty && networkRng.chance(faults.duplicateRate())) {
            counters.inc("duplicated");
            deliverAt(now + delay(), from, to, payload, sendSeq);
        }
    }

    /** The arbitrary network's adversary: may alter, spoof and replay. */
    private Message adversary(Address from, Address to, Message message) {
        Message payload = message;
        if (adversaryRng.chance(faults.corruptRate())) {
            counters.inc("corrupted");
            payload = corruptor.corrupt(message, adversaryRng);
            traceNet("corrupt", from, to, payload == null ? "(unreadable: dropped)" : payload);
            if (payload == null) {
                return null;
            }
        }
        if (adversaryRng.chance(faults.spoofRate()) && world.nodes().size() > 2) {
            List<Address> others = new ArrayList<>(world.nodes());
            others.remove(from);
            others.remove(to);
            Address forged = others.get(adversaryRng.nextInt(others.size()));
            counters.inc("spoofed");
            deliverAt(now + delay(), forged, to, payload, seq);
        }
        if (!replayBuffer.isEmpty() && adversaryRng.chance(faults.replayRate())) {
            Event old = replayBuffer.get(adversaryRng.nextInt(replayBuffer.size()));
            counters.inc("replayed");
            deliverAt(now + delay(), old.from, old.to, old.message, seq);
        }
        Event remembered = new Event(now, EventKind.DELIVER, from, to, message);
        if (replayBuffer.size() < REPLAY_BUFFER_MAX) {
            replayBuffer.add(remembered);
        } else {
            replayBuffer.set(adversaryRng.nextInt(REPLAY_BUFFER_MAX), remembered);
        }
        return payload;
    }

    private Partition activePartition(Address from, Address to) {
        for (Partition p : partitions) {
            if (p.activeAt(now) && p.cuts(from, to, world.nodes())) {
                return p;
            }
        }
        return null;
    }

    private void deliverAt(long time, Address from, Address to, Message message, long sendSeq) {
        Event e = new Event(time, EventKind.DELIVER, from, to, message);
        e.aux = sendSeq;
        push(e);
    }

    // ---- dispatch -------------------------------------------------------------------------

    private boolean dispatch(Event e) {
        if (e.to != null && (e.kind == EventKind.DELIVER || e.kind == EventKind.TIMER)) {
            Long paused = pausedUntil.get(e.to);
            if (paused != null && paused > now) {
                // A paused process handles nothing until it resumes; events wait, in order.
                Event later = new Event(paused, e.kind, e.from, e.to, e.message);
                later.aux = e.aux;
                later.incarnation = e.incarnation;
                later.timer = e.timer;
                push(later);
                return false;
            }
        }
        switch (e.kind) {
            case START -> world.start(e.to, false);
            case RESTART -> world.start(e.to, true);
            case DELIVER -> {
                countReorder(e);
                world.deliver(e.from, e.to, e.message);
            }
            case TIMER -> {
                return world.fireTimer(e.to, e.incarnation, e.aux, e.timer);
            }
            case CRASH -> crash(e.to);
            case PAUSE -> pause(e.to, e.aux);
            case HEAL -> heal();
        }
        return true;
    }

    private void countReorder(Event e) {
        String link = e.from.name() + "\u0000" + e.to.name();
        Long last = lastDeliveredOnLink.get(link);
        if (last != null && e.aux < last) {
            counters.inc("reordered");
        } else {
            lastDeliveredOnLink.put(link, e.aux);
        }
    }

    private void crash(Address a) {
        if (healed || !world.isUp(a)) {
            return;
        }
        boolean forever = model.nodes() == NodeModel.CRASH_STOP;
        if (faultRng.chance(faults.midHandlerCrashRate())) {
            world.armCrash(a, forever);
        } else {
            world.crash(a, forever, "between handlers");
        }
    }

    private void pause(Address a, long lengthMs) {
        long until = now + lengthMs;
        Long old = pausedUntil.get(a);
        if (old == null || old < until) {
            pausedUntil.put(a, until);
        }
        counters.inc("pauses");
        counters.add("pause-ms", lengthMs);
        traceLine("{\"t\":" + now + ",\"event\":\"pause\",\"node\":\"" + a + "\",\"ms\":"
            + lengthMs + "}");
    }

    private void heal() {
        healed = true;
        world.setHealed(true);
        world.disarmAll();
        traceLine("{\"t\":" + now + ",\"event\":\"heal\"}");
    }

    private void push(Event e) {
        e.seq = seq++;
        queue.add(e);
    }

    private final class Sink implements World.Sink {
        @Override
        public void send(Address from, Address to, Message message) {
            transmit(from, to, message);
        }

        @Override
        public void setTimer(Address node, long incarnation, long timerId, Timer timer,
                             long delayMs) {
            Event e = new Event(now + delayMs, EventKind.TIMER, null, node, null);
            e.incarnation = incarnation;
            e.aux = timerId;
            e.timer = timer;
            push(e);
        }

        @Override
        public void crashed(Address node, boolean forever) {
            if (!forever) {
                long delayMs = faults.restartMinMs()
                    + faultRng.nextLong(faults.restartMaxMs() - faults.restartMinMs() + 1);
                push(new Event(now + delayMs, EventKind.RESTART, null, node, null));
            }
        }
    }

    // ---- the trace ------------------------------------------------------------------------

    private void traceHeader() {
        if (trace == null) {
            return;
        }
        StringBuilder sb = new StringBuilder("{\"event\":\"header\",\"parameters\":[");
        for (int i = 0; i < parameters.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(Json.quote(parameters.get(i)));
        }
        traceLine(sb.append("]}").toString());
    }

    private void traceEvent(String kind, Address node, String detail) {
        traceLine("{\"t\":" + now + ",\"event\":\"" + kind + "\",\"node\":\"" + node
            + "\",\"detail\":" + Json.quote(detail) + "}");
    }

    private void traceNet(String kind, Address from, Address to, Object message) {
        if (trace != null) {
            traceLine("{\"t\":" + now + ",\"event\":\"" + kind + "\",\"from\":\"" + from
                + "\",\"to\":\"" + to + "\",\"detail\":" + Json.quote(String.valueOf(message))
                + "}");
        }
    }

    private void traceLine(String line) {
        if (trace == null) {
            return;
        }
        try {
            trace.write(line);
            trace.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the trace", e);
        }
    }

    private void flushTrace() {
        if (trace != null) {
            try {
                trace.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the trace", e);
            }
        }
    }

    private enum EventKind { START, RESTART, DELIVER, TIMER, CRASH, PAUSE, HEAL }

    /** One scheduled event. Mutable fields keep the hot path free of extra allocation. */
    private static final class Event implements Comparable<Event> {
        final long time;
        final EventKind kind;
        final Address from;
        final Address to;
        final Message message;
        long seq;
        long aux;
        long incarnation;
        Timer timer;

        Event(long time, EventKind kind, Address from, Address to, Message message) {
            this.time = time;
            this.kind = kind;
            this.from = from;
            this.to = to;
            this.message = message;
        }

        @Override
        public int compareTo(Event o) {
            int c = Long.compare(time, o.time);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    /** Builds a {@link Simulation}. */
    public static final class Builder {
        private long seed;
        private SystemModel model = new SystemModel(NetworkModel.RELIABLE, NodeModel.CRASH_STOP,
            TimingModel.SYNC);
        private FaultConfig faults = FaultConfig.defaults();
        private final Map<Address, Supplier<Node>> honest = new LinkedHashMap<>();
        private final Map<Address, Supplier<Node>> adversaries = new LinkedHashMap<>();
        private final List<Address> crashable = new ArrayList<>();
        private Corruptor corruptor = Corruptor.NONE;
        private final List<Property> properties = new ArrayList<>();
        private Writer trace;

        private Builder() {
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder model(SystemModel model) {
            this.model = Objects.requireNonNull(model, "model");
            return this;
        }

        public Builder faults(FaultConfig faults) {
            this.faults = Objects.requireNonNull(faults, "faults");
            return this;
        }

        /** Adds an honest node; the supplier makes a fresh instance at each (re)start. */
        public Builder node(Address address, Supplier<Node> factory) {
            if (honest.putIfAbsent(Objects.requireNonNull(address, "address"),
                Objects.requireNonNull(factory, "factory")) != null) {
                throw new IllegalArgumentException("node " + address + " added twice");
            }
            return this;
        }

        /** Makes {@code address} run an adversary strategy instead of the honest node. */
        public Builder adversary(Address address, Supplier<Node> factory) {
            adversaries.put(Objects.requireNonNull(address, "address"),
                Objects.requireNonNull(factory, "factory"));
            return this;
        }

        /** The nodes the crash models may crash (none unless named). */
        public Builder crashable(Collection<Address> nodes) {
            crashable.addAll(nodes);
            return this;
        }

        public Builder corruptor(Corruptor corruptor) {
            this.corruptor = Objects.requireNonNull(corruptor, "corruptor");
            return this;
        }

        public Builder property(Property property) {
            properties.add(Objects.requireNonNull(property, "property"));
            return this;
        }

        public Builder properties(Collection<Property> all) {
            all.forEach(this::property);
            return this;
        }

        /** Writes the run as JSON lines to {@code trace}; the caller closes it. */
        public Builder trace(Writer trace) {
            this.trace = trace;
            return this;
        }

        public Simulation build() {
            if (honest.isEmpty() && adversaries.isEmpty()) {
                throw new IllegalArgumentException("a simulation needs at least one node");
            }
            for (Address a : crashable) {
                if (!honest.containsKey(a) && !adversaries.containsKey(a)) {
                    throw new IllegalArgumentException("crashable node " + a + " is not a node");
                }
            }
            return new Simulation(this);
        }
    }
}
