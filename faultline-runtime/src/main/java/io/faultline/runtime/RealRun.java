package io.faultline.runtime;

import io.faultline.sim.Address;
import io.faultline.sim.Rng;
import io.faultline.sim.engine.Property;
import io.faultline.sim.engine.SimView;
import io.faultline.sim.engine.Verdict;
import io.faultline.sim.engine.Violation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A driver for a real run: while the nodes of a {@link RealCluster} work, it crashes and restarts
 * the crashable ones, and pauses the pausable ones (a stop-the-world pause, memory kept: see
 * {@link NodeHost#pause}), at seeded random moments, checks the scenario's safety properties as
 * it goes, then stops the faults (the heal point), restarts whatever is down and waits, up to a
 * bound, for the liveness properties to hold. The same {@link Property} objects the simulator
 * checks are checked here, on a {@link ClusterView}.
 *
 * <pre>{@code
 * RealRun.Result r = RealRun.builder(cluster)
 *     .properties(RetryScenario.properties(30))
 *     .crashable(List.of(Address.of("server")))
 *     .crashEveryMs(300).downMs(100).faultsMaxMs(5_000).livenessBoundMs(20_000)
 *     .pausable(List.of(Address.of("server"))).pauseEveryMs(1_500).pauseMs(500)
 *     .seed(42)
 *     .run();
 * System.exit(r.verdict().exitCode());
 * }</pre>
 *
 * <p>Unlike the simulator, a real run is not replayable: the seed fixes the driver's choices
 * (which node, how long between faults), not the threads' interleaving. Safety is checked every
 * {@code checkEveryMs}, not after every event, so a violation that a later event hides can be
 * missed; the stores and history it rests on are durable, so most are not.
 *
 * <p>Threading: {@link Builder#run()} runs the driver on the calling thread until the run ends.
 */
public final class RealRun {

    private RealRun() {
    }

    /** How the driver crashes, restarts and pauses a node: a host in this JVM, or a process. */
    public interface Faults {
        /** Crashes {@code node} at once. */
        void crash(Address node);

        /** Restarts {@code node} on its durable state. */
        void restart(Address node);

        /**
         * Pauses {@code node} for {@code ms}, memory kept; returns at once.
         *
         * @return false when the node was down, so nothing was paused
         */
        default boolean pause(Address node, long ms) {
            throw new UnsupportedOperationException("these faults cannot pause " + node);
        }
    }

    /** Starts describing a run on {@code cluster}. */
    public static Builder builder(RealCluster cluster) {
        return new Builder(cluster);
    }

    /**
     * What one property came to.
     *
     * @param name the property's name
     * @param kind safety, final or liveness
     * @param violation empty when it held (or was not judged), else why not
     * @param judged false for a liveness property that did not hold when the run stopped at a
     *     safety violation: it had no time to come true, so it neither held nor failed
     */
    public record PropertyOutcome(String name, Property.Kind kind, Optional<String> violation,
                                  boolean judged) {

        /** The outcome in a few words: "held", "VIOLATED: why" or "not judged: why". */
        public String text() {
            if (!judged) {
                return "not judged: the run stopped at a safety violation first";
            }
            return violation.map(v -> "VIOLATED: " + v).orElse("held");
        }
    }

    /**
     * The outcome of a real run.
     *
     * @param verdict OK, SAFETY or LIVENESS
     * @param violation the first violation found, if any
     * @param properties every property, in the order given, with its outcome
     * @param crashes how many crashes the driver injected
     * @param restarts how many restarts it made
     * @param pauses how many pauses it injected
     * @param healAtMs when faults stopped, in cluster milliseconds
     * @param endMs when the run ended, in cluster milliseconds
     * @param checks how many times the properties were checked
     */
    public record Result(Verdict verdict, Optional<Violation> violation,
                         List<PropertyOutcome> properties, long crashes, long restarts,
                         long pauses, long healAtMs, long endMs, long checks) {
    }

    /** Options of a real run; each setter checks its range at once. */
    public static final class Builder {
        private final RealCluster cluster;
        private List<Property> properties = List.of();
        private List<Address> crashable = List.of();
        private long crashEveryMs = 500;
        private long downMs = 100;
        private List<Address> pausable = List.of();
        private long pauseEveryMs = 1_500;
        private long pauseMs = 500;
        private long faultsMaxMs = 5_000;
        private long livenessBoundMs = 30_000;
        private long checkEveryMs = 50;
        private long seed;
        private Predicate<SimView> faultsUntil = view -> false;
        private Faults faults;
        private Consumer<ClusterView> observer = view -> { };

        private Builder(RealCluster cluster) {
            this.cluster = Objects.requireNonNull(cluster, "cluster");
            this.faults = new Faults() {
                @Override
                public void crash(Address node) {
                    cluster.crash(node);
                }

                @Override
                public void restart(Address node) {
                    cluster.restart(node);
                }

                @Override
                public boolean pause(Address node, long ms) {
                    return cluster.pause(node, Duration.ofMillis(ms));
                }
            };
        }

        /** The properties to check (safety and final ones during and after, liveness after). */
        public Builder properties(List<Property> properties) {
            this.properties = List.copyOf(properties);
            return this;
        }

        /** The nodes the driver may crash; none by default. */
        public Builder crashable(List<Address> nodes) {
            this.crashable = known(nodes);
            return this;
        }

        /**
         * The nodes the driver may pause; none by default. A pause picks one of them that is up
         * and not paused already.
         */
        public Builder pausable(List<Address> nodes) {
            this.pausable = known(nodes);
            return this;
        }

        /** A copy of {@code nodes}, each of which must be in the cluster. */
        private List<Address> known(List<Address> nodes) {
            for (Address a : nodes) {
                cluster.isUp(a); // names the node in the error when it is unknown
            }
            return List.copyOf(nodes);
        }

        /** The mean time from one pause's start to the next's, 10..3,600,000 ms; default 1,500. */
        public Builder pauseEveryMs(long ms) {
            this.pauseEveryMs = inRange("pauseEveryMs", ms, 10, 3_600_000);
            return this;
        }

        /** How long a pause lasts, 1..600,000 ms; default 500. */
        public Builder pauseMs(long ms) {
            this.pauseMs = inRange("pauseMs", ms, 1, 600_000);
            return this;
        }

        /** The mean time from a restart (or the start) to the next crash, 10..3,600,000 ms. */
        public Builder crashEveryMs(long ms) {
            this.crashEveryMs = inRange("crashEveryMs", ms, 10, 3_600_000);
            return this;
        }

        /** How long a crashed node stays down, 0..3,600,000 ms; default 100. */
        public Builder downMs(long ms) {
            this.downMs = inRange("downMs", ms, 0, 3_600_000);
            return this;
        }

        /** The longest the driver injects faults, 0..86,400,000 ms; default 5,000. */
        public Builder faultsMaxMs(long ms) {
            this.faultsMaxMs = inRange("faultsMaxMs", ms, 0, 86_400_000);
            return this;
        }

        /** How long after the heal point liveness may take, 1..86,400,000 ms; default 30,000. */
        public Builder livenessBoundMs(long ms) {
            this.livenessBoundMs = inRange("livenessBoundMs", ms, 1, 86_400_000);
            return this;
        }

        /** How often properties are checked, 1..60,000 ms; default 50. */
        public Builder checkEveryMs(long ms) {
            this.checkEveryMs = inRange("checkEveryMs", ms, 1, 60_000);
            return this;
        }

        /** Seeds the driver's choices. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Says when the work is done (e.g. the client finished): faults stop early, and liveness
         * is judged at once instead of waited for, since nothing will change any more.
         */
        public Builder faultsUntil(Predicate<SimView> done) {
            this.faultsUntil = Objects.requireNonNull(done, "done");
            return this;
        }

        /**
         * Sees every view the driver checks, before its properties are checked, on the driver's
         * thread: to record how the nodes' state changes over the run. Default: nothing.
         */
        public Builder observer(Consumer<ClusterView> observer) {
            this.observer = Objects.requireNonNull(observer, "observer");
            return this;
        }

        /**
         * How nodes are crashed, restarted and paused; default: the cluster's own (its hosts in
         * this JVM, its child processes by signal).
         */
        public Builder faults(Faults faults) {
            this.faults = Objects.requireNonNull(faults, "faults");
            return this;
        }

        private static long inRange(String name, long value, long min, long max) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(name + " must be in " + min + ".." + max
                    + ", was " + value);
            }
            return value;
        }

        /** Runs the driver until the run ends, and judges it. */
        public Result run() {
            return new Driver(this).run();
        }
    }

    /** One run's mutable state, on the caller's thread. */
    private static final class Driver {
        private static final long TICK_MS = 5;

        private final Builder b;
        private final Rng rng;
        /** Pauses draw from their own stream: turning them on leaves the crashes as they were. */
        private final Rng pauseRng;
        private final TreeMap<Address, Long> restartAt = new TreeMap<>();
        private final TreeMap<Address, Long> pausedUntil = new TreeMap<>();
        private long crashes;
        private long restarts;
        private long pauses;
        private long checks;
        private Violation first;

        Driver(Builder b) {
            this.b = b;
            this.rng = new Rng(b.seed).split("driver");
            this.pauseRng = new Rng(b.seed).split("driver-pauses");
        }

        private long now() {
            return b.cluster.clock().getAsLong();
        }

        private static long nextGap(Rng stream, long meanMs) {
            // Uniform in [mean/2, 3*mean/2]: faults neither regular nor bunched.
            return meanMs / 2 + stream.nextLong(meanMs + 1);
        }

        Result run() {
            long start = now();
            long nextCrashAt = start + nextGap(rng, b.crashEveryMs);
            long nextPauseAt = start + nextGap(pauseRng, b.pauseEveryMs);
            long nextCheckAt = start;
            while (first == null && now() - start < b.faultsMaxMs) {
                long t = now();
                if (t >= nextCheckAt) {
                    ClusterView view = ClusterView.of(b.cluster, false);
                    b.observer.accept(view);
                    check(view, false, false);
                    if (b.faultsUntil.test(view)) {
                        break;
                    }
                    nextCheckAt = t + b.checkEveryMs;
                }
                if (!b.crashable.isEmpty() && t >= nextCrashAt) {
                    crashOne(t);
                    nextCrashAt = t + nextGap(rng, b.crashEveryMs);
                }
                if (!b.pausable.isEmpty() && t >= nextPauseAt) {
                    pauseOne(t);
                    nextPauseAt = t + nextGap(pauseRng, b.pauseEveryMs);
                }
                if (restartDue(t, false)) {
                    // A restart can take long (a JVM start); the next crash comes a full gap
                    // after the node is back, or the node would hardly ever be up.
                    nextCrashAt = now() + nextGap(rng, b.crashEveryMs);
                }
                sleep(TICK_MS);
            }
            restartDue(Long.MAX_VALUE, true);
            long healAt = now();
            List<PropertyOutcome> outcomes = awaitLiveness(healAt);
            Verdict verdict = first == null ? Verdict.OK : first.verdict();
            return new Result(verdict, Optional.ofNullable(first), outcomes, crashes, restarts,
                pauses, healAt, now(), checks);
        }

        private void crashOne(long t) {
            List<Address> up = new ArrayList<>();
            for (Address a : b.crashable) {
                if (!restartAt.containsKey(a)) {
                    up.add(a);
                }
            }
            if (up.isEmpty()) {
                return;
            }
            Address victim = up.get(rng.nextInt(up.size()));
            b.faults.crash(victim);
            crashes++;
            restartAt.put(victim, t + b.downMs);
            // A crash ends a pause: the next life starts unpaused.
            pausedUntil.remove(victim);
        }

        private void pauseOne(long t) {
            List<Address> running = new ArrayList<>();
            for (Address a : b.pausable) {
                if (!restartAt.containsKey(a) && pausedUntil.getOrDefault(a, 0L) <= t) {
                    running.add(a);
                }
            }
            if (running.isEmpty()) {
                return;
            }
            Address victim = running.get(pauseRng.nextInt(running.size()));
            if (b.faults.pause(victim, b.pauseMs)) {
                pauses++;
                pausedUntil.put(victim, t + b.pauseMs);
            }
        }

        private boolean restartDue(long t, boolean all) {
            List<Address> due = new ArrayList<>();
            restartAt.forEach((a, at) -> {
                if (all || at <= t) {
                    due.add(a);
                }
            });
            for (Address a : due) {
                restartAt.remove(a);
                b.faults.restart(a);
                restarts++;
            }
            return !due.isEmpty();
        }

        private List<PropertyOutcome> awaitLiveness(long healAt) {
            while (true) {
                ClusterView view = ClusterView.of(b.cluster, true);
                b.observer.accept(view);
                List<PropertyOutcome> outcomes = check(view, true, false);
                boolean liveHolds = outcomes.stream().allMatch(o -> o.violation().isEmpty());
                boolean timeUp = now() - healAt >= b.livenessBoundMs;
                // Once the work is done nothing will change any more: judge now, not at the bound.
                boolean settled = b.faultsUntil.test(view);
                if (first != null || liveHolds || timeUp || settled) {
                    // The end: final properties now, then the first liveness failure, if any.
                    boolean stoppedBySafety = first != null;
                    outcomes = check(view, true, true);
                    List<PropertyOutcome> judged = new ArrayList<>();
                    for (PropertyOutcome o : outcomes) {
                        if (stoppedBySafety && o.kind() == Property.Kind.LIVENESS
                                && o.violation().isPresent()) {
                            // Cut short, it never had the time the bound allows.
                            o = new PropertyOutcome(o.name(), o.kind(), Optional.empty(), false);
                        }
                        if (first == null && o.violation().isPresent()) {
                            first = new Violation(o.name(), o.kind(), o.violation().get(),
                                view.now());
                        }
                        judged.add(o);
                    }
                    return judged;
                }
                sleep(b.checkEveryMs);
            }
        }

        /**
         * Checks the safety properties, and the liveness ones once healed and the final ones at
         * the end; remembers the first safety or final violation.
         */
        private List<PropertyOutcome> check(ClusterView view, boolean healed, boolean end) {
            checks++;
            List<PropertyOutcome> outcomes = new ArrayList<>();
            for (Property p : b.properties) {
                boolean due = switch (p.kind()) {
                    case SAFETY -> true;
                    case LIVENESS -> healed;
                    case FINAL -> end;
                };
                Optional<String> v = due ? p.violation(view) : Optional.empty();
                outcomes.add(new PropertyOutcome(p.name(), p.kind(), v, true));
                if (v.isPresent() && p.kind() != Property.Kind.LIVENESS && first == null) {
                    first = new Violation(p.name(), p.kind(), v.get(), view.now());
                }
            }
            return outcomes;
        }

        private static void sleep(long ms) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("the run's driver was interrupted", e);
            }
        }
    }
}
