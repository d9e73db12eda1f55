package io.faultline.protocols.archfixture;

import io.faultline.sim.archfixture.CycleToProtocols;

/** Architecture fixture: half of a cycle between the top-level packages protocols and sim. */
public final class CycleToSim {

    CycleToProtocols other;
}
