package io.faultline.sim.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.sim.Rng;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest(name = "{0} is {1} ms")
    @CsvSource({"200ms, 200", "1.5s, 1500", "5m, 300000", "5min, 300000", "24h, 86400000",
        "1d, 86400000", "0ms, 0", "' 2 S ', 2000", "0.001s, 1"})
    void parsesANumberAndAUnitIntoWholeMilliseconds(String text, long ms) {
        assertThat(Durations.parseMs(text, "latency")).isEqualTo(ms);
    }

    @ParameterizedTest(name = "rejects ''{0}''")
    @ValueSource(strings = {"200", "200x", "ms", "-1s", "", "0.5ms", "1.2.3s", "99999999999d"})
    void rejectsTextThatIsNotAWholeMillisecondDurationNamingIt(String text) {
        assertThatThrownBy(() -> Durations.parseMs(text, "latency"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("latency '" + text + "'")
            .hasMessageContaining("valid:");
    }

    @Test
    void compactFormReadsBackToTheSameMilliseconds() {
        Rng rng = new Rng(7L);
        for (int i = 0; i < 10_000; i++) {
            long ms = rng.nextLong(Durations.PARSED_MS_MAX + 1);
            if (rng.nextBoolean()) {
                ms -= ms % 60_000L;
            }
            assertThat(Durations.parseMs(Durations.compact(ms), "x")).isEqualTo(ms);
        }
        assertThat(Durations.compact(200)).isEqualTo("200ms");
        assertThat(Durations.compact(86_400_000L)).isEqualTo("1d");
        assertThat(Durations.compact(0)).isEqualTo("0ms");
    }

    @ParameterizedTest(name = "{0} ms is {2}")
    @CsvSource({"0, 3, 0 ms", "500, 3, 500 ms", "999.6, 3, 1 second", "999.4, 3, 999 ms", "1500, 3, 1.5 seconds",
        "1000, 3, 1 second", "86400000, 3, 1 day", "172800000, 3, 2 days",
        "5400000, 3, 1.5 hours", "5400000, 1, 2 hours", "31536000000, 3, 365 days"})
    void formatsInTheLargestWholeUnitWithSignificantDigits(String ms, int digits, String text) {
        assertThat(Durations.human(new BigDecimal(ms), digits)).isEqualTo(text);
    }

    @Test
    void rejectsNegativeDurationsAndDigitsOutOfRange() {
        assertThatThrownBy(() -> Durations.human(-1, 3)).hasMessageContaining("-1 ms");
        assertThatThrownBy(() -> Durations.human(1, 0)).hasMessageContaining("digits 0");
        assertThatThrownBy(() -> Durations.human(1, 13)).hasMessageContaining("valid: 1..12");
    }
}
