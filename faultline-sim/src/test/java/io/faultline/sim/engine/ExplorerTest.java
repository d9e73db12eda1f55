package io.faultline.sim.engine;

import static io.faultline.sim.engine.PingPong.PINGER;
import static io.faultline.sim.engine.PingPong.PONGER;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExplorerTest {

    private static Explorer.Builder twoPings() {
        return Explorer.builder()
            .node(PINGER, () -> new PingPong.Pinger(2))
            .node(PONGER, PingPong.Ponger::new)
            .property(Property.atEnd("every-ping-answered", v ->
                v.node(PINGER, PingPong.Pinger.class).pongs == 2
                    ? Optional.empty()
                    : Optional.of("pinger got " + v.node(PINGER, PingPong.Pinger.class).pongs
                        + " of 2 pongs")));
    }

    @Test
    void withoutLossesEveryOrderEndsWellAndTheSearchIsComplete() {
        ExploreResult r = twoPings().maxDepth(20).build().explore();
        assertThat(r.violated()).isFalse();
        assertThat(r.complete()).isTrue();
        assertThat(r.runsExplored()).isGreaterThan(10);
    }

    @Test
    void oneLossFindsTheShortestCounterexample() {
        ExploreResult r = twoPings().maxDepth(20).maxLosses(1).build().explore();
        assertThat(r.violated()).isTrue();
        assertThat(r.violation().property()).isEqualTo("every-ping-answered");
        // Shortest: tick, LOSE ping 0, tick, deliver ping 1, deliver pong 1, tick (no more).
        assertThat(r.counterexample()).anyMatch(l -> l.contains("LOSE"));
        assertThat(r.counterexample().size() - 1).isEqualTo(6);
    }

    @Test
    void aCrashIsAnotherWayToLoseAnAnswer() {
        ExploreResult r = twoPings().crashable(java.util.List.of(PONGER)).maxCrashes(1)
            .maxDepth(20).build().explore();
        assertThat(r.violated()).isTrue();
        assertThat(r.counterexample()).anyMatch(l -> l.contains("CRASH ponger"));
    }
}
