package io.faultline.runtime;

import io.faultline.runtime.PingNode.Status;
import io.faultline.runtime.PingNode.StatusReply;
import io.faultline.sim.Address;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** What the tests of real ping-pong clusters share: a directory, the cluster, polling. */
abstract class PingClusterFixture {

    @TempDir
    Path dir;

    RealCluster cluster;

    @AfterEach
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** A cluster builder with the ping messages and a log that keeps quiet. */
    RealCluster.Builder pingCluster() {
        return RealCluster.builder(dir)
            .messages(List.of(PingNode.Msg.class))
            .log(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    /** Asks an in-JVM node for its count (the pinger's answered pings, the ponger's pings). */
    long status(Address node) throws Exception {
        return ((StatusReply) cluster.host(node).ask(new Status(), Duration.ofSeconds(5))
            .get(10, TimeUnit.SECONDS)).value();
    }

    /** Polls {@link #status} until {@code done} holds or 60 s pass; returns the last value. */
    long awaitStatus(Address node, LongPredicate done) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        long value = status(node);
        while (!done.test(value) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            value = status(node);
        }
        return value;
    }
}
