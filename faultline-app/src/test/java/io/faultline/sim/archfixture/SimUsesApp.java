package io.faultline.sim.archfixture;

import io.faultline.app.Main;

/** Architecture fixture: the simulator calling up into the command line. */
public final class SimUsesApp {

    int run() {
        return Main.execute("--help");
    }
}
