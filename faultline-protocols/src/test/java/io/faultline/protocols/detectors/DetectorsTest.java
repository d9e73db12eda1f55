package io.faultline.protocols.detectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DetectorsTest {

    @Test
    void aFixedTimeoutSuspectsOnlyAfterItAndNeverGrows() {
        TimeoutDetector d = TimeoutDetector.fixed(0, 120);

        assertThat(d.suspects(120)).isFalse();
        assertThat(d.suspects(121)).isTrue();
        d.heard(300); // a late answer: trusted again, same timeout
        assertThat(d.suspects(420)).isFalse();
        assertThat(d.timeoutMs()).isEqualTo(120);
    }

    @Test
    void anAdaptiveTimeoutGrowsAfterEachMistakeOnly() {
        TimeoutDetector d = TimeoutDetector.adaptive(0, 100, 50);

        d.heard(90);   // in time
        assertThat(d.timeoutMs()).isEqualTo(100);
        d.heard(250);  // 160 ms of silence: it suspected wrongly
        assertThat(d.timeoutMs()).isEqualTo(150);
        assertThat(d.suspects(400)).isFalse();
        assertThat(d.suspects(401)).isTrue();
    }

    @Test
    void phiGrowsWithSilenceAndCrossesItsThresholdLaterWhenAnswersVary() {
        PhiAccrualDetector regular = new PhiAccrualDetector(0, 100, 8.0, 100, 10.0);
        PhiAccrualDetector jittery = new PhiAccrualDetector(0, 100, 8.0, 100, 10.0);
        long t = 0;
        for (int i = 0; i < 50; i++) {
            t += 100;
            regular.heard(t);
            jittery.heard(t + (i % 2 == 0 ? 60 : -60));
        }
        long last = t;

        assertThat(regular.phi(last)).isCloseTo(0.0, within(0.01));
        assertThat(regular.phi(last + 100)).isLessThan(regular.phi(last + 150));
        assertThat(regular.phi(last + 150)).isLessThan(regular.phi(last + 200));
        long regularAt = firstSuspicion(regular, last);
        long jitteryAt = firstSuspicion(jittery, last + 60);
        assertThat(regularAt - last).isBetween(100L, 250L);
        assertThat(jitteryAt - (last + 60)).isGreaterThan(regularAt - last);
    }

    private static long firstSuspicion(PhiAccrualDetector d, long from) {
        for (long t = from; t < from + 10_000; t++) {
            if (d.suspects(t)) {
                return t;
            }
        }
        throw new AssertionError("never suspected within 10 s of silence");
    }
}
