package io.faultline.sim.archfixture;

import io.faultline.protocols.archfixture.CycleToSim;

/** Architecture fixture: the other half of a cycle between sim and protocols. */
public final class CycleToProtocols {

    CycleToSim other;
}
