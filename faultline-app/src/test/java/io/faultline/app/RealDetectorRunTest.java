package io.faultline.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.protocols.detectors.DetectorProtocol;
import io.faultline.protocols.detectors.DetectorQos;
import io.faultline.protocols.detectors.Monitor.Change;
import java.util.List;
import org.junit.jupiter.api.Test;

class RealDetectorRunTest {

    @Test
    void theTimelinesOfTheTargetAndTheMonitorMakeItsQualityOfService() {
        long w = RealDetectorRun.WARM_UP_MS;
        List<long[]> truth = List.of(new long[] {0, 1}, new long[] {w + 1_000, 0},
            new long[] {w + 1_500, 1});
        // Suspected 100 ms after the crash; still suspected for 100 ms after the restart.
        List<Change> verdicts = List.of(new Change(w + 1_100, true), new Change(w + 1_600, false));

        DetectorQos qos = RealDetectorRun.measure(truth, verdicts, w + 2_000);

        assertThat(qos.crashes()).isEqualTo(1);
        assertThat(qos.detectionMs()).containsExactly(100L);
        assertThat(qos.mistakes()).isEqualTo(1);
        assertThat(qos.mistakeMs()).isEqualTo(100);
        assertThat(qos.upMs()).isEqualTo(1_000 + 500);
        assertThat(qos.trustedUpMs()).isEqualTo(1_000 + 400);
    }

    @Test
    void aRealPerfectDetectorCatchesTheCrashesOfARealTarget() {
        DetectorQos qos = RealDetectorRun.run(DetectorProtocol.PERFECT, 3_000, 300, 0, 1).qos();

        assertThat(qos.crashes()).isPositive();
        assertThat(qos.detectionMs()).isNotEmpty().allMatch(d -> d >= 0 && d < 1_000);
        assertThat(qos.upMs()).isPositive();
        assertThat(qos.trustedUpMs()).isBetween(1L, qos.upMs());
    }

    /**
     * A pause longer than the timeout makes even the perfect detector suspect a target that is
     * up: on a real machine, a process pause breaks the synchrony it rests on. Every crash here
     * is caught (down 200 ms or more, timeout 120 ms), so each restart is one mistake until the
     * next answer; the pauses must add mistakes of their own.
     */
    @Test
    void aPauseLongerThanItsTimeoutFoolsARealPerfectDetector() {
        RealDetectorRun.Measured m = RealDetectorRun.run(DetectorProtocol.PERFECT, 4_000, 300,
            400, 2);
        DetectorQos qos = m.qos();

        assertThat(m.pauses()).isPositive();
        assertThat(qos.mistakes()).as("mistakes beyond one per restart")
            .isGreaterThan(qos.crashes());
        assertThat(qos.trustedUpMs()).isLessThan(qos.upMs());
    }
}
