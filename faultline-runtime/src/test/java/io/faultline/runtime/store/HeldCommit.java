package io.faultline.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A commit function for tests that passes commits through to a real one, except that a commit can
 * be held back until the test releases it: "the disk is slow right now".
 */
public final class HeldCommit<T> implements Consumer<List<T>> {

    private record Gate(CountDownLatch entered, CountDownLatch release) {
    }

    private final Consumer<List<T>> target;
    private final AtomicReference<Gate> armed = new AtomicReference<>();
    private volatile Gate lastGate;
    private final List<List<T>> groups = new CopyOnWriteArrayList<>();

    private HeldCommit(Consumer<List<T>> target) {
        this.target = target;
    }

    /** Passes every commit through until {@link #holdNext()}. */
    public static <T> HeldCommit<T> passing(Consumer<List<T>> target) {
        return new HeldCommit<>(target);
    }

    /** Holds the first commit. */
    public static <T> HeldCommit<T> holdingFirst(Consumer<List<T>> target) {
        HeldCommit<T> held = new HeldCommit<>(target);
        held.holdNext();
        return held;
    }

    /** The next commit waits, before it touches the database, until {@link #release()}. */
    public void holdNext() {
        Gate gate = new Gate(new CountDownLatch(1), new CountDownLatch(1));
        lastGate = gate;
        armed.set(gate);
    }

    /** Waits until the held commit has started (and is waiting). */
    public void awaitHeld() {
        await(lastGate.entered());
    }

    /** Lets the held commit go on. */
    public void release() {
        lastGate.release().countDown();
    }

    /** Every group committed so far, in order. */
    public List<List<T>> groups() {
        return groups;
    }

    @Override
    public void accept(List<T> items) {
        Gate gate = armed.getAndSet(null);
        if (gate != null) {
            gate.entered().countDown();
            await(gate.release());
        }
        target.accept(items);
        groups.add(List.copyOf(items));
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).as("latch released in time").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
