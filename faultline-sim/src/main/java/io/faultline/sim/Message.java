package io.faultline.sim;

/**
 * A message between nodes. Each protocol declares a sealed interface that extends this one and
 * permits only its own records, so a handler can dispatch with {@code instanceof} patterns and the
 * real runtime can serialise every message of a protocol as JSON.
 *
 * <p>Messages are immutable values: records whose components are strings, numbers, booleans,
 * enums, other records or immutable lists and maps of those. Their {@code toString} is part of the
 * simulator's trace, so it must not depend on identity hash codes (no arrays).
 */
public interface Message {
}
