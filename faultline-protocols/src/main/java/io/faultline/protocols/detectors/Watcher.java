package io.faultline.protocols.detectors;

import io.faultline.protocols.detectors.DetectorMessage.Ping;
import io.faultline.sim.Address;
import io.faultline.sim.Context;
import io.faultline.sim.Timer;
import io.faultline.sim.TimerId;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The watching half of a node that keeps an eye on another: pings its target every period and asks
 * its {@link Detector}, at every ping, every answer and the moment the detector's deadline passes,
 * whether the target is to be suspected. It keeps the moments its verdict changed. It is not a node
 * itself: its host passes it the answers it gets ({@link #answered}) and the watcher's own
 * timers ({@link #onTimer}), and reads the verdict with {@link #suspects()}. {@link Monitor} is a
 * host that does nothing else; a replica that takes over from a suspected primary is another.
 *
 * <pre>{@code
 * watcher.start(ctx);                                   // in init or recover
 * if (message instanceof Pong p && from.equals(target)) {
 *     watcher.answered(ctx, p.seq());
 * }
 * if (watcher.onTimer(ctx, timer) && watcher.suspects()) { ... }
 * }</pre>
 */
public final class Watcher {

    /** Time for the next ping. */
    public record Tick() implements Timer {
    }

    /** The moment the detector's deadline passes, unless an answer comes first. */
    public record Deadline() implements Timer {
    }

    private final Address target;
    private final DetectorProtocol protocol;
    private final long periodMs;
    private final long deltaMs;
    private Detector detector;
    private long nextSeq;
    private long newestAnswered = -1;
    private boolean suspected;
    private long lastHeardMs;
    private long lastSuspicionMs = -1;
    private long lastTrustMs;
    private final List<Monitor.Change> changes = new ArrayList<>();
    private TimerId deadline;

    /**
     * @param target the node to watch
     * @param protocol the detector to judge it by
     * @param periodMs how often to ping, at least 2 ms
     * @param deltaMs the system's known delay bound, which only the perfect detector uses
     */
    public Watcher(Address target, DetectorProtocol protocol, long periodMs, long deltaMs) {
        this.target = Objects.requireNonNull(target, "target");
        this.protocol = Objects.requireNonNull(protocol, "protocol");
        if (periodMs < 2) {
            throw new IllegalArgumentException("period must be >= 2 ms, was " + periodMs);
        }
        this.periodMs = periodMs;
        this.deltaMs = deltaMs;
    }

    /** Starts watching: the first ping goes out now. Call once per incarnation of the host. */
    public void start(Context ctx) {
        detector = protocol.create(ctx.now(), periodMs, deltaMs);
        lastHeardMs = ctx.now();
        lastTrustMs = ctx.now();
        ping(ctx);
        watch(ctx);
    }

    private void ping(Context ctx) {
        ctx.send(target, new Ping(nextSeq++));
        update(ctx.now());
        ctx.setTimer(new Tick(), periodMs);
    }

    /**
     * The target answered ping {@code seq}. Only an answer newer than every one heard so far
     * counts, not a duplicate, a replay or an answer to a ping never sent.
     *
     * @return whether the answer counted
     */
    public boolean answered(Context ctx, long seq) {
        if (seq <= newestAnswered || seq >= nextSeq) {
            return false;
        }
        newestAnswered = seq;
        lastHeardMs = ctx.now();
        detector.heard(ctx.now());
        update(ctx.now());
        watch(ctx);
        return true;
    }

    /**
     * Handles the watcher's own timers.
     *
     * @return false for a timer that is not the watcher's, which the host handles itself
     */
    public boolean onTimer(Context ctx, Timer timer) {
        if (timer instanceof Tick) {
            ping(ctx);
            return true;
        }
        if (timer instanceof Deadline) {
            deadline = null;
            update(ctx.now());
            watch(ctx);
            return true;
        }
        return false;
    }

    /** Looks again when the detector's deadline passes, while it trusts the target. */
    private void watch(Context ctx) {
        if (deadline != null) {
            ctx.cancelTimer(deadline);
            deadline = null;
        }
        if (!suspected) {
            deadline = ctx.setTimer(new Deadline(), Math.max(1, detector.deadlineMs() - ctx.now()));
        }
    }

    private void update(long nowMs) {
        boolean now = detector.suspects(nowMs);
        if (now != suspected) {
            suspected = now;
            synchronized (changes) {
                changes.add(new Monitor.Change(nowMs, now));
            }
            if (now) {
                lastSuspicionMs = nowMs;
            } else {
                lastTrustMs = nowMs;
            }
        }
    }

    /** The watched node. */
    public Address target() {
        return target;
    }

    /** Whether the target is suspected now. */
    public boolean suspects() {
        return suspected;
    }

    /** When a valid answer was last heard (the start, before the first). */
    public long lastHeardMs() {
        return lastHeardMs;
    }

    /** When the watcher last began to suspect the target; -1 if it never did. */
    public long lastSuspicionMs() {
        return lastSuspicionMs;
    }

    /** When the watcher last began to trust the target again; its start if it never did. */
    public long lastTrustMs() {
        return lastTrustMs;
    }

    /**
     * Every change of verdict so far, oldest first: a copy, which a driver on another thread may
     * take while the host runs for real.
     */
    public List<Monitor.Change> changes() {
        synchronized (changes) {
            return List.copyOf(changes);
        }
    }

    /** The detector's rule and setting now. */
    public String describe() {
        return detector == null ? protocol.cliName() : detector.describe();
    }
}
