package io.faultline.sim.engine;

import java.util.Locale;

/** How nodes fail, as in the course. */
public enum NodeModel {
    /** A node may crash at any moment and never comes back; its store is lost with it. */
    CRASH_STOP,
    /** A node may crash at any moment, losing memory; it restarts later with its store intact. */
    CRASH_RECOVERY,
    /** Chosen nodes deviate from the algorithm: they run an adversary strategy. */
    BYZANTINE;

    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static NodeModel parse(String s) {
        return Names.parse(NodeModel.class, "node model", s);
    }
}
