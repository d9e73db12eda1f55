package io.faultline.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The parts of the real failover run's report that need no cluster. */
class FailoverRunTest {

    @Test
    void depositIdsPrintAsRuns() {
        assertThat(FailoverRun.ranges(List.of())).isEmpty();
        assertThat(FailoverRun.ranges(List.of(0L, 1L, 2L, 3L))).isEqualTo("0..3");
        assertThat(FailoverRun.ranges(List.of(0L, 1L, 2L, 5L, 7L, 8L, 10L, 11L, 12L)))
            .isEqualTo("0..2, 5, 7, 8, 10..12");
    }

    @Test
    void theRealConfigurationUsesTheLoopbackDelayBound() {
        var config = FailoverRun.config(io.faultline.protocols.failover.FailoverProtocol.FENCED,
            20, 100);
        assertThat(config.deltaMs()).isEqualTo(RealDetectorRun.DELTA_MS).isEqualTo(10);
        assertThat(config.periodMs()).isEqualTo(100);
        assertThat(config.clientTimeoutMs()).isEqualTo(100);
        assertThat(config.deposits()).isEqualTo(20);
    }
}
