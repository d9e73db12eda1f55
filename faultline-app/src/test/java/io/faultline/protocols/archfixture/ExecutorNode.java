package io.faultline.protocols.archfixture;

import io.faultline.runtime.archfixture.QuietNode;
import java.util.Timer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Architecture fixture: a protocol node that schedules work on executors and timer threads. */
public final class ExecutorNode extends QuietNode {

    void later(Runnable r) {
        ScheduledExecutorService ses = Executors.newSingleThreadScheduledExecutor();
        ses.schedule(r, 1, TimeUnit.SECONDS);
        CompletableFuture.runAsync(r);
        new Timer().cancel();
    }
}
