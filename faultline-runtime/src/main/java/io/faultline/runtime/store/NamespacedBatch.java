package io.faultline.runtime.store;

import io.faultline.sim.WriteBatch;
import java.util.Objects;

/**
 * A node's batch for a {@link SharedDatabase}: the writes, and the namespace of the node's store
 * they go to.
 *
 * @param namespace the store's namespace
 * @param batch its writes
 */
public record NamespacedBatch(String namespace, WriteBatch batch) {
    public NamespacedBatch {
        JdbcStore.checkText("namespace", namespace);
        Objects.requireNonNull(batch, "batch");
    }
}
