package io.faultline.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        // A key that seems to be there already (a false positive) takes no room.
        assertThat(filter.size()).isBetween((long) count - count / 50, (long) count);
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
    void aKeyAddedAgainTakesNoRoom() {
        KeyFilter filter = KeyFilter.withCapacity(10);

        assertThat(filter.add("pay/1")).isTrue();
        assertThat(filter.add("pay/1")).isFalse();
        assertThat(filter.add("")).isTrue();
        assertThat(filter.size()).isEqualTo(2);
        assertThat(filter.mightContain("pay/1")).isTrue();
    }

    @Test
    void rejectsANegativeCapacity() {
        assertThatThrownBy(() -> KeyFilter.withCapacity(-1))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("-1");
    }
}
