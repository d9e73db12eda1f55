package io.faultline.protocols.byzantine;

import io.faultline.protocols.byzantine.ByzantineMessage.ArmySize;
import io.faultline.protocols.byzantine.ByzantineMessage.Oral;
import io.faultline.protocols.byzantine.ByzantineMessage.Report;
import io.faultline.protocols.byzantine.ByzantineMessage.Signed;
import io.faultline.sim.Address;
import io.faultline.sim.Node;
import io.faultline.sim.engine.Corruptor;
import io.faultline.sim.engine.FaultConfig;
import io.faultline.sim.engine.NetworkModel;
import io.faultline.sim.engine.NodeModel;
import io.faultline.sim.engine.Property;
import io.faultline.sim.engine.SimResult;
import io.faultline.sim.engine.SimView;
import io.faultline.sim.engine.Simulation;
import io.faultline.sim.engine.SystemModel;
import io.faultline.sim.engine.TimingModel;

import java.io.Writer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * One run of a Byzantine generals algorithm in the simulator: generals {@code g1..gn}, chosen
 * traitors with their voices, a system model, and the properties "decided" (liveness), IC1
 * "agreement" and IC2 "validity" (checked on the final state, over the loyal generals that are
 * up).
 *
 * <pre>{@code
 * Spec spec = Spec.of(Algorithm.OM, 4, 1, List.of(1, 0, 1, 1))
 *     .withTraitors(ByzantineScenario.strategy("equivocate", 4, Set.of(3), 2));
 * Outcome o = ByzantineScenario.run(spec, null);
 * o.result().verdict();   // OK
 * }</pre>
 */
public final class ByzantineScenario {

    /** The algorithm every general runs. */
    public enum Algorithm {
        /** The course's two-round vector algorithm (interactive consistency, f = 1 on slides). */
        LECTURE,
        /** OM(m), oral messages. */
        OM,
        /** SM(m), signed messages. */
        SM;

        public String cliName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Parses {@code lecture}, {@code om} or {@code sm}; the error names the valid ones. */
        public static Algorithm parse(String s) {
            for (Algorithm a : values()) {
                if (a.cliName().equals(s)) {
                    return a;
                }
            }
            throw new IllegalArgumentException("unknown algorithm '" + s
                + "'; valid: lecture, om, sm");
        }
    }

    /**
     * A scenario.
     *
     * @param algorithm what the generals run
     * @param n how many generals, named g1..gn
     * @param f the number of traitors the algorithm is built for (m of OM(m) and SM(m))
     * @param values each general's true value, g1 first
     * @param traitors traitor position (1-based) to the voice it lies with; at most f of them
     * @param commander 0 for interactive consistency (everyone commands its own value), else the
     *                  1-based position of the one commander
     * @param model the system model to run under
     * @param faults the fault rates; {@code deltaMs} is the algorithms' known delay bound
     * @param seed the root seed
     */
    public record Spec(Algorithm algorithm, int n, int f, List<Integer> values,
                       SortedMap<Integer, Voice> traitors, int commander, SystemModel model,
                       FaultConfig faults, long seed) {

        public Spec {
            if (n < 2) {
                throw new IllegalArgumentException("n must be >= 2, got " + n);
            }
            if (f < 0) {
                throw new IllegalArgumentException("f must be >= 0, got " + f);
            }
            values = List.copyOf(values);
            if (values.size() != n) {
                throw new IllegalArgumentException("need one value per general: n = " + n
                    + " but " + values.size() + " values " + values);
            }
            traitors = Collections.unmodifiableSortedMap(new TreeMap<>(traitors));
            for (int t : traitors.keySet()) {
                if (t < 1 || t > n) {
                    throw new IllegalArgumentException("traitor position " + t
                        + " is out of range; valid: 1.." + n);
                }
            }
            if (traitors.size() > f) {
                throw new IllegalArgumentException(traitors.size() + " traitors "
                    + traitors.keySet()
                    + " but f = " + f + "; name at most f traitors");
            }
            if (commander < 0 || commander > n) {
                throw new IllegalArgumentException("commander " + commander
                    + " is out of range; valid: 0 (every general) or 1.." + n);
            }
            if (algorithm == Algorithm.LECTURE && commander != 0) {
                throw new IllegalArgumentException("the lecture algorithm has no commander form; "
                    + "use commander 0");
            }
        }

        /** Interactive consistency, no traitor, reliable synchronous network, seed 1. */
        public static Spec of(Algorithm algorithm, int n, int f, List<Integer> values) {
            return new Spec(algorithm, n, f, values, new TreeMap<>(), 0,
                new SystemModel(NetworkModel.RELIABLE, NodeModel.BYZANTINE, TimingModel.SYNC),
                defaultFaults(f), 1L);
        }

        public Spec withTraitors(SortedMap<Integer, Voice> t) {
            return new Spec(algorithm, n, f, values, t, commander, model, faults, seed);
        }

        public Spec withCommander(int c) {
            return new Spec(algorithm, n, f, values, traitors, c, model, faults, seed);
        }

        public Spec withModel(SystemModel m, FaultConfig fc) {
            return new Spec(algorithm, n, f, values, traitors, commander, m, fc, seed);
        }

        public Spec withSeed(long s) {
            return new Spec(algorithm, n, f, values, traitors, commander, model, faults, s);
        }

        public Spec withValues(List<Integer> v) {
            return new Spec(algorithm, n, f, v, traitors, commander, model, faults, seed);
        }

        /** The generals, g1..gn. */
        public List<Address> generals() {
            return ByzantineScenario.generals(n);
        }

        /** The relay rounds: 1 for the lecture algorithm (its second step), else f. */
        public int rounds() {
            return algorithm == Algorithm.LECTURE ? 1 : f;
        }
    }

    /**
     * What a run found.
     *
     * @param result the simulator's result (verdict, violations, fault counters)
     * @param decisions every general's decision (traitors included, marked in {@code traitors})
     * @param traitors the traitors' addresses
     * @param tally the loyal and traitorous generals' sends and rejections, summed
     * @param signatures Ed25519 signatures made (SM only)
     * @param verifications Ed25519 signature verifications done (SM only)
     */
    public record Outcome(SimResult result,
                          SortedMap<Address, Optional<SortedMap<Address, Integer>>> decisions,
                          Set<Address> traitors, ByzantineGeneral.Tally tally, long signatures,
                          long verifications) {
    }

    /** What the arbitrary network's adversary does to a Byzantine message: change a value. */
    public static final Corruptor CORRUPTOR = (message, rng) -> {
        if (message instanceof Oral o) {
            return new Oral(o.path(), o.value() + 1);
        } else if (message instanceof ArmySize a) {
            return new ArmySize(a.value() + 1);
        } else if (message instanceof Signed s) {
            return new Signed(s.value() + 1, s.chain());
        } else if (message instanceof Report r) {
            List<Integer> v = new ArrayList<>(r.values());
            int i = rng.nextInt(v.size());
            v.set(i, v.get(i) == Values.UNKNOWN ? 0 : v.get(i) + 1);
            return new Report(v);
        }
        return null;
    };

    private ByzantineScenario() {
    }

    /** Generals g1..gn in position order. */
    public static List<Address> generals(int n) {
        List<Address> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add(Address.of("g" + i));
        }
        return List.copyOf(out);
    }

    /**
     * Faults for a run of {@code f} relay rounds: delta 10 ms, faults active for the whole
     * protocol (until well after the last round), the default rates of {@link FaultConfig}.
     */
    public static FaultConfig defaultFaults(int f) {
        long roundMs = SyncRounds.roundMs(10);
        return FaultConfig.builder().deltaMs(10).healAtMs((f + 3) * roundMs).build();
    }

    /** Every traitor at {@code positions} lying with the strategy named {@code name}. */
    public static SortedMap<Integer, Voice> strategy(String name, int n, Set<Integer> positions,
                                                     int domain) {
        List<Address> loyal = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            if (!positions.contains(i)) {
                loyal.add(Address.of("g" + i));
            }
        }
        Strategy s = Strategy.parse(name, domain, loyal);
        SortedMap<Integer, Voice> out = new TreeMap<>();
        for (int p : positions) {
            out.put(p, s);
        }
        return out;
    }

    /**
     * The generals of {@code spec} as they run: g1..gn, each traitor's factory making the same
     * node class with its lying voice. {@code startMs} delays round 0 (0 in the simulator; a real
     * cluster needs every host up before the first claim is sent).
     */
    public static SortedMap<Address, Supplier<Node>> generalsAsRun(Spec spec, long startMs) {
        List<Address> gs = spec.generals();
        KeyRing keys = spec.algorithm() == Algorithm.SM ? KeyRing.generate(gs, spec.seed()) : null;
        SortedMap<Address, Supplier<Node>> out = new TreeMap<>();
        for (int i = 1; i <= spec.n(); i++) {
            Address g = gs.get(i - 1);
            Voice voice = spec.traitors().getOrDefault(i, Voice.HONEST);
            out.put(g, general(spec, g, spec.values().get(i - 1), commanders(spec), keys, voice,
                startMs));
        }
        return out;
    }

    /** The traitors' addresses. */
    public static Set<Address> traitors(Spec spec) {
        Set<Address> out = new TreeSet<>();
        for (int t : spec.traitors().keySet()) {
            out.add(spec.generals().get(t - 1));
        }
        return Collections.unmodifiableSet(out);
    }

    private static Set<Address> commanders(Spec spec) {
        List<Address> gs = spec.generals();
        return spec.commander() == 0 ? Set.copyOf(gs) : Set.of(gs.get(spec.commander() - 1));
    }

    /**
     * The properties of a run: "decided" (liveness: every loyal general that is up, or down but
     * recovering, decides), "agreement" (IC1) and "validity" (IC2), on the final state. Traitors
     * come from the spec, not the view, so that an engine that knows nothing of traitors (the real
     * runtime) checks the same thing.
     */
    public static List<Property> properties(Spec spec) {
        Set<Address> traitors = traitors(spec);
        SortedMap<Address, Integer> trueValues = new TreeMap<>();
        for (Address c : commanders(spec)) {
            if (!traitors.contains(c)) {
                trueValues.put(c, spec.values().get(spec.generals().indexOf(c)));
            }
        }
        boolean recovers = spec.model().nodes() == NodeModel.CRASH_RECOVERY;
        return List.of(
            Property.liveness("decided",
                v -> Agreement.decided(loyalDecisions(v, traitors, recovers))),
            Property.atEnd("agreement",
                v -> Agreement.ic1(decided(v, traitors, recovers))),
            // A commander that crashed for good is faulty, not loyal: IC2 speaks of the others.
            Property.atEnd("validity", v -> Agreement.ic2(decided(v, traitors, recovers),
                onlyKeys(trueValues, loyalDecisions(v, traitors, recovers).keySet()))));
    }

    /** Runs {@code spec} in the simulator; {@code trace} may be null. */
    public static Outcome run(Spec spec, Writer trace) {
        Set<Address> traitors = traitors(spec);
        SortedMap<Address, Supplier<Node>> asRun = generalsAsRun(spec, 0);
        SortedMap<Address, Supplier<Node>> loyalRun = generalsAsRun(spec.withTraitors(
            new TreeMap<>()), 0);
        Simulation.Builder b = Simulation.builder().seed(spec.seed()).model(spec.model())
            .faults(spec.faults()).corruptor(CORRUPTOR).trace(trace).properties(properties(spec));
        List<Address> loyal = new ArrayList<>();
        for (Address g : spec.generals()) {
            b.node(g, loyalRun.get(g));
            if (traitors.contains(g)) {
                b.adversary(g, asRun.get(g));
            } else {
                loyal.add(g);
            }
        }
        if (spec.model().nodes() != NodeModel.BYZANTINE) {
            b.crashable(loyal);
        }
        SimResult r = b.build().run();
        SortedMap<Address, Optional<SortedMap<Address, Integer>>> decisions = new TreeMap<>();
        ByzantineGeneral.Tally tally = ByzantineGeneral.Tally.ZERO;
        long signatures = 0;
        long verifications = 0;
        for (Address g : spec.generals()) {
            // A general that crashed for good (crash-stop) has no instance left: no decision.
            ByzantineGeneral node = r.view().isUp(g) || traitors.contains(g)
                ? r.view().node(g, ByzantineGeneral.class) : null;
            decisions.put(g, node == null ? Optional.empty() : node.decision());
            if (node != null) {
                tally = tally.plus(node.tally());
            }
            if (node instanceof SignedGeneral s) {
                signatures += s.signatures();
                verifications += s.verifications();
            }
        }
        return new Outcome(r, decisions, traitors, tally, signatures, verifications);
    }

    private static Supplier<Node> general(Spec spec, Address self, int value,
                                          Set<Address> commanders, KeyRing keys, Voice voice,
                                          long startMs) {
        long deltaMs = spec.faults().deltaMs();
        return switch (spec.algorithm()) {
            case LECTURE -> () -> new LectureGeneral(
                new LectureGeneral.Config(value, spec.f(), deltaMs, startMs), voice);
            case OM -> () -> new OralGeneral(
                new OralGeneral.Config(spec.f(), commanders, value, deltaMs, startMs), voice);
            case SM -> () -> new SignedGeneral(new SignedGeneral.Config(spec.f(), commanders,
                value, deltaMs, startMs, keys.privateKeys().get(self), keys.publicKeys()), voice);
        };
    }

    /**
     * The loyal generals that are up (or, when they {@code recovers}, down for now), with whatever
     * they decided.
     */
    private static SortedMap<Address, Optional<SortedMap<Address, Integer>>> loyalDecisions(
            SimView v, Set<Address> traitors, boolean recovers) {
        SortedMap<Address, Optional<SortedMap<Address, Integer>>> out = new TreeMap<>();
        for (Address a : v.nodes()) {
            // Under crash-recovery a general that is down will come back and must still decide;
            // under crash-stop it is gone for good and owes nothing.
            boolean owes = v.isUp(a) || recovers;
            ByzantineGeneral g = v.isUp(a) ? v.node(a, ByzantineGeneral.class) : null;
            if (!traitors.contains(a) && owes) {
                out.put(a, g == null ? Optional.empty() : g.decision());
            }
        }
        return out;
    }

    private static SortedMap<Address, Integer> onlyKeys(SortedMap<Address, Integer> map,
                                                        Set<Address> keys) {
        SortedMap<Address, Integer> out = new TreeMap<>(map);
        out.keySet().retainAll(keys);
        return out;
    }

    /** The decisions of the loyal generals that are up and have decided. */
    private static SortedMap<Address, SortedMap<Address, Integer>> decided(
            SimView v, Set<Address> traitors, boolean recovers) {
        SortedMap<Address, SortedMap<Address, Integer>> out = new TreeMap<>();
        for (Map.Entry<Address, Optional<SortedMap<Address, Integer>>> e
                : loyalDecisions(v, traitors, recovers).entrySet()) {
            e.getValue().ifPresent(d -> out.put(e.getKey(), d));
        }
        return out;
    }
}
