package io.faultline.sim;

import java.util.Optional;
import java.util.SortedMap;

/**
 * A small transactional key-value store that belongs to one node. Keys and values are strings;
 * keys order as strings, so a prefix scan returns rows in key order.
 *
 * <p>Each {@link #put}, {@link #delete} and {@link #write} is atomic. A write is durable once the
 * handler that made it returns: the real runtime commits the writes of many handlers together
 * (group commit) and releases their output only after the commit.
 */
public interface DurableStore {

    /** The value under {@code key}, if any. */
    Optional<String> get(String key);

    /** Every key that starts with {@code prefix}, in key order, with its value. */
    SortedMap<String, String> scan(String prefix);

    /** Writes one key atomically. */
    default void put(String key, String value) {
        write(WriteBatch.create().put(key, value));
    }

    /** Deletes one key atomically; deleting a missing key does nothing. */
    default void delete(String key) {
        write(WriteBatch.create().delete(key));
    }

    /** Applies every write of the batch, or none of them. */
    void write(WriteBatch batch);
}
