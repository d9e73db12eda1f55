package io.faultline.sim.engine;

import java.util.List;

/**
 * What a bounded exhaustive search found.
 *
 * @param violation the violation of the shortest counterexample, or null when none was found
 * @param counterexample the shortest sequence of choices that reaches it, one line per step, then
 *     the reason
 * @param runsExplored how many executions (prefixes) were run
 * @param depthSearched every execution prefix of up to this many steps was explored
 * @param complete true when every execution ended (quiescent) within the depth bound, so that no
 *     violation means none exists within the loss and crash bounds; false when the depth bound or
 *     the run budget cut some executions short
 */
public record ExploreResult(Violation violation, List<String> counterexample, long runsExplored,
                            int depthSearched, boolean complete) {

    public boolean violated() {
        return violation != null;
    }
}
