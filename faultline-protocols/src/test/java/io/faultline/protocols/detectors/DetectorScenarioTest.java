package io.faultline.protocols.detectors;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.sim.engine.FaultConfig;
import io.faultline.sim.engine.NetworkModel;
import io.faultline.sim.engine.SimResult;
import io.faultline.sim.engine.SystemModel;
import io.faultline.sim.engine.Verdict;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The course's failure-detector slides, as runs of the simulator. */
class DetectorScenarioTest {

    private static final DetectorScenario SCENARIO = new DetectorScenario();
    private static final FaultConfig FAULTS = FaultConfig.defaults();

    private static SimResult run(DetectorProtocol p, String model, long seed) {
        return SCENARIO.configure(p.cliName(), parse(model), FAULTS, seed).build().run();
    }

    private static SystemModel parse(String model) {
        String[] axes = model.split("/");
        return new SystemModel(NetworkModel.parse(axes[0]),
            io.faultline.sim.engine.NodeModel.parse(axes[1]),
            io.faultline.sim.engine.TimingModel.parse(axes[2]));
    }

    /** The measured quality of service of {@code seeds} runs, one per seed from 1. */
    private static List<DetectorQos> measure(DetectorProtocol p, String model, int seeds) {
        List<DetectorQos> out = new ArrayList<>();
        for (long seed = 1; seed <= seeds; seed++) {
            DetectorQos qos = new DetectorQos(FAULTS.healAtMs());
            SimResult r = SCENARIO.measured(p, parse(model), FAULTS, seed, qos).build().run();
            out.add(qos.finish(r.endTimeMs()));
        }
        return out;
    }

    @Test
    void aPerfectDetectorExistsInASynchronousCrashStopSystemWithReliableLinks() {
        for (long seed = 1; seed <= 200; seed++) {
            SimResult r = run(DetectorProtocol.PERFECT, "reliable/crash-stop/sync", seed);
            assertThat(r.verdict()).as("seed %d: %s", seed, r.violations()).isEqualTo(Verdict.OK);
        }
        List<DetectorQos> runs = measure(DetectorProtocol.PERFECT, "reliable/crash-stop/sync",
            50);
        List<Long> detections = runs.stream().flatMap(q -> q.detectionMs().stream()).toList();
        // Crashes happened and each was caught, never by a mistake: just past the timeout
        // (period + 2 delta) after the last answer, which left before the crash and took at most
        // delta to arrive.
        long delta = FAULTS.deltaMs();
        long bound = DetectorScenario.PERIOD_MS + 2 * delta + 1 + delta;
        assertThat(detections).hasSizeGreaterThan(30).allMatch(d -> d > 0 && d <= bound);
        assertThat(detections).anyMatch(d -> d > bound - 2 * delta);
        assertThat(runs).allMatch(q -> q.mistakes() == 0 && q.trustedUpMs() == q.upMs());
        assertThat(runs.stream().mapToInt(DetectorQos::crashes).sum())
            .isEqualTo(detections.size());
    }

    /** Loss, unbounded delays before GST, pauses, or a node that comes back: each breaks it. */
    @ParameterizedTest
    @ValueSource(strings = {"fair-loss/crash-stop/sync", "arbitrary/crash-stop/sync",
        "reliable/crash-stop/partial-sync", "reliable/crash-stop/async",
        "reliable/crash-recovery/sync"})
    void theSameTimeoutSuspectsANodeThatIsUpUnderAnyOtherModel(String model) {
        SimResult broken = null;
        for (long seed = 1; seed <= 50 && broken == null; seed++) {
            SimResult r = run(DetectorProtocol.PERFECT, model, seed);
            if (r.verdict() == Verdict.SAFETY) {
                broken = r;
            }
        }
        assertThat(broken).as("a seed that breaks strong accuracy under %s", model).isNotNull();
        assertThat(broken.firstViolation().property()).isEqualTo("strong-accuracy");
        assertThat(broken.firstViolation().reason()).contains("though it is up");
    }

    @ParameterizedTest
    @ValueSource(strings = {"reliable/crash-stop/partial-sync", "fair-loss/crash-stop/partial-sync",
        "reliable/crash-recovery/partial-sync", "fair-loss/crash-recovery/sync"})
    void anEventuallyPerfectDetectorSettlesOnceDelaysAreBounded(String model) {
        for (long seed = 1; seed <= 100; seed++) {
            SimResult r = run(DetectorProtocol.EVENTUALLY_PERFECT, model, seed);
            assertThat(r.verdict()).as("seed %d: %s", seed, r.violations()).isEqualTo(Verdict.OK);
        }
        List<DetectorQos> runs = measure(DetectorProtocol.EVENTUALLY_PERFECT, model, 30);
        // "May temporarily label a node as crashed, even though it is correct".
        assertThat(runs.stream().mapToInt(DetectorQos::mistakes).sum()).isPositive();
        // "May temporarily label a node as correct, even though it has crashed".
        assertThat(runs.stream().flatMap(q -> q.detectionMs().stream())).anyMatch(d -> d > 0);
    }

    @Test
    void afterTheFaultsStopItMakesNoMistakeUnderPartialSynchronyButStillDoesUnderAsynchrony() {
        int partialSync = measure(DetectorProtocol.EVENTUALLY_PERFECT,
            "reliable/crash-stop/partial-sync", 40).stream()
            .mapToInt(DetectorQos::mistakesAfterHeal).sum();
        int async = measure(DetectorProtocol.EVENTUALLY_PERFECT, "reliable/crash-stop/async", 40)
            .stream().mapToInt(DetectorQos::mistakesAfterHeal).sum();

        assertThat(partialSync).isZero();
        assertThat(async).isPositive();
    }

    @ParameterizedTest
    @ValueSource(strings = {"perfect", "eventually-perfect", "phi-accrual"})
    void noCrashFailureDetectorSeesAByzantineTargetThatAnswers(String protocol) {
        SimResult r = run(DetectorProtocol.parse(protocol), "reliable/byzantine/sync", 1);

        assertThat(r.verdict()).isEqualTo(Verdict.LIVENESS);
        assertThat(r.firstViolation().property()).isEqualTo("strong-completeness");
        assertThat(r.firstViolation().reason()).contains("Byzantine");
    }

    @Test
    void phiAccrualMakesFewerMistakesThanTheShortTimeoutAndTakesLongerToDetect() {
        String model = "fair-loss/crash-stop/sync";
        List<DetectorQos> perfect = measure(DetectorProtocol.PERFECT, model, 30);
        List<DetectorQos> phi = measure(DetectorProtocol.PHI_ACCRUAL, model, 30);

        assertThat(mistakes(phi)).isLessThan(mistakes(perfect) / 3);
        assertThat(median(phi)).isGreaterThan(median(perfect));
    }

    private static int mistakes(List<DetectorQos> runs) {
        return runs.stream().mapToInt(DetectorQos::mistakes).sum();
    }

    private static long median(List<DetectorQos> runs) {
        List<Long> all = runs.stream().flatMap(q -> q.detectionMs().stream()).sorted().toList();
        return all.get(all.size() / 2);
    }

    @Test
    void anUnknownProtocolIsRefusedWithTheValidNames() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DetectorProtocol.parse("psychic"))
            .hasMessageContaining("psychic")
            .hasMessageContaining("perfect, eventually-perfect, phi-accrual");
    }
}
