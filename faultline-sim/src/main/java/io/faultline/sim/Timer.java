package io.faultline.sim;

/**
 * A timer payload: what a node wants to be reminded of. Like {@link Message}, each protocol
 * declares a sealed interface of records that extends this one.
 */
public interface Timer {
}
