package io.faultline.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.sim.WriteBatch;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FilteredStoreTest {

    /** A memory store that counts the reads that reach it. */
    private static final class CountingStore extends ForwardingStore {
        int gets;

        @Override
        public Optional<String> get(String key) {
            gets++;
            return super.get(key);
        }
    }

    private final CountingStore store = new CountingStore();

    @Test
    void aKeyNeverWrittenIsMissingWithoutARead() {
        FilteredStore reads = new FilteredStore(store, KeyFilter.withCapacity(0));

        assertThat(reads.get("idem/c1/new")).isEmpty();
        assertThat(store.gets).isZero();
    }

    @Test
    void aKeyExpectedBeforeItsCommitIsReadFromTheStore() {
        FilteredStore reads = new FilteredStore(store, KeyFilter.withCapacity(0));
        WriteBatch batch = WriteBatch.create().put("pay/1", "pending");

        reads.expect(batch);
        assertThat(reads.get("pay/1")).isEmpty(); // not committed yet: read, and not there
        store.write(batch);                       // the committer's write

        assertThat(reads.get("pay/1")).contains("pending");
        assertThat(store.gets).isEqualTo(2);
    }

    @Test
    void writesThroughItAreReadBack() {
        FilteredStore reads = new FilteredStore(store, KeyFilter.withCapacity(0));
        reads.write(WriteBatch.create().put("a", "1").put("b", "2"));

        assertThat(reads.get("a")).contains("1");
        assertThat(reads.scan("")).containsOnlyKeys("a", "b");
    }

    @Test
    void aBadKeyIsRefusedAsTheDatabaseStoreRefusesIt() {
        FilteredStore reads = new FilteredStore(store, KeyFilter.withCapacity(0));

        assertThatThrownBy(() -> reads.get("nul\0key"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("NUL");
    }
}
