package io.faultline.runtime.archfixture;

/**
 * Architecture fixture: the real runtime may read the wall clock and start threads; it is not node
 * code. The node rules must not report it.
 */
public final class RuntimeClock {

    long nowMs() {
        return System.currentTimeMillis() + System.nanoTime() / 1_000_000;
    }

    Thread loop(Runnable body) {
        return new Thread(body);
    }
}
