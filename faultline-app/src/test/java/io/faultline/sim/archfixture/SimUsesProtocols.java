package io.faultline.sim.archfixture;

import io.faultline.protocols.retry.Protocol;

/** Architecture fixture: the simulator depending on a protocol; sim may use the JDK only. */
public final class SimUsesProtocols {

    String name() {
        return Protocol.values()[0].name();
    }
}
