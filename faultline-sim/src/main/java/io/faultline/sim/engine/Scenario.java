package io.faultline.sim.engine;

import java.util.List;

/**
 * A named system to simulate: its nodes, which of them may fail, what the adversary may do and the
 * properties that must hold. Scenarios are how {@code faultline sim} and the demo find things to
 * run; each one is a small class next to its protocol.
 */
public interface Scenario {

    /** The command-line name, such as {@code retry}. */
    String name();

    /** One line for {@code faultline sim --list}. */
    String summary();

    /** The protocols this scenario can run, command-line names; the first is the default. */
    List<String> protocols();

    /**
     * A simulation builder with this scenario's nodes, crashable nodes, adversaries (under the
     * Byzantine node model), corruptor and properties for one run. The caller sets the trace and
     * builds.
     *
     * @throws IllegalArgumentException for a protocol not in {@link #protocols()}
     */
    Simulation.Builder configure(String protocol, SystemModel model, FaultConfig faults, long seed);

    /**
     * An explorer for a tiny configuration of this scenario under {@code model}, for a bounded
     * exhaustive search ({@code faultline sim --exhaustive}).
     *
     * @throws UnsupportedOperationException when the scenario has no exhaustive mode
     */
    default Explorer.Builder explorer(String protocol, SystemModel model) {
        throw new UnsupportedOperationException("scenario " + name()
            + " has no exhaustive mode");
    }
}
