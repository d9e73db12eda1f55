package io.faultline.protocols.detectors;

import io.faultline.protocols.detectors.DetectorMessage.Ping;
import io.faultline.protocols.detectors.DetectorMessage.Pong;
import io.faultline.sim.Address;
import io.faultline.sim.Context;
import io.faultline.sim.Message;
import io.faultline.sim.Node;
import io.faultline.sim.Timer;
import io.faultline.sim.TimerId;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Watches one target: pings it every period and asks its {@link Detector}, at every ping, every
 * answer and the moment the detector's deadline passes, whether the target is to be suspected.
 * It keeps the moments its verdict changed, for a checker to compare with what really happened.
 * It never crashes in the lab: it is the observer.
 */
public final class Monitor implements Node {

    /** Time for the next ping. */
    record Tick() implements Timer {
    }

    /** The moment the detector's deadline passes, unless an answer comes first. */
    record Deadline() implements Timer {
    }

    /**
     * A change of the monitor's verdict.
     *
     * @param atMs when
     * @param suspected the new verdict: true when it began to suspect the target
     */
    public record Change(long atMs, boolean suspected) {
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
    private final List<Change> changes = new ArrayList<>();
    private TimerId deadline;

    public Monitor(Address target, DetectorProtocol protocol, long periodMs, long deltaMs) {
        this.target = Objects.requireNonNull(target, "target");
        this.protocol = Objects.requireNonNull(protocol, "protocol");
        if (periodMs < 2) {
            throw new IllegalArgumentException("period must be >= 2 ms, was " + periodMs);
        }
        this.periodMs = periodMs;
        this.deltaMs = deltaMs;
    }

    @Override
    public void init(Context ctx) {
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

    @Override
    public void onMessage(Context ctx, Address from, Message message) {
        // Only a newer answer from the target counts: not a duplicate, a replay or a forgery.
        if (from.equals(target) && message instanceof Pong pong && pong.seq() > newestAnswered
                && pong.seq() < nextSeq) {
            newestAnswered = pong.seq();
            lastHeardMs = ctx.now();
            detector.heard(ctx.now());
            update(ctx.now());
            watch(ctx);
        }
    }

    @Override
    public void onTimer(Context ctx, Timer timer) {
        if (timer instanceof Tick) {
            ping(ctx);
        } else if (timer instanceof Deadline) {
            deadline = null;
            update(ctx.now());
            watch(ctx);
        }
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
                changes.add(new Change(nowMs, now));
            }
            if (now) {
                lastSuspicionMs = nowMs;
            } else {
                lastTrustMs = nowMs;
            }
        }
    }

    /** Whether the monitor suspects the target now. */
    public boolean suspects() {
        return suspected;
    }

    /** When the monitor last heard a valid answer (its start, before the first). */
    public long lastHeardMs() {
        return lastHeardMs;
    }

    /** When the monitor last began to suspect the target; -1 if it never did. */
    public long lastSuspicionMs() {
        return lastSuspicionMs;
    }

    /** When the monitor last began to trust the target again; its start if it never did. */
    public long lastTrustMs() {
        return lastTrustMs;
    }

    /**
     * Every change of verdict so far, oldest first: a copy, which a driver on another thread may
     * take while the monitor runs for real.
     */
    public List<Change> changes() {
        synchronized (changes) {
            return List.copyOf(changes);
        }
    }

    /** The detector's rule and setting now. */
    public String describe() {
        return detector == null ? protocol.cliName() : detector.describe();
    }
}
