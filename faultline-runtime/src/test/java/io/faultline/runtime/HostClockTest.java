package io.faultline.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HostClockTest {

    @Test
    void mapsATimeItReadBackToTheNanoTimeOfThatMillisecond() throws Exception {
        HostClock clock = HostClock.startingNow();
        Thread.sleep(15);
        long before = System.nanoTime();
        long timeMs = clock.getAsLong();
        long after = System.nanoTime();

        assertThat(timeMs).isGreaterThanOrEqualTo(15);
        // The clock read timeMs somewhere in [before, after], and had read it for under 1 ms.
        assertThat(clock.nanoTimeOf(timeMs)).isLessThanOrEqualTo(after)
            .isGreaterThan(before - 1_000_000);
        assertThat(clock.nanoTimeOf(timeMs + 1) - clock.nanoTimeOf(timeMs))
            .isEqualTo(1_000_000);
    }
}
