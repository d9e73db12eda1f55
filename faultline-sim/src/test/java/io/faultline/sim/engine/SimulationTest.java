package io.faultline.sim.engine;

import static io.faultline.sim.engine.PingPong.PINGER;
import static io.faultline.sim.engine.PingPong.PONGER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SimulationTest {

    private static Simulation.Builder pingPong(long seed, SystemModel model, FaultConfig faults) {
        return Simulation.builder()
            .seed(seed)
            .model(model)
            .faults(faults)
            .node(PINGER, () -> new PingPong.Pinger(200))
            .node(PONGER, PingPong.Ponger::new)
            .crashable(List.of(PONGER));
    }

    private static String trace(long seed, SystemModel model) {
        StringWriter w = new StringWriter();
        pingPong(seed, model, FaultConfig.defaults()).trace(w).build().run();
        return w.toString();
    }

    static List<SystemModel> models() {
        return SystemModel.all();
    }

    @ParameterizedTest
    @MethodSource("models")
    void sameSeedGivesByteIdenticalTrace(SystemModel model) {
        String first = trace(7, model);
        assertThat(first.lines().count()).isGreaterThan(100);
        assertThat(trace(7, model)).isEqualTo(first);
    }

    @Test
    void differentSeedsGiveDifferentRuns() {
        SystemModel m = new SystemModel(NetworkModel.FAIR_LOSS, NodeModel.CRASH_RECOVERY,
            TimingModel.ASYNC);
        assertThat(trace(1, m)).isNotEqualTo(trace(2, m));
    }

    @Test
    void reliableNetworkDeliversEveryMessageItCarries() {
        SimResult r = pingPong(3, new SystemModel(NetworkModel.RELIABLE, NodeModel.BYZANTINE,
            TimingModel.SYNC), FaultConfig.defaults()).build().run();
        FaultCounters c = r.counters();
        assertThat(c.get("sent")).isEqualTo(400);
        assertThat(c.get("delivered")).isEqualTo(400);
        assertThat(c.get("dropped") + c.get("duplicated") + c.get("crashes")).isZero();
        assertThat(r.view().node(PINGER, PingPong.Pinger.class).pongs).isEqualTo(200);
    }

    @Test
    void syncDelaysNeverExceedTheBound() {
        SimResult r = pingPong(3, new SystemModel(NetworkModel.RELIABLE, NodeModel.BYZANTINE,
            TimingModel.SYNC), FaultConfig.builder().deltaMs(5).healAtMs(0).build()).build().run();
        assertThat(r.counters().get("late")).isZero();
        // 200 pings 10 ms apart, the last answer within two delays of the last ping.
        assertThat(r.endTimeMs()).isLessThanOrEqualTo(200 * 10 + 2 * 5);
    }

    @Test
    void asyncDelaysAreUnboundedAndProcessesPause() {
        SimResult r = pingPong(3, new SystemModel(NetworkModel.RELIABLE, NodeModel.BYZANTINE,
            TimingModel.ASYNC), FaultConfig.defaults()).build().run();
        assertThat(r.counters().get("late")).isPositive();
        assertThat(r.counters().get("pauses")).isPositive();
        assertThat(r.counters().get("delivered")).isEqualTo(r.counters().get("sent"));
    }

    @Test
    void fairLossDropsAndDuplicatesButOnlyBeforeTheHealPoint() {
        FaultConfig f = FaultConfig.builder().lossRate(0.3).duplicateRate(0.2).partitionRate(0)
            .healAtMs(1_000).build();
        SimResult r = pingPong(5, new SystemModel(NetworkModel.FAIR_LOSS, NodeModel.BYZANTINE,
            TimingModel.SYNC), f).build().run();
        FaultCounters c = r.counters();
        assertThat(c.get("dropped")).isPositive();
        assertThat(c.get("duplicated")).isPositive();
        // Pings after 1 s (about half of them) all get through with their pongs.
        assertThat(c.get("dropped")).isLessThan(c.get("sent") / 2);
        assertThat(c.get("delivered")).isEqualTo(c.get("sent") - c.get("dropped")
            + c.get("duplicated"));
    }

    @Test
    void partitionUnderReliableNetworkDelaysInsteadOfDropping() {
        FaultConfig f = FaultConfig.builder().partition(Partition.parse("symmetric@100-600"))
            .build();
        SimResult r = pingPong(5, new SystemModel(NetworkModel.RELIABLE, NodeModel.BYZANTINE,
            TimingModel.SYNC), f).build().run();
        assertThat(r.counters().get("delivered")).isEqualTo(400);
        assertThat(r.counters().get("partition-ms")).isEqualTo(500);
    }

    @Test
    void partitionUnderFairLossDrops() {
        FaultConfig f = FaultConfig.builder().lossRate(0).duplicateRate(0).partitionRate(0)
            .partition(Partition.parse("isolate@100-600")).build();
        SimResult r = pingPong(5, new SystemModel(NetworkModel.FAIR_LOSS, NodeModel.BYZANTINE,
            TimingModel.SYNC), f).build().run();
        // The pinger is isolated for 500 ms: its 50 pings in that time are lost (so no pongs).
        assertThat(r.counters().get("dropped-partition")).isEqualTo(50);
    }

    @Test
    void crashStopNodeNeverComesBack() {
        FaultConfig f = FaultConfig.builder().crashesPerSecond(5).build();
        SimResult r = pingPong(11, new SystemModel(NetworkModel.RELIABLE, NodeModel.CRASH_STOP,
            TimingModel.SYNC), f).build().run();
        assertThat(r.counters().get("crashes")).isEqualTo(1);
        assertThat(r.counters().get("restarts")).isZero();
        assertThat(r.view().isUp(PONGER)).isFalse();
        assertThat(r.counters().get("dropped-to-down-node")).isPositive();
    }

    @Test
    void crashRecoveryLosesMemoryButKeepsTheStore() {
        FaultConfig f = FaultConfig.builder().crashesPerSecond(3).midHandlerCrashRate(0).build();
        SimResult r = pingPong(11, new SystemModel(NetworkModel.RELIABLE,
            NodeModel.CRASH_RECOVERY, TimingModel.SYNC), f).build().run();
        assertThat(r.counters().get("crashes")).isPositive();
        assertThat(r.counters().get("restarts")).isEqualTo(r.counters().get("crashes"));
        PingPong.Ponger ponger = r.view().node(PONGER, PingPong.Ponger.class);
        long durable = Long.parseLong(r.view().store(PONGER).get("seen").orElseThrow());
        assertThat(ponger.seenInMemory).isLessThan((int) durable);
        assertThat(durable).isEqualTo(200 - r.counters().get("dropped-to-down-node"));
    }

    @Test
    void crashInsideAHandlerKeepsAPrefixOfItsWritesAndLosesItsSends() {
        FaultConfig f = FaultConfig.builder().crashesPerSecond(20).midHandlerCrashRate(1).build();
        SimResult r = pingPong(13, new SystemModel(NetworkModel.RELIABLE,
            NodeModel.CRASH_RECOVERY, TimingModel.SYNC), f).build().run();
        assertThat(r.counters().get("crashes-mid-handler")).isPositive();
        // Every ping that reached the ponger wrote "seen"; pongs were lost for those it crashed in.
        PingPong.Pinger pinger = r.view().node(PINGER, PingPong.Pinger.class);
        long delivered = 200 - r.counters().get("dropped-to-down-node");
        assertThat(pinger.pongs).isLessThan((int) delivered);
    }

    @Test
    void safetyViolationStopsTheRunAndNamesTheProperty() {
        SimResult r = pingPong(1, new SystemModel(NetworkModel.RELIABLE, NodeModel.BYZANTINE,
            TimingModel.SYNC), FaultConfig.defaults())
            .property(Property.safety("fewer-than-five-pongs", v ->
                v.node(PINGER, PingPong.Pinger.class).pongs >= 5
                    ? Optional.of("pinger got 5 pongs") : Optional.empty()))
            .build().run();
        assertThat(r.verdict()).isEqualTo(Verdict.SAFETY);
        assertThat(r.verdict().exitCode()).isEqualTo(1);
        assertThat(r.firstViolation().property()).isEqualTo("fewer-than-five-pongs");
        assertThat(r.counters().get("delivered")).isLessThan(20);
    }

    @Test
    void livenessIsJudgedAfterTheHealPoint() {
        SimResult r = pingPong(1, new SystemModel(NetworkModel.RELIABLE, NodeModel.BYZANTINE,
            TimingModel.SYNC), FaultConfig.builder().healAtMs(100).livenessBoundMs(500).build())
            .property(Property.liveness("thousand-pongs", v ->
                v.node(PINGER, PingPong.Pinger.class).pongs >= 1000
                    ? Optional.empty() : Optional.of("not yet 1000 pongs")))
            .build().run();
        assertThat(r.verdict()).isEqualTo(Verdict.LIVENESS);
        assertThat(r.verdict().exitCode()).isEqualTo(2);
        assertThat(r.endTimeMs()).isLessThanOrEqualTo(600);
    }

    @Test
    void rejectsProbabilitiesOutsideZeroToOneNamingTheValue() {
        assertThatThrownBy(() -> FaultConfig.builder().lossRate(1.5))
            .hasMessageContaining("loss rate").hasMessageContaining("1.5")
            .hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> FaultConfig.builder().duplicateRate(-0.1))
            .hasMessageContaining("-0.1");
    }

    @Test
    void rejectsUnknownModelNamesListingTheValidOnes() {
        assertThatThrownBy(() -> NetworkModel.parse("lossy"))
            .hasMessageContaining("'lossy'").hasMessageContaining("reliable, fair-loss, arbitrary");
        assertThatThrownBy(() -> TimingModel.parse("eventually"))
            .hasMessageContaining("sync, partial-sync, async");
    }
}
