package io.faultline.sim;

/**
 * A handle to a timer set with {@link Context#setTimer}, used to cancel it.
 *
 * @param value unique within one node incarnation
 */
public record TimerId(long value) {
}
