package io.faultline.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.sim.WriteBatch;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class KeyFilterTest {

    @Test
    void neverRulesOutAnAddedKeyAsItGrowsFarPastItsCapacity() {
        KeyFilter filter = KeyFilter.withCapacity(0);
        int count = (int) KeyFilter.CAPACITY_MIN * 20;
        for (int i = 0; i < count; i++) {
            filter.add("idem/client-" + (i % 7) + "/key-" + i);
        }

        assertThat(IntStream.range(0, count)
            .filter(i -> !filter.mightContain("idem/client-" + (i % 7) + "/key-" + i)))
            .isEmpty();
        assertThat(filter.size()).isEqualTo(count);
    }

    @Test
    void rulesOutAlmostEveryKeyThatWasNotAdded() {
        int count = 100_000;
        KeyFilter sized = KeyFilter.withCapacity(count);
        KeyFilter grown = KeyFilter.withCapacity(0);
        for (int i = 0; i < count; i++) {
            sized.add("pay/" + i);
            grown.add("pay/" + i);
        }

        // Keys that differ from added ones in one character: the hash must spread them.
        long sizedHits = IntStream.range(0, count).filter(i -> sized.mightContain("pay/x" + i))
            .count();
        long grownHits = IntStream.range(0, count).filter(i -> grown.mightContain("pay/x" + i))
            .count();
        assertThat(sizedHits).isLessThan(count / 200);  // under 0.5%
        assertThat(grownHits).isLessThan(count / 50);   // under 2% across its parts
    }

    @Test
    void addAllTakesTheKeysABatchPutsAndNotTheOnesItDeletes() {
        KeyFilter filter = KeyFilter.withCapacity(10);
        filter.addAll(WriteBatch.create().put("a", "1").delete("gone").put("", "empty key"));

        assertThat(filter.mightContain("a")).isTrue();
        assertThat(filter.mightContain("")).isTrue();
        assertThat(filter.size()).isEqualTo(2);
    }

    @Test
    void rejectsANegativeCapacity() {
        assertThatThrownBy(() -> KeyFilter.withCapacity(-1))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("-1");
    }
}
