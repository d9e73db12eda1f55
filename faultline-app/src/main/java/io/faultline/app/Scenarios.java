package io.faultline.app;

import io.faultline.payments.scenario.PaymentsScenario;
import io.faultline.bank.scenario.BankScenario;
import io.faultline.protocols.detectors.DetectorScenario;
import io.faultline.protocols.failover.FailoverScenario;
import io.faultline.protocols.retry.RetryScenario;
import io.faultline.sim.engine.Scenario;

import java.util.List;
import java.util.stream.Collectors;

/** Every scenario {@code faultline sim} can run. Add new scenarios to {@link #ALL}. */
final class Scenarios {

    static final List<Scenario> ALL = List.of(new RetryScenario(), new PaymentsScenario(),
        new BankScenario(), new DetectorScenario(), new FailoverScenario());

    private Scenarios() {
    }

    static Scenario byName(String name) {
        for (Scenario s : ALL) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new UsageException("unknown scenario '" + name + "'; valid: " + names());
    }

    static String names() {
        return ALL.stream().map(Scenario::name).collect(Collectors.joining(", "));
    }
}
