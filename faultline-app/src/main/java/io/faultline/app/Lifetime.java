package io.faultline.app;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * How a serving command lives: until Ctrl-C or SIGTERM (a shutdown hook stops what it started),
 * or for a given number of seconds (for demos and tests).
 */
public final class Lifetime {

    private Lifetime() {
    }

    /** Checks a {@code --seconds} option: 0 (until stopped) up to a year. */
    public static void checkSeconds(long seconds) {
        if (seconds < 0 || seconds > 31_536_000L) {
            throw new UsageException("--seconds must be in [0, 31536000], got " + seconds);
        }
    }

    /**
     * Blocks until the JVM is asked to stop, or {@code seconds} passed when positive; runs
     * {@code stop} exactly once either way, saying on standard error that {@code name} is
     * stopping and, once {@code stop} returned, how long that took: an operator who sends
     * SIGTERM sees the drain begin and end, not a silent exit.
     */
    public static void holdUntilStopped(String name, long seconds, Runnable stop)
            throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runnable announced = () -> {
            System.err.println("faultline " + name + ": stopping");
            long start = System.nanoTime();
            stop.run();
            System.err.println("faultline " + name + ": stopped in "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms");
        };
        Thread hook = new Thread(() -> {
            announced.run();
            stopped.countDown();
        }, "faultline-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        if (seconds == 0) {
            stopped.await();
        } else if (!stopped.await(seconds, TimeUnit.SECONDS)) {
            Runtime.getRuntime().removeShutdownHook(hook);
            announced.run();
        }
    }
}
