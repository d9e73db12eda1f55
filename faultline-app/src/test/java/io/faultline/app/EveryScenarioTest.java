package io.faultline.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.sim.engine.FaultConfig;
import io.faultline.sim.engine.Scenario;
import io.faultline.sim.engine.SimResult;
import io.faultline.sim.engine.SystemModel;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Checks that hold for every scenario the command line offers, under every system model. */
class EveryScenarioTest {

    static List<Arguments> everyScenarioAndModel() {
        List<Arguments> out = new ArrayList<>();
        for (Scenario s : Scenarios.ALL) {
            for (SystemModel m : SystemModel.all()) {
                out.add(Arguments.of(s.name(), m));
            }
        }
        return out;
    }

    private static String trace(Scenario s, String protocol, SystemModel m, long seed) {
        StringWriter w = new StringWriter();
        s.configure(protocol, m, FaultConfig.defaults(), seed).trace(w).build().run();
        return w.toString();
    }

    @ParameterizedTest
    @MethodSource("everyScenarioAndModel")
    void sameSeedGivesByteIdenticalTraceForEveryProtocol(String name, SystemModel model) {
        Scenario s = Scenarios.byName(name);
        for (String protocol : s.protocols()) {
            String first = trace(s, protocol, model, 2024);
            assertThat(first).as(protocol).contains("\"event\":\"end\"");
            assertThat(trace(s, protocol, model, 2024)).as(protocol).isEqualTo(first);
        }
    }

    @ParameterizedTest
    @MethodSource("everyScenarioAndModel")
    void theDefaultProtocolRunsAndReportsWhatFired(String name, SystemModel model) {
        Scenario s = Scenarios.byName(name);
        SimResult r = s.configure(s.protocols().get(0), model, FaultConfig.defaults(), 5)
            .build().run();
        assertThat(r.counters().get("delivered")).isPositive();
        assertThat(r.parameters()).anyMatch(p -> p.startsWith("seed 5"));
    }
}
