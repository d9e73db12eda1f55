package io.faultline.protocols.archfixture;

import io.faultline.runtime.archfixture.QuietNode;

/** Architecture fixture: a protocol node that starts a thread and sleeps. */
public final class ThreadNode extends QuietNode {

    void work() throws InterruptedException {
        Thread t = new Thread(() -> { });
        t.start();
        Thread.sleep(5);
    }
}
