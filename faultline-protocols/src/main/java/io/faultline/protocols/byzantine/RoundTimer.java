package io.faultline.protocols.byzantine;

import io.faultline.sim.Timer;

/**
 * The end of synchronous round {@code number - 1} and the start of round {@code number}: messages
 * of earlier rounds that have not arrived by now are taken as missing.
 *
 * @param number 1 for the first boundary after the start; 0 for a delayed start of round 0
 */
public record RoundTimer(int number) implements Timer {
}
