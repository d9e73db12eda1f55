package io.faultline.protocols.detectors;

import io.faultline.protocols.detectors.DetectorMessage.Ping;
import io.faultline.protocols.detectors.DetectorMessage.Pong;
import io.faultline.sim.Address;
import io.faultline.sim.Message;
import io.faultline.sim.Rng;
import io.faultline.sim.engine.FaultConfig;
import io.faultline.sim.engine.NodeModel;
import io.faultline.sim.engine.Property;
import io.faultline.sim.engine.Scenario;
import io.faultline.sim.engine.SimView;
import io.faultline.sim.engine.Simulation;
import io.faultline.sim.engine.SystemModel;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Failure detectors, as in the course: a monitor pings a target that may crash and labels it
 * crashed or correct, under a chosen detector and system model. The course's claims are the
 * properties:
 * <ul>
 *   <li>{@code strong-accuracy} (safety, checked for {@code perfect} only): the target is never
 *       suspected while it is up. "Perfect timeout-based failure detector exists only in a
 *       synchronous crash-stop system with reliable links": it holds there, and breaks under any
 *       other network, node or timing model;</li>
 *   <li>{@code strong-completeness} (liveness): a crashed target is eventually suspected, and
 *       stays suspected for {@value #STABLE_PERIODS} ping periods; so must a Byzantine one be,
 *       which a crash failure detector cannot see while it answers;</li>
 *   <li>{@code eventual-strong-accuracy} (liveness): once faults stop, a target that is up is
 *       trusted and stays trusted for {@value #STABLE_PERIODS} ping periods.</li>
 * </ul>
 * An eventually perfect detector "may temporarily label a node as crashed, even though it is
 * correct" and "temporarily label a node as correct, even though it has crashed": how often and
 * for how long is measured by {@link DetectorQos}.
 */
public final class DetectorScenario implements Scenario {

    public static final Address MONITOR = Address.of("monitor");
    public static final Address TARGET = Address.of("target");
    /** How often the monitor pings, in ms: ten times the default delay bound. */
    public static final long PERIOD_MS = 100;
    /** For how many ping periods a trusted target must stay trusted to count as settled. */
    static final int STABLE_PERIODS = 20;

    @Override
    public String name() {
        return "detectors";
    }

    @Override
    public String summary() {
        return "a monitor pings a target that may crash; is its failure detector perfect,"
            + " eventually perfect, or neither?";
    }

    @Override
    public List<String> protocols() {
        // Eventually perfect first: the default, the one a system can have. Perfect needs a
        // synchronous, crash-stop system with reliable links.
        return List.of(DetectorProtocol.EVENTUALLY_PERFECT.cliName(),
            DetectorProtocol.PHI_ACCRUAL.cliName(), DetectorProtocol.PERFECT.cliName());
    }

    @Override
    public Simulation.Builder configure(String protocol, SystemModel model, FaultConfig faults,
                                        long seed) {
        DetectorProtocol p = DetectorProtocol.parse(protocol);
        return base(p, model, faults, seed).properties(properties(p));
    }

    /**
     * The scenario's nodes and faults with no property but {@code observer}, which sees every
     * event: a run then goes on to the end of its horizon, for measuring.
     */
    public Simulation.Builder measured(DetectorProtocol protocol, SystemModel model,
                                       FaultConfig faults, long seed, DetectorQos observer) {
        return base(protocol, model, faults, seed)
            .property(Property.safety("observe", view -> {
                observer.observe(view);
                return Optional.empty();
            }));
    }

    private Simulation.Builder base(DetectorProtocol protocol, SystemModel model,
                                    FaultConfig faults, long seed) {
        long delta = faults.deltaMs();
        Simulation.Builder b = Simulation.builder()
            .seed(seed)
            .model(model)
            .faults(faults)
            .node(MONITOR, () -> new Monitor(TARGET, protocol, PERIOD_MS, delta))
            .node(TARGET, Target::new)
            .crashable(List.of(TARGET))
            .corruptor(DetectorScenario::corrupt);
        if (model.nodes() == NodeModel.BYZANTINE) {
            b.adversary(TARGET, Target::new);
        }
        return b;
    }

    /** A corrupted ping or answer fails its checksum: the receiver drops it. */
    static Message corrupt(Message m, Rng rng) {
        if (m instanceof Ping || m instanceof Pong) {
            return null;
        }
        return m;
    }

    /** The properties checked for {@code protocol}. */
    public static List<Property> properties(DetectorProtocol protocol) {
        List<Property> out = new ArrayList<>();
        if (protocol == DetectorProtocol.PERFECT) {
            out.add(Property.safety("strong-accuracy", DetectorScenario::strongAccuracy));
        }
        out.add(Property.liveness("strong-completeness", DetectorScenario::strongCompleteness));
        out.add(Property.liveness("eventual-strong-accuracy",
            DetectorScenario::eventualStrongAccuracy));
        return out;
    }

    private static Monitor monitor(SimView view) {
        return view.node(MONITOR, Monitor.class);
    }

    /** Whether the target is faulty now: crashed, or Byzantine. */
    private static boolean faulty(SimView view) {
        return !view.isUp(TARGET) || view.isByzantine(TARGET);
    }

    static Optional<String> strongAccuracy(SimView view) {
        Monitor m = monitor(view);
        if (m.suspects() && !faulty(view)) {
            return Optional.of("the monitor suspects the target at t=" + view.now()
                + "ms though it is up: nothing heard since t=" + m.lastHeardMs() + "ms, "
                + m.describe());
        }
        return Optional.empty();
    }

    static Optional<String> strongCompleteness(SimView view) {
        Monitor m = monitor(view);
        if (!faulty(view)) {
            return Optional.empty();
        }
        if (m.suspects()) {
            if (m.lastTrustMs() <= view.now() - STABLE_PERIODS * PERIOD_MS) {
                return Optional.empty();
            }
            return Optional.of("the target is faulty and suspected, but was trusted again at t="
                + m.lastTrustMs() + "ms, within the last " + STABLE_PERIODS + " ping periods");
        }
        if (view.isByzantine(TARGET)) {
            return Optional.of("the target is Byzantine (faulty) but answers every ping, so the"
                + " monitor trusts it: a crash failure detector sees only silence");
        }
        return Optional.of("the target is down but the monitor still trusts it: last heard at t="
            + m.lastHeardMs() + "ms, " + m.describe());
    }

    static Optional<String> eventualStrongAccuracy(SimView view) {
        Monitor m = monitor(view);
        if (faulty(view)) {
            return Optional.empty();
        }
        if (m.suspects()) {
            return Optional.of("the target is up but the monitor suspects it: nothing heard since"
                + " t=" + m.lastHeardMs() + "ms, " + m.describe());
        }
        if (m.lastSuspicionMs() >= 0
                && m.lastSuspicionMs() > view.now() - STABLE_PERIODS * PERIOD_MS) {
            return Optional.of("the target is up and trusted, but was suspected at t="
                + m.lastSuspicionMs() + "ms, within the last " + STABLE_PERIODS
                + " ping periods");
        }
        return Optional.empty();
    }
}
