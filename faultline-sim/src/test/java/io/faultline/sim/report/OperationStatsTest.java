package io.faultline.sim.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.sim.Op;
import java.util.List;
import org.junit.jupiter.api.Test;

class OperationStatsTest {

    @Test
    void countsEachOutcomeAndTheSuccessFractionIsOkOverCompleted() {
        Histories h = new Histories();
        h.ok("c1", 0, 10);
        h.ok("c1", 20, 30);
        h.ok("c2", 25, 5);
        h.fail("c2", 40, 1);
        h.info("c3", 50, 100);
        h.at(200);
        h.history.invoke("c4", "add", 1);

        OperationStats s = OperationStats.of(h.history);

        assertThat(s.invoked()).isEqualTo(6);
        assertThat(s.ok()).isEqualTo(3);
        assertThat(s.fail()).isEqualTo(1);
        assertThat(s.info()).isEqualTo(1);
        assertThat(s.open()).isEqualTo(1);
        assertThat(s.completed()).isEqualTo(5);
        // fail and info both count against; the open one is not judged.
        assertThat(s.successFraction()).get().extracting(Availability::fraction)
            .satisfies(f -> assertThat(f).isEqualByComparingTo("0.6"));
    }

    @Test
    void latencyIsCompletionTimeMinusInvocationTimeEvenWhenOperationsInterleave() {
        Histories h = new Histories();
        h.at(0);
        long a = h.history.invoke("c1", "add", 1);
        h.at(5);
        long b = h.history.invoke("c2", "add", 2);
        h.at(7);
        h.history.ok(b, 2);
        h.at(40);
        h.history.info(a, "timeout");

        List<OperationStats.OpLatency> l = OperationStats.of(h.history).latencies();

        assertThat(l).extracting(OperationStats.OpLatency::id).containsExactly(b, a);
        assertThat(l).extracting(OperationStats.OpLatency::latencyMs).containsExactly(2L, 40L);
        assertThat(l).extracting(OperationStats.OpLatency::outcome)
            .containsExactly(Op.Type.OK, Op.Type.INFO);
        assertThat(l.get(0).process()).isEqualTo("c2");
    }

    @Test
    void latencySummariesAreKeptPerOutcome() {
        Histories h = new Histories();
        h.ok("c", 0, 10);
        h.ok("c", 100, 30);
        h.fail("c", 200, 1);

        OperationStats s = OperationStats.of(h.history);

        assertThat(s.latencyOf(Op.Type.OK).maxMs()).isEqualTo(30);
        assertThat(s.latencyOf(Op.Type.OK).count()).isEqualTo(2);
        assertThat(s.latencyOf(Op.Type.FAIL).maxMs()).isEqualTo(1);
        assertThat(s.latencyOf(Op.Type.INFO)).isEqualTo(LatencySummary.EMPTY);
        assertThat(s.latencyOfCompleted().count()).isEqualTo(3);
    }

    @Test
    void closingOpenOperationsAsInfoCountsThemAgainstSuccess() {
        Histories h = new Histories();
        h.ok("c", 0, 10);
        h.at(20);
        h.history.invoke("c", "add", 1);
        h.at(30);
        h.history.closeOpen("run ended");

        OperationStats s = OperationStats.of(h.history);

        assertThat(s.open()).isZero();
        assertThat(s.info()).isEqualTo(1);
        assertThat(s.successFraction().orElseThrow().fraction()).isEqualByComparingTo("0.5");
    }

    @Test
    void anEmptyHistoryHasNoSuccessFraction() {
        OperationStats s = OperationStats.of(new Histories().history);
        assertThat(s.invoked()).isZero();
        assertThat(s.successFraction()).isEmpty();
        assertThat(s.latencyOfCompleted()).isEqualTo(LatencySummary.EMPTY);
    }

    @Test
    void rejectsACompletionWithoutAnInvocationAndADoubleInvocation() {
        Op orphan = new Op(0, 7, Op.Type.OK, "c", "add", 1, 5);
        assertThatThrownBy(() -> OperationStats.of(List.of(orphan)))
            .hasMessageContaining("operation 7 completes without an open invocation");
        Op invoke = new Op(0, 3, Op.Type.INVOKE, "c", "add", 1, 0);
        Op again = new Op(1, 3, Op.Type.INVOKE, "c", "add", 1, 1);
        assertThatThrownBy(() -> OperationStats.of(List.of(invoke, again)))
            .hasMessageContaining("operation 3 is invoked twice");
        Op ok = new Op(1, 3, Op.Type.OK, "c", "add", 1, 1);
        assertThatThrownBy(() -> OperationStats.of(List.of(invoke, ok, ok)))
            .hasMessageContaining("operation 3 completes without an open invocation");
    }

    @Test
    void invokedInKeepsTheCompletedOperationsInvokedInTheHalfOpenRange() {
        Histories h = new Histories();
        h.ok("c", 0, 500);
        h.fail("c", 999, 5);
        h.ok("c", 1000, 1);

        OperationStats in = OperationStats.of(h.history).invokedIn(0, 1000);

        assertThat(in.completed()).isEqualTo(2);
        assertThat(in.ok()).isEqualTo(1);
        assertThat(in.fail()).isEqualTo(1);
    }
}
