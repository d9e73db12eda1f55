package io.faultline.protocols.detectors;

import io.faultline.sim.Message;

/**
 * What a monitor and its target say to each other: "are you there?" and "yes". A corrupted
 * message fails its checksum and is dropped; a replayed or duplicated answer carries an old
 * sequence number, and the monitor ignores any answer not newer than the newest it has heard.
 */
public sealed interface DetectorMessage extends Message {

    /**
     * The monitor's question.
     *
     * @param seq the ping's number, from 0, one more for each ping the monitor sends
     */
    record Ping(long seq) implements DetectorMessage {
    }

    /**
     * The target's answer.
     *
     * @param seq the number of the ping it answers
     */
    record Pong(long seq) implements DetectorMessage {
    }
}
