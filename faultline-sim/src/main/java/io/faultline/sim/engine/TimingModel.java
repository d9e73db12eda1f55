package io.faultline.sim.engine;

import java.util.Locale;

/** Timing assumptions for network and nodes, as in the course. */
public enum TimingModel {
    /** Every delay is at most a known bound; timers fire on time. */
    SYNC,
    /** Asynchronous until a global stabilisation time (GST) drawn from the seed, bounded after. */
    PARTIAL_SYNC,
    /** Delays have no bound (heavy-tailed) and processes pause, like stop-the-world GC. */
    ASYNC;

    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static TimingModel parse(String s) {
        return Names.parse(TimingModel.class, "timing model", s);
    }
}
