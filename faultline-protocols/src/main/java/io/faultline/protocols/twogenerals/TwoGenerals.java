package io.faultline.protocols.twogenerals;

import io.faultline.sim.Address;
import io.faultline.sim.engine.ExploreResult;
import io.faultline.sim.engine.Explorer;
import io.faultline.sim.engine.FaultConfig;
import io.faultline.sim.engine.NetworkModel;
import io.faultline.sim.engine.NodeModel;
import io.faultline.sim.engine.Property;
import io.faultline.sim.engine.SimResult;
import io.faultline.sim.engine.SimView;
import io.faultline.sim.engine.Simulation;
import io.faultline.sim.engine.SystemModel;
import io.faultline.sim.engine.TimingModel;
import io.faultline.sim.engine.Verdict;

import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The two generals on a fair-loss link: seeded runs in the simulator, the probability of a
 * coordinated outcome beside theory, and the exhaustive search for the shortest loss pattern that
 * ends in disagreement ("army 1 attacks if and only if army 2 attacks" violated).
 *
 * <pre>{@code
 * SimResult r = TwoGenerals.simulate(Protocol.alwaysAttack(3), 0.3, 42L, null);
 * ExploreResult e = TwoGenerals.search(Protocol.ackChain(3, 1));  // e.violated() is true
 * }</pre>
 */
public final class TwoGenerals {

    /** General 1, who wants to attack. */
    public static final Address G1 = Address.of("g1");
    /** General 2, on the other side of the valley. */
    public static final Address G2 = Address.of("g2");
    /** The delay bound of the simulated link. */
    public static final long DELTA_MS = 10;

    /**
     * One row of the probability table.
     *
     * @param protocol the protocol
     * @param loss the probability that one messenger is captured
     * @param runs seeded runs
     * @param coordinated runs in which both attacked or neither did
     * @param bothAttacked runs in which both attacked
     * @param theory the probability of a coordinated outcome by {@link
     *               Protocol#coordinatedProbability}
     */
    public record Row(Protocol protocol, double loss, int runs, int coordinated, int bothAttacked,
                      double theory) {

        public double measured() {
            return runs == 0 ? 0 : (double) coordinated / runs;
        }
    }

    private TwoGenerals() {
    }

    /** "Army 1 attacks if and only if army 2 attacks", checked when both have decided. */
    public static Property coordinated() {
        return Property.atEnd("coordinated", TwoGenerals::disagreement);
    }

    private static Optional<String> disagreement(SimView v) {
        Optional<Boolean> a1 = v.node(G1, General.class).attacks();
        Optional<Boolean> a2 = v.node(G2, General.class).attacks();
        if (a1.isEmpty() || a2.isEmpty()) {
            return Optional.of("dawn has not come for " + (a1.isEmpty() ? G1 : G2));
        }
        if (!a1.get().equals(a2.get())) {
            return Optional.of("general 1 " + (a1.get() ? "attacks" : "does not attack")
                + " but general 2 " + (a2.get() ? "attacks" : "does not attack")
                + ": the attacking army is lost");
        }
        return Optional.empty();
    }

    /** When dawn is for {@code protocol}: after the whole chain could have arrived. */
    public static long dawnMs(Protocol protocol) {
        return (protocol.steps() + 1) * (DELTA_MS + 1);
    }

    /**
     * One seeded run on a fair-loss link that loses each messenger with probability {@code loss}
     * (no duplication, no partition, delays within the bound); {@code trace} may be null.
     */
    public static SimResult simulate(Protocol protocol, double loss, long seed, Writer trace) {
        long dawn = dawnMs(protocol);
        FaultConfig faults = FaultConfig.builder().deltaMs(DELTA_MS).lossRate(loss)
            .duplicateRate(0).partitionRate(0).healAtMs(dawn + 1).livenessBoundMs(1).build();
        return Simulation.builder().seed(seed)
            .model(new SystemModel(NetworkModel.FAIR_LOSS, NodeModel.CRASH_STOP, TimingModel.SYNC))
            .faults(faults)
            .node(G1, () -> new General(new General.Config(protocol, true, G2, dawn)))
            .node(G2, () -> new General(new General.Config(protocol, false, G1, dawn)))
            .property(coordinated())
            .trace(trace)
            .build().run();
    }

    /** {@code runs} seeded runs (seeds 1..runs) of one protocol at one loss rate. */
    public static Row measure(Protocol protocol, double loss, int runs) {
        int coordinated = 0;
        int both = 0;
        for (long seed = 1; seed <= runs; seed++) {
            SimResult r = simulate(protocol, loss, seed, null);
            if (r.verdict() == Verdict.OK) {
                coordinated++;
                if (r.view().node(G1, General.class).attacks().orElse(false)) {
                    both++;
                }
            }
        }
        return new Row(protocol, loss, runs, coordinated, both,
            protocol.coordinatedProbability(loss));
    }

    /**
     * Every loss pattern of up to {@code protocol.steps() * messengers} lost messengers, every
     * delivery order, dawn only once no messenger is on the road: the shortest pattern that ends
     * in disagreement.
     */
    public static ExploreResult search(Protocol protocol) {
        long dawn = dawnMs(protocol);
        int messages = protocol.steps() * protocol.messengers();
        return Explorer.builder()
            .node(G1, () -> new General(new General.Config(protocol, true, G2, dawn)))
            .node(G2, () -> new General(new General.Config(protocol, false, G1, dawn)))
            .property(coordinated())
            .synchronousTimers(true)
            .maxLosses(messages)
            .maxDepth(2 * messages + 2)
            .build().explore();
    }

    /**
     * Every protocol of the family with one messenger per step and 1..{@code stepsMax} steps,
     * every pair of thresholds: the decision rules a general could use.
     */
    public static List<Protocol> family(int stepsMax) {
        List<Protocol> out = new ArrayList<>();
        for (int steps = 1; steps <= stepsMax; steps++) {
            for (int t1 = 0; t1 <= steps / 2; t1++) {
                for (int t2 = 1; t2 <= (steps + 1) / 2; t2++) {
                    out.add(new Protocol(steps, 1, t1, t2));
                }
            }
        }
        return out;
    }
}
