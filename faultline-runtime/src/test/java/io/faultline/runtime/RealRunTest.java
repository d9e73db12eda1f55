package io.faultline.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.sim.engine.Property;
import io.faultline.sim.engine.SimView;
import io.faultline.sim.engine.Verdict;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The driver of real runs, on the ping-pong nodes: crashes, restarts and verdicts. */
class RealRunTest extends PingClusterFixture {

    private static final long TARGET = 200;

    private RealCluster start() {
        cluster = pingCluster()
            .node(PingNode.PINGER, () -> new PingNode(TARGET))
            .node(PingNode.PONGER, () -> new PingNode(TARGET))
            .start();
        return cluster;
    }

    private static long answered(SimView view, io.faultline.sim.Address node) {
        return view.store(node).get("answered").map(Long::parseLong).orElse(0L);
    }

    /** Every pong the pinger saw was a ping the ponger durably counted. */
    private static final Property NO_PONG_WITHOUT_PING = Property.safety("no-pong-without-ping",
        view -> answered(view, PingNode.PINGER) <= answered(view, PingNode.PONGER)
            ? Optional.empty()
            : Optional.of("pinger has " + answered(view, PingNode.PINGER) + " pongs, ponger saw "
                + answered(view, PingNode.PONGER) + " pings"));

    private static final Property ALL_ANSWERED = Property.liveness("all-answered",
        view -> answered(view, PingNode.PINGER) == TARGET ? Optional.empty()
            : Optional.of("only " + answered(view, PingNode.PINGER) + " of " + TARGET));

    @Test
    void crashesAndRestartsTheCrashableNodeAndJudgesTheRun() {
        RealRun.Result r = RealRun.builder(start())
            .properties(List.of(NO_PONG_WITHOUT_PING, ALL_ANSWERED))
            .crashable(List.of(PingNode.PONGER))
            .crashEveryMs(100)
            .downMs(30)
            .faultsMaxMs(1_500)
            .livenessBoundMs(20_000)
            .seed(3)
            .run();

        assertThat(r.verdict()).as(r.toString()).isEqualTo(Verdict.OK);
        assertThat(r.crashes()).isGreaterThanOrEqualTo(3);
        assertThat(r.restarts()).isEqualTo(r.crashes());
        assertThat(r.properties()).extracting(RealRun.PropertyOutcome::violation)
            .containsOnly(Optional.empty());
        assertThat(cluster.host(PingNode.PONGER).incarnation()).isEqualTo(r.crashes() + 1);
        assertThat(cluster.host(PingNode.PONGER).isUp()).isTrue();
    }

    @Test
    void pausesThePausableNodeWhileItKeepsItsMemoryAndCrashesToo() {
        List<Long> pingerAnswered = new java.util.ArrayList<>();
        RealRun.Result r = RealRun.builder(start())
            .properties(List.of(NO_PONG_WITHOUT_PING, ALL_ANSWERED))
            .crashable(List.of(PingNode.PONGER))
            .crashEveryMs(300)
            .downMs(30)
            .pausable(List.of(PingNode.PINGER, PingNode.PONGER))
            .pauseEveryMs(100)
            .pauseMs(40)
            .faultsMaxMs(1_500)
            .livenessBoundMs(20_000)
            .observer(view -> pingerAnswered.add(answered(view, PingNode.PINGER)))
            .seed(3)
            .run();

        assertThat(r.verdict()).as(r.toString()).isEqualTo(Verdict.OK);
        assertThat(r.pauses()).isGreaterThanOrEqualTo(5);
        assertThat(r.crashes()).isPositive();
        assertThat(cluster.host(PingNode.PINGER).incarnation()).as("a pause is no crash")
            .isEqualTo(1);
        assertThat(pingerAnswered).as("the observer saw every check").hasSizeGreaterThan(10)
            .isSorted();
    }

    @Test
    void reportsASafetyViolationAsSoonAsItIsSeen() {
        Property neverMoreThanTen = Property.safety("never-more-than-ten",
            view -> answered(view, PingNode.PINGER) <= 10 ? Optional.empty()
                : Optional.of("pinger has " + answered(view, PingNode.PINGER)));
        RealRun.Result r = RealRun.builder(start())
            .properties(List.of(neverMoreThanTen, ALL_ANSWERED))
            .faultsMaxMs(20_000)
            .run();

        assertThat(r.verdict()).isEqualTo(Verdict.SAFETY);
        assertThat(r.violation()).hasValueSatisfying(v -> assertThat(v.property())
            .isEqualTo("never-more-than-ten"));
        assertThat(r.healAtMs()).as("stopped early").isLessThan(20_000);
        // Stopped after some 10 of 200 pings, all-answered had no time to come true: it is
        // neither held nor violated.
        RealRun.PropertyOutcome liveness = r.properties().get(1);
        assertThat(liveness.judged()).isFalse();
        assertThat(liveness.violation()).isEmpty();
        assertThat(liveness.text()).isEqualTo("not judged: the run stopped at a safety"
            + " violation first");
        assertThat(r.properties().get(0).text()).startsWith("VIOLATED: pinger has ");
    }

    @Test
    void reportsLivenessWhenTheBoundPassesFirst() {
        Property impossible = Property.liveness("impossible",
            view -> Optional.of("never holds"));
        RealRun.Result r = RealRun.builder(start())
            .properties(List.of(NO_PONG_WITHOUT_PING, impossible))
            .faultsMaxMs(0)
            .livenessBoundMs(200)
            .run();

        assertThat(r.verdict()).isEqualTo(Verdict.LIVENESS);
        assertThat(r.violation()).hasValueSatisfying(v -> assertThat(v.reason())
            .isEqualTo("never holds"));
        assertThat(r.endMs() - r.healAtMs()).isGreaterThanOrEqualTo(200);
    }

    @Test
    void judgesLivenessAtOnceWhenTheWorkIsDone() {
        Property impossible = Property.liveness("impossible", view -> Optional.of("never holds"));
        RealRun.Result r = RealRun.builder(start())
            .properties(List.of(impossible))
            .faultsMaxMs(0)
            .livenessBoundMs(60_000)
            .faultsUntil(view -> true)
            .run();

        assertThat(r.verdict()).isEqualTo(Verdict.LIVENESS);
        assertThat(r.endMs() - r.healAtMs()).as("did not wait for the bound").isLessThan(30_000);
    }

    @Test
    void aViewSeesEachStoreAsOfOneMoment() throws Exception {
        start();
        awaitStatus(PingNode.PINGER, v -> v >= 5);
        ClusterView view = ClusterView.of(cluster, false);
        long seen = answered(view, PingNode.PONGER);
        awaitStatus(PingNode.PINGER, v -> v >= seen + 20);

        assertThat(answered(view, PingNode.PONGER)).as("the same view, later").isEqualTo(seen);
        assertThat(answered(ClusterView.of(cluster, false), PingNode.PONGER))
            .as("a new view").isGreaterThanOrEqualTo(seen + 20);
        assertThat(view.history().ops()).isEmpty();
    }

    @Test
    void rejectsOptionsOutOfRange() {
        RealRun.Builder b = RealRun.builder(start());
        assertThatThrownBy(() -> b.crashEveryMs(5))
            .hasMessage("crashEveryMs must be in 10..3600000, was 5");
        assertThatThrownBy(() -> b.crashable(List.of(io.faultline.sim.Address.of("nobody"))))
            .hasMessageContaining("no node 'nobody' in this cluster");
        assertThatThrownBy(() -> b.pauseEveryMs(9))
            .hasMessage("pauseEveryMs must be in 10..3600000, was 9");
        assertThatThrownBy(() -> b.pauseMs(0)).hasMessage("pauseMs must be in 1..600000, was 0");
        assertThatThrownBy(() -> b.pausable(List.of(io.faultline.sim.Address.of("nobody"))))
            .hasMessageContaining("no node 'nobody' in this cluster");
    }
}
