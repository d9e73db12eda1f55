package io.faultline.sim.engine;

import io.faultline.sim.History;

import java.util.List;

/**
 * What one simulated run found.
 *
 * @param seed the root seed; the same seed replays the same run
 * @param model the system model
 * @param faults the fault configuration
 * @param parameters every parameter derived from the seed, one per line, as printed at the start
 * @param verdict the worst outcome
 * @param violations every property that did not hold (the first safety violation ends the run)
 * @param counters how often each fault fired
 * @param endTimeMs the virtual time when the run ended
 * @param view the final state, for reports
 */
public record SimResult(long seed, SystemModel model, FaultConfig faults, List<String> parameters,
                        Verdict verdict, List<Violation> violations, FaultCounters counters,
                        long endTimeMs, SimView view) {

    public History history() {
        return view.history();
    }

    /** The first violation, or null. */
    public Violation firstViolation() {
        return violations.isEmpty() ? null : violations.get(0);
    }
}
