package io.faultline.sim.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.sim.Rng;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LatencySummaryTest {

    @Test
    void nearestRankPercentilesOfOneToAThousand() {
        long[] values = LongStream.rangeClosed(1, 1000).map(i -> 1001 - i).toArray();

        LatencySummary s = LatencySummary.of(values);

        assertThat(s.count()).isEqualTo(1000);
        assertThat(s.minMs()).isEqualTo(1);
        assertThat(s.p50Ms()).isEqualTo(500);
        assertThat(s.p90Ms()).isEqualTo(900);
        assertThat(s.p99Ms()).isEqualTo(990);
        assertThat(s.p999Ms()).isEqualTo(999);
        assertThat(s.maxMs()).isEqualTo(1000);
        assertThat(s.meanMs()).isEqualTo(500.5);
        assertThat(values[0]).as("the input is not sorted in place").isEqualTo(1000);
    }

    @Test
    void aHighPercentileOfFewValuesIsTheLargest() {
        LatencySummary s = LatencySummary.of(new long[] {3, 1, 2});
        assertThat(s.p50Ms()).isEqualTo(2);
        assertThat(s.p999Ms()).isEqualTo(3);
        assertThat(LatencySummary.of(new long[] {42}).p50Ms()).isEqualTo(42);
    }

    @Test
    void everyQuantileIsTheSmallestMeasuredValueCoveringItsFraction() {
        Rng rng = new Rng(99L);
        int[] permilles = {1, 500, 900, 990, 999, 1000};
        for (int round = 0; round < 300; round++) {
            long[] values = new long[1 + rng.nextInt(300)];
            for (int i = 0; i < values.length; i++) {
                values[i] = rng.nextLong(50);
            }
            long[] sorted = values.clone();
            java.util.Arrays.sort(sorted);
            for (int q : permilles) {
                long v = LatencySummary.quantile(sorted, q);
                long atMost = LongStream.of(values).filter(x -> x <= v).count();
                long below = LongStream.of(values).filter(x -> x < v).count();
                // At least q/1000 of the values are <= v, and fewer than q/1000 are < v.
                assertThat(atMost * 1000).isGreaterThanOrEqualTo((long) q * values.length);
                assertThat(below * 1000).isLessThan((long) q * values.length);
            }
        }
    }
}
