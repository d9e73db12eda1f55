package io.faultline.protocols.twogenerals;

import io.faultline.sim.Timer;

/** The moment of the attack: each general decides with what it has received by then. */
public record Dawn() implements Timer {
}
