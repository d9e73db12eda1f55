package io.faultline.app;

import io.faultline.protocols.detectors.DetectorMessage;
import io.faultline.protocols.detectors.DetectorProtocol;
import io.faultline.protocols.detectors.DetectorQos;
import io.faultline.protocols.detectors.DetectorScenario;
import io.faultline.protocols.detectors.Monitor;
import io.faultline.protocols.detectors.Target;
import io.faultline.runtime.RealCluster;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A failure detector for real: the monitor and the target on their own event loops, pinging over
 * loopback gRPC, while a driver crashes the target ({@code NodeHost.crash}: its loop stops, its
 * answers stop) and restarts it. Its verdicts are then measured against the crash and restart
 * times with the simulator's {@link DetectorQos}.
 */
final class RealDetectorRun {

    /** The delay bound the detectors are told: what loopback gRPC keeps to but for pauses. */
    static final long DELTA_MS = 10;
    /**
     * Not measured: the first second, while the nodes connect to each other (a first call over
     * gRPC opens its connection) and the JIT warms up.
     */
    static final long WARM_UP_MS = 1_000;

    private RealDetectorRun() {
    }

    /**
     * What a real run measured.
     *
     * @param qos the detector's quality of service against what really happened
     * @param pauses how many times the target was paused (up, but silent)
     */
    record Measured(DetectorQos qos, int pauses) {
    }

    /**
     * Runs {@code protocol} for {@code lengthMs} after the warm-up, with a fault after each up
     * time drawn around {@code upMeanMs}: a crash, restarted 200..1000 ms later, or, when
     * {@code pauseMs} is positive, with even odds a pause of the target's event loop for that
     * long (as by a garbage collection: the target stays up, its answers wait). The seed fixes
     * those draws.
     */
    static Measured run(DetectorProtocol protocol, long lengthMs, long upMeanMs, long pauseMs,
                        long seed) {
        Path dir = tempDir();
        SplittableRandom driver = new SplittableRandom(seed);
        // Each point: when, whether the target is up from then on.
        List<long[]> truth = new ArrayList<>();
        List<Monitor.Change> verdicts;
        long endMs;
        int pauses = 0;
        try (RealCluster cluster = RealCluster.builder(dir)
                .messages(List.of(DetectorMessage.class))
                .node(DetectorScenario.MONITOR, () -> new Monitor(DetectorScenario.TARGET,
                    protocol, DetectorScenario.PERIOD_MS, DELTA_MS))
                .node(DetectorScenario.TARGET, Target::new)
                .seed(seed)
                .log(new PrintStream(OutputStream.nullOutputStream()))
                .start()) {
            var clock = cluster.clock();
            truth.add(new long[] {0, 1});
            sleep(WARM_UP_MS);
            long untilMs = WARM_UP_MS + lengthMs;
            while (clock.getAsLong() < untilMs) {
                sleep(Math.min(untilMs - clock.getAsLong(),
                    (long) (-Math.log(1 - driver.nextDouble()) * upMeanMs)));
                if (clock.getAsLong() >= untilMs) {
                    break;
                }
                if (pauseMs > 0 && driver.nextBoolean()) {
                    // Up all along: any suspicion during the pause is the detector's mistake.
                    cluster.pause(DetectorScenario.TARGET, Duration.ofMillis(pauseMs));
                    pauses++;
                    sleep(pauseMs);
                    continue;
                }
                truth.add(new long[] {clock.getAsLong(), 0});
                cluster.crash(DetectorScenario.TARGET);
                sleep(200 + driver.nextLong(801));
                cluster.restart(DetectorScenario.TARGET);
                truth.add(new long[] {clock.getAsLong(), 1});
            }
            endMs = clock.getAsLong();
            Monitor monitor = (Monitor) cluster.host(DetectorScenario.MONITOR).currentNode()
                .orElseThrow(() -> new IllegalStateException("the monitor is down"));
            verdicts = monitor.changes();
        } finally {
            TempDirs.deleteQuietly(dir);
        }
        return new Measured(measure(truth, verdicts, endMs), pauses);
    }

    /**
     * Replays the two timelines, merged in time order, into a measurement of the time from
     * {@link #WARM_UP_MS} to {@code endMs}.
     */
    static DetectorQos measure(List<long[]> truth, List<Monitor.Change> verdicts, long endMs) {
        DetectorQos qos = new DetectorQos(0);
        boolean up = false;
        boolean suspected = false;
        int t = 0;
        int v = 0;
        while (t < truth.size() || v < verdicts.size()) {
            boolean truthFirst = v == verdicts.size()
                || (t < truth.size() && truth.get(t)[0] <= verdicts.get(v).atMs());
            long at;
            if (truthFirst) {
                at = truth.get(t)[0];
                up = truth.get(t)[1] == 1;
                t++;
            } else {
                at = verdicts.get(v).atMs();
                suspected = verdicts.get(v).suspected();
                v++;
            }
            qos.observe(Math.max(WARM_UP_MS, Math.min(at, endMs)), up, suspected);
        }
        return qos.finish(endMs);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(Math.max(0, ms));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("faultline-detectors");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a temporary directory for the nodes'"
                + " stores", e);
        }
    }
}
