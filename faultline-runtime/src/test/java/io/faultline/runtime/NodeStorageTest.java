package io.faultline.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.runtime.store.ForwardingStore;
import io.faultline.runtime.store.SqliteStore;
import io.faultline.sim.WriteBatch;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeStorageTest {

    /** A memory store whose first write fails. */
    private static final class FailingOnce extends ForwardingStore {
        boolean failNext = true;

        @Override
        public void write(WriteBatch batch) {
            if (failNext) {
                failNext = false;
                throw new IllegalStateException("disk full");
            }
            super.write(batch);
        }
    }

    @Test
    void immediateStorageCommitsNoBatchAfterAFailedOne() throws Exception {
        FailingOnce store = new FailingOnce();
        NodeStorage storage = NodeStorage.immediate(store);

        CompletableFuture<Void> first = storage.commit(WriteBatch.create().put("a", "1"),
            () -> true);
        // The store would take this one, but its handler may have read the failed one's writes.
        CompletableFuture<Void> second = storage.commit(WriteBatch.create().put("b", "2"),
            () -> true);

        assertThatThrownBy(() -> first.get(1, TimeUnit.SECONDS)).hasRootCauseMessage("disk full");
        assertThatThrownBy(() -> second.get(1, TimeUnit.SECONDS))
            .hasMessageContaining("an earlier batch, which it may rest on, failed");
        assertThat(store.inner.snapshot()).isEmpty();
    }

    @Test
    void databaseStorageFindsWhatEarlierLivesAndThisOneCommitted(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("node.db");
        try (NodeStorage first = NodeStorage.groupCommitted(SqliteStore.open(file))) {
            first.commit(WriteBatch.create().put("pay/1", "done").put("idem/c/k1", "pay/1"),
                () -> true).get(5, TimeUnit.SECONDS);
        }

        try (NodeStorage second = NodeStorage.groupCommitted(SqliteStore.open(file))) {
            // Its key filter was read from the file: an earlier life's keys are not ruled out.
            assertThat(second.committed().get("idem/c/k1")).contains("pay/1");
            assertThat(second.committed().get("idem/c/k2")).isEmpty();

            second.commit(WriteBatch.create().put("idem/c/k2", "pay/2"), () -> true)
                .get(5, TimeUnit.SECONDS);
            assertThat(second.committed().get("idem/c/k2")).contains("pay/2");
        }
    }
}
