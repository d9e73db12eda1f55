package io.faultline.protocols.retry;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.sim.Op;
import io.faultline.sim.engine.FaultConfig;
import io.faultline.sim.engine.NetworkModel;
import io.faultline.sim.engine.NodeModel;
import io.faultline.sim.engine.SimResult;
import io.faultline.sim.engine.SystemModel;
import io.faultline.sim.engine.TimingModel;
import io.faultline.sim.engine.Verdict;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RetryScenarioTest {

    private static final RetryScenario SCENARIO = new RetryScenario();
    private static final FaultConfig FAULTS = FaultConfig.defaults();

    private static SimResult run(Protocol p, SystemModel model, long seed) {
        return SCENARIO.configure(p.cliName(), model, FAULTS, seed).build().run();
    }

    private static SystemModel model(NetworkModel n, NodeModel f, TimingModel t) {
        return new SystemModel(n, f, t);
    }

    static List<Arguments> everyModelAndProtocol() {
        List<Arguments> out = new ArrayList<>();
        for (SystemModel m : SystemModel.all()) {
            for (Protocol p : Protocol.values()) {
                out.add(Arguments.of(m, p));
            }
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("everyModelAndProtocol")
    void sameSeedGivesByteIdenticalTrace(SystemModel model, Protocol protocol) {
        StringWriter a = new StringWriter();
        StringWriter b = new StringWriter();
        SCENARIO.configure(protocol.cliName(), model, FAULTS, 99).trace(a).build().run();
        SCENARIO.configure(protocol.cliName(), model, FAULTS, 99).trace(b).build().run();
        assertThat(a.toString()).isNotEmpty().isEqualTo(b.toString());
    }

    static List<SystemModel> recoverableHonestModels() {
        return SystemModel.all().stream()
            .filter(m -> m.nodes() == NodeModel.CRASH_RECOVERY).toList();
    }

    @ParameterizedTest
    @MethodSource("recoverableHonestModels")
    void exactlyOnceHoldsUnderCrashRecoveryWithEveryNetworkAndTiming(SystemModel model) {
        long crashes = 0;
        for (long seed = 1; seed <= 40; seed++) {
            SimResult r = run(Protocol.EXACTLY_ONCE, model, seed);
            assertThat(r.verdict()).as("seed %d: %s", seed, r.firstViolation())
                .isEqualTo(Verdict.OK);
            crashes += r.counters().get("crashes");
        }
        // The pass means something only if the server did crash.
        assertThat(crashes).isGreaterThan(20);
    }

    @Test
    void exactlyOnceChargesEachOperationOnceAndEveryClientLearnsTheOutcome() {
        SimResult r = run(Protocol.EXACTLY_ONCE, model(NetworkModel.FAIR_LOSS,
            NodeModel.CRASH_RECOVERY, TimingModel.PARTIAL_SYNC), 42);
        List<Op> done = r.history().completions();
        assertThat(done).hasSize(10).allMatch(op -> op.type() == Op.Type.OK);
        long sum = done.stream().mapToLong(op -> (Long) r.history().invocation(op.id()).value())
            .sum();
        assertThat(r.view().store(RetryScenario.SERVER).get("counter")).contains(
            Long.toString(sum));
    }

    @Test
    void atLeastOnceAppliesTwiceWhenARetryFollowsALostReply() {
        long broken = LongStream.rangeClosed(1, 20)
            .filter(seed -> run(Protocol.AT_LEAST_ONCE, model(NetworkModel.FAIR_LOSS,
                NodeModel.CRASH_RECOVERY, TimingModel.SYNC), seed).verdict() == Verdict.SAFETY)
            .count();
        assertThat(broken).isGreaterThan(10);
        SimResult r = run(Protocol.AT_LEAST_ONCE, model(NetworkModel.FAIR_LOSS,
            NodeModel.CRASH_RECOVERY, TimingModel.SYNC), 1);
        assertThat(r.firstViolation().property()).isEqualTo("no-double-apply");
        assertThat(r.firstViolation().reason()).contains("took effect 2 times");
    }

    @Test
    void atMostOnceLeavesOutcomesUnknown() {
        SimResult r = run(Protocol.AT_MOST_ONCE, model(NetworkModel.RELIABLE,
            NodeModel.CRASH_RECOVERY, TimingModel.PARTIAL_SYNC), 1);
        assertThat(r.verdict()).isEqualTo(Verdict.LIVENESS);
        assertThat(r.history().completions()).anyMatch(op -> op.type() == Op.Type.INFO);
    }

    @Test
    void crashStopLeavesOperationsWithoutOutcomeEvenForExactlyOnce() {
        SimResult r = run(Protocol.EXACTLY_ONCE, model(NetworkModel.RELIABLE,
            NodeModel.CRASH_STOP, TimingModel.SYNC), 2);
        assertThat(r.verdict()).isEqualTo(Verdict.LIVENESS);
        assertThat(r.view().isUp(RetryScenario.SERVER)).isFalse();
    }

    @Test
    void aByzantineServerBreaksEveryProtocol() {
        for (Protocol p : Protocol.values()) {
            long bad = LongStream.rangeClosed(1, 10)
                .filter(seed -> run(p, model(NetworkModel.RELIABLE, NodeModel.BYZANTINE,
                    TimingModel.SYNC), seed).verdict() != Verdict.OK)
                .count();
            assertThat(bad).as(p.cliName()).isEqualTo(10);
        }
    }

    @Test
    void arbitraryNetworkAltersMessagesButTheMacTurnsThatIntoLoss() {
        FaultConfig heavy = FAULTS.toBuilder().corruptRate(0.3).replayRate(0.2).build();
        long corrupted = 0;
        long replayed = 0;
        for (long seed = 1; seed <= 10; seed++) {
            SimResult r = SCENARIO.configure(Protocol.EXACTLY_ONCE.cliName(), model(
                NetworkModel.ARBITRARY, NodeModel.CRASH_RECOVERY, TimingModel.SYNC), heavy, seed)
                .build().run();
            assertThat(r.verdict()).as("seed %d: %s", seed, r.firstViolation())
                .isEqualTo(Verdict.OK);
            corrupted += r.counters().get("corrupted");
            replayed += r.counters().get("replayed");
        }
        assertThat(corrupted).isGreaterThan(10);
        assertThat(replayed).isGreaterThan(10);
    }
}
