package io.faultline.runtime.archfixture;

import io.faultline.sim.Context;

/**
 * Architecture fixture: a node outside the protocol and domain packages that sleeps, and a helper
 * nested in it that starts a thread. Both are node code because of {@code implements Node}.
 */
public final class SleepyNode extends QuietNode {

    @Override
    public void init(Context ctx) {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Nested in a node, so node code too. */
    public static final class Helper {

        void start() {
            new Thread(() -> { }).start();
        }
    }
}
