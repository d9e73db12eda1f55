package io.faultline.sim.engine;

import io.faultline.sim.Address;
import io.faultline.sim.History;
import io.faultline.sim.Message;
import io.faultline.sim.Node;
import io.faultline.sim.Rng;
import io.faultline.sim.Timer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * A bounded exhaustive search for tiny configurations: every order in which pending messages are
 * delivered and timers fire, every choice of up to {@code maxLosses} messages to lose, up to
 * {@code maxDuplicates} to duplicate and up to {@code maxCrashes} crashes (with restarts when
 * {@code recoverable}), to a depth of {@code maxDepth} steps. Searching by iterative deepening, it
 * returns the shortest counterexample to a safety or final property. Liveness is not judged: it
 * needs fairness, which a bounded adversary does not give.
 *
 * <p>Executions are re-run from the start for every prefix (nodes are not copied), so a node needs
 * nothing but determinism. Time is the step count: timers fire in any order relative to messages
 * (the asynchronous model), or, with {@code synchronousTimers}, only when no message is in flight.
 */
public final class Explorer {

    private final Map<Address, Supplier<Node>> honest;
    private final Map<Address, Supplier<Node>> adversaries;
    private final TreeSet<Address> crashable;
    private final List<Property> properties;
    private final int maxDepth;
    private final int maxLosses;
    private final int maxCrashes;
    private final int maxDuplicates;
    private final boolean recoverable;
    private final long maxRuns;
    private final boolean synchronousTimers;
    private final long seed;
    private long runs;
    private boolean cut;

    private Explorer(Builder b) {
        this.honest = new LinkedHashMap<>(b.honest);
        this.adversaries = new LinkedHashMap<>(b.adversaries);
        this.crashable = new TreeSet<>(b.crashable);
        this.properties = List.copyOf(b.properties);
        this.maxDepth = b.maxDepth;
        this.maxLosses = b.maxLosses;
        this.maxCrashes = b.maxCrashes;
        this.maxDuplicates = b.maxDuplicates;
        this.recoverable = b.recoverable;
        this.maxRuns = b.maxRuns;
        this.synchronousTimers = b.synchronousTimers;
        this.seed = b.seed;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Searches, shallowest first, and returns the first (so shortest) counterexample. */
    public ExploreResult explore() {
        int searched = -1;
        for (int depth = 0; depth <= maxDepth; depth++) {
            cut = false;
            Found found = dfs(new ArrayList<>(), depth);
            if (found != null) {
                return new ExploreResult(found.violation, found.lines, runs, depth, false);
            }
            if (runs >= maxRuns) {
                break;
            }
            searched = depth;
            if (!cut) {
                return new ExploreResult(null, List.of(), runs, depth, true);
            }
        }
        return new ExploreResult(null, List.of(), runs, searched, false);
    }

    private record Found(Violation violation, List<String> lines) {
    }

    private Found dfs(List<Choice> prefix, int depth) {
        if (runs >= maxRuns) {
            cut = true;
            return null;
        }
        Execution ex = new Execution();
        runs++;
        Violation v = ex.replay(prefix);
        if (v != null) {
            return new Found(v, ex.lines(v));
        }
        List<Choice> choices = ex.choices();
        if (choices.isEmpty()) {
            Violation end = ex.checkEnd();
            return end == null ? null : new Found(end, ex.lines(end));
        }
        if (prefix.size() >= depth) {
            cut = true;
            return null;
        }
        for (Choice c : choices) {
            prefix.add(c);
            Found f = dfs(prefix, depth);
            prefix.remove(prefix.size() - 1);
            if (f != null) {
                return f;
            }
        }
        return null;
    }

    private enum Kind { DELIVER, DELIVER_THEN_CRASH, DROP, DUPLICATE, FIRE, CRASH, RESTART }

    /** One step: what to do with which pending item (or which node, for a crash). */
    private record Choice(Kind kind, int index, Address node) {
    }

    private sealed interface Pending permits InFlight, Armed {
    }

    private record InFlight(Address from, Address to, Message message) implements Pending {
    }

    private record Armed(Address node, long incarnation, long id, Timer timer) implements Pending {
    }

    /** One execution, replayed from the start along a prefix of choices. */
    private final class Execution implements World.Sink {
        final List<Pending> pending = new ArrayList<>();
        final List<String> steps = new ArrayList<>();
        final World world;
        long step;
        int losses;
        int duplicates;
        int crashes;

        Execution() {
            History history = new History(() -> step);
            world = new World(honest, adversaries, new Rng(seed), history, () -> step, this, null,
                new FaultCounters());
            for (Address a : world.nodes()) {
                world.start(a, false);
            }
        }

        Violation replay(List<Choice> prefix) {
            Violation v = check(Property.Kind.SAFETY);
            for (Choice c : prefix) {
                if (v != null) {
                    return v;
                }
                apply(c);
                v = check(Property.Kind.SAFETY);
            }
            return v;
        }

        private void apply(Choice c) {
            step++;
            switch (c.kind) {
                case DELIVER -> {
                    InFlight m = (InFlight) pending.remove(c.index);
                    steps.add("step " + step + ": deliver " + m.from + " -> " + m.to + " "
                        + m.message);
                    world.deliver(m.from, m.to, m.message);
                }
                case DELIVER_THEN_CRASH -> {
                    InFlight m = (InFlight) pending.remove(c.index);
                    crashes++;
                    steps.add("step " + step + ": deliver " + m.from + " -> " + m.to + " "
                        + m.message + ", then CRASH " + m.to + " after its writes, before its"
                        + " sends" + (recoverable ? "" : " (for good)"));
                    world.armCrash(m.to, !recoverable, true);
                    world.deliver(m.from, m.to, m.message);
                }
                case DROP -> {
                    InFlight m = (InFlight) pending.remove(c.index);
                    losses++;
                    steps.add("step " + step + ": LOSE " + m.from + " -> " + m.to + " "
                        + m.message);
                }
                case FIRE -> {
                    Armed t = (Armed) pending.remove(c.index);
                    steps.add("step " + step + ": timer " + t.node + " " + t.timer);
                    world.fireTimer(t.node, t.incarnation, t.id, t.timer);
                }
                case DUPLICATE -> {
                    InFlight m = (InFlight) pending.get(c.index);
                    duplicates++;
                    pending.add(m);
                    steps.add("step " + step + ": DUPLICATE " + m.from + " -> " + m.to + " "
                        + m.message);
                }
                case CRASH -> {
                    crashes++;
                    steps.add("step " + step + ": CRASH " + c.node
                        + (recoverable ? "" : " (for good)"));
                    world.crash(c.node, !recoverable, "explorer");
                }
                case RESTART -> {
                    steps.add("step " + step + ": RESTART " + c.node + " (memory lost, store kept)");
                    world.start(c.node, true);
                }
            }
            pending.removeIf(p -> p instanceof Armed t
                && (!world.isUp(t.node) || world.incarnation(t.node) != t.incarnation));
        }

        List<Choice> choices() {
            List<Choice> out = new ArrayList<>();
            boolean messagesInFlight = false;
            for (int i = 0; i < pending.size(); i++) {
                if (pending.get(i) instanceof InFlight) {
                    messagesInFlight = true;
                    out.add(new Choice(Kind.DELIVER, i, null));
                    if (crashes < maxCrashes && crashable.contains(((InFlight) pending.get(i)).to)
                        && world.isUp(((InFlight) pending.get(i)).to)) {
                        out.add(new Choice(Kind.DELIVER_THEN_CRASH, i, null));
                    }
                    if (losses < maxLosses) {
                        out.add(new Choice(Kind.DROP, i, null));
                    }
                    if (duplicates < maxDuplicates) {
                        out.add(new Choice(Kind.DUPLICATE, i, null));
                    }
                }
            }
            for (int i = 0; i < pending.size(); i++) {
                if (pending.get(i) instanceof Armed && !(synchronousTimers && messagesInFlight)) {
                    out.add(new Choice(Kind.FIRE, i, null));
                }
            }
            for (Address a : crashable) {
                if (world.isUp(a) && crashes < maxCrashes) {
                    out.add(new Choice(Kind.CRASH, -1, a));
                } else if (!world.isUp(a) && recoverable) {
                    out.add(new Choice(Kind.RESTART, -1, a));
                }
            }
            return out;
        }

        Violation checkEnd() {
            world.setQuiescent(true);
            world.setHealed(true);
            world.history().closeOpen("execution ended");
            // Liveness is not judged here: "eventually" needs fairness (every message retried
            // often enough gets through), which a bounded adversarial search does not model.
            return check(Property.Kind.FINAL);
        }

        private Violation check(Property.Kind kind) {
            if (world.nodeError() != null) {
                return new Violation("node-error", Property.Kind.SAFETY, world.nodeError(), step);
            }
            for (Property p : properties) {
                if (p.kind() == kind) {
                    Optional<String> r = p.violation(world);
                    if (r.isPresent()) {
                        return new Violation(p.name(), kind, r.get(), step);
                    }
                }
            }
            return null;
        }

        List<String> lines(Violation v) {
            List<String> out = new ArrayList<>(steps);
            out.add("=> " + v);
            return out;
        }

        @Override
        public void send(Address from, Address to, Message message) {
            pending.add(new InFlight(from, to, message));
        }

        @Override
        public void setTimer(Address node, long incarnation, long timerId, Timer timer,
                             long delayMs) {
            pending.add(new Armed(node, incarnation, timerId, timer));
        }

        @Override
        public void crashed(Address node, boolean forever) {
            // Crashes are the explorer's own choices; nothing to schedule.
        }
    }

    /** Builds an {@link Explorer}; bounds are checked at once. */
    public static final class Builder {
        private final Map<Address, Supplier<Node>> honest = new LinkedHashMap<>();
        private final Map<Address, Supplier<Node>> adversaries = new LinkedHashMap<>();
        private final List<Address> crashable = new ArrayList<>();
        private final List<Property> properties = new ArrayList<>();
        private int maxDepth = 20;
        private int maxLosses;
        private int maxCrashes;
        private int maxDuplicates;
        private boolean recoverable;
        private long maxRuns = 5_000_000;
        private boolean synchronousTimers;
        private long seed;

        private Builder() {
        }

        public Builder node(Address address, Supplier<Node> factory) {
            honest.put(Objects.requireNonNull(address), Objects.requireNonNull(factory));
            return this;
        }

        public Builder adversary(Address address, Supplier<Node> factory) {
            adversaries.put(Objects.requireNonNull(address), Objects.requireNonNull(factory));
            return this;
        }

        public Builder crashable(Collection<Address> nodes) {
            crashable.addAll(nodes);
            return this;
        }

        public Builder property(Property p) {
            properties.add(Objects.requireNonNull(p));
            return this;
        }

        public Builder properties(Collection<Property> all) {
            all.forEach(this::property);
            return this;
        }

        public Builder maxDepth(int steps) {
            if (steps < 0 || steps > 1_000) {
                throw new IllegalArgumentException("max depth must be in [0, 1000], got " + steps);
            }
            this.maxDepth = steps;
            return this;
        }

        public Builder maxLosses(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("max losses must be >= 0, got " + n);
            }
            this.maxLosses = n;
            return this;
        }

        public Builder maxCrashes(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("max crashes must be >= 0, got " + n);
            }
            this.maxCrashes = n;
            return this;
        }

        public Builder maxDuplicates(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("max duplicates must be >= 0, got " + n);
            }
            this.maxDuplicates = n;
            return this;
        }

        /** Crashed nodes may restart (crash-recovery): memory lost, store kept. */
        public Builder recoverable(boolean on) {
            this.recoverable = on;
            return this;
        }

        public Builder maxRuns(long n) {
            if (n < 1) {
                throw new IllegalArgumentException("max runs must be >= 1, got " + n);
            }
            this.maxRuns = n;
            return this;
        }

        /** Timers fire only when no message is in flight (rounds longer than any delay). */
        public Builder synchronousTimers(boolean on) {
            this.synchronousTimers = on;
            return this;
        }

        /**
         * The usual bounds for {@code model}: one loss and one duplicate on a lossy network,
         * timers in rounds under the synchronous model, and one crash of one of {@code crashable}
         * (restarted under crash-recovery). Under the Byzantine model nothing crashes; the caller
         * adds the adversaries.
         */
        public Builder boundsFor(SystemModel model, Collection<Address> crashable) {
            boolean lossy = model.network() != NetworkModel.RELIABLE;
            maxLosses(lossy ? 1 : 0);
            maxDuplicates(lossy ? 1 : 0);
            synchronousTimers(model.timing() == TimingModel.SYNC);
            if (model.nodes() != NodeModel.BYZANTINE) {
                crashable(crashable);
                maxCrashes(1);
                recoverable(model.nodes() == NodeModel.CRASH_RECOVERY);
            }
            return this;
        }

        /** The seed of the nodes' random streams (the search itself draws nothing). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Explorer build() {
            if (honest.isEmpty() && adversaries.isEmpty()) {
                throw new IllegalArgumentException("an exploration needs at least one node");
            }
            return new Explorer(this);
        }
    }
}
