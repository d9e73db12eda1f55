package io.faultline.payments.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.payments.issuer.TestCards;
import io.faultline.sim.engine.ExploreResult;
import io.faultline.sim.engine.FaultConfig;
import io.faultline.sim.engine.NetworkModel;
import io.faultline.sim.engine.NodeModel;
import io.faultline.sim.engine.Property;
import io.faultline.sim.engine.SimResult;
import io.faultline.sim.engine.SystemModel;
import io.faultline.sim.engine.TimingModel;
import io.faultline.sim.engine.Verdict;
import io.faultline.sim.engine.Violation;

import java.io.StringWriter;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PaymentsScenarioTest {

    private static final PaymentsScenario SCENARIO = new PaymentsScenario();

    static SimResult run(String protocol, SystemModel model, long seed) {
        return SCENARIO.configure(protocol, model, FaultConfig.defaults(), seed).build().run();
    }

    static List<SystemModel> models() {
        return SystemModel.all();
    }

    @ParameterizedTest
    @MethodSource("models")
    void sameKeyRetriesChargeEachOrderOnceUnderEveryModel(SystemModel model) {
        for (long seed = 1; seed <= 4; seed++) {
            SimResult r = run("same-key", model, seed);
            assertThat(r.verdict()).as(model + " seed " + seed + ": " + r.violations())
                .isNotEqualTo(Verdict.SAFETY);
            if (model.nodes() != NodeModel.CRASH_STOP) {
                assertThat(r.verdict()).as(model + " seed " + seed + ": " + r.violations())
                    .isEqualTo(Verdict.OK);
            }
        }
    }

    @Test
    void aShopThatMakesANewKeyPerRetryIsCaughtChargingTwice() {
        SystemModel model = SystemModel.all().get(0);
        Violation found = null;
        for (long seed = 1; seed <= 20 && found == null; seed++) {
            found = run("new-key-per-retry", model, seed).firstViolation();
        }
        assertThat(found).isNotNull();
        assertThat(found.property()).isEqualTo("one-charge-per-order");
        assertThat(found.kind()).isEqualTo(Property.Kind.SAFETY);
        assertThat(found.reason()).contains("was charged 2 times", "order-", "-try-");
    }

    @Test
    void exhaustiveSearchFindsNoCounterexampleWithTheSameKeyUnderAsynchrony() {
        // Under asynchrony a timer may fire before any message lands: this is where a service
        // that gave up on a slow issuer was caught calling an approved charge failed (7 steps).
        SystemModel model = new SystemModel(NetworkModel.RELIABLE, NodeModel.CRASH_STOP,
            TimingModel.ASYNC);
        // A small run budget keeps the unit test quick; faultline sim --exhaustive searches more.
        ExploreResult r = SCENARIO.explorer("same-key", model).maxRuns(20_000).build().explore();
        assertThat(r.violated()).as(String.join("\n", r.counterexample())).isFalse();
        assertThat(r.depthSearched()).isGreaterThanOrEqualTo(7);
    }

    @Test
    void exhaustiveSearchFindsTheShortestDoubleChargeOfANewKeyPerRetry() {
        SystemModel model = new SystemModel(NetworkModel.RELIABLE, NodeModel.CRASH_STOP,
            TimingModel.ASYNC);
        ExploreResult r = SCENARIO.explorer("new-key-per-retry", model).maxRuns(50_000).build()
            .explore();
        assertThat(r.violated()).isTrue();
        assertThat(r.violation().property()).isEqualTo("one-charge-per-order");
        assertThat(String.join("\n", r.counterexample())).contains("order-0-try-1");
    }

    @Test
    void theSameSeedReplaysTheSameTrace() {
        SystemModel model = new SystemModel(NetworkModel.FAIR_LOSS, NodeModel.CRASH_RECOVERY,
            TimingModel.PARTIAL_SYNC);
        assertThat(trace(model, 9)).isEqualTo(trace(model, 9)).isNotEqualTo(trace(model, 10));
    }

    private static String trace(SystemModel model, long seed) {
        StringWriter w = new StringWriter();
        SCENARIO.configure("same-key", model, FaultConfig.defaults(), seed).trace(w).build().run();
        return w.toString();
    }

    @Test
    void traceNeverShowsACardNumber() {
        SystemModel model = new SystemModel(NetworkModel.FAIR_LOSS, NodeModel.CRASH_RECOVERY,
            TimingModel.SYNC);
        assertThat(trace(model, 3)).contains("ChargeRequest").doesNotContain(TestCards.SUCCEEDS)
            .doesNotContain(TestCards.DECLINED);
    }
}
