package io.faultline.protocols.detectors;

import io.faultline.protocols.detectors.DetectorMessage.Pong;
import io.faultline.sim.Address;
import io.faultline.sim.Context;
import io.faultline.sim.Message;
import io.faultline.sim.Node;
import io.faultline.sim.Timer;

import java.util.List;

/**
 * Watches one target: pings it every period and asks its {@link Detector}, at every ping, every
 * answer and the moment the detector's deadline passes, whether the target is to be suspected.
 * It keeps the moments its verdict changed, for a checker to compare with what really happened.
 * It never crashes in the lab: it is the observer. The watching itself is a {@link Watcher}, which
 * other nodes reuse.
 */
public final class Monitor implements Node {

    /**
     * A change of the monitor's verdict.
     *
     * @param atMs when
     * @param suspected the new verdict: true when it began to suspect the target
     */
    public record Change(long atMs, boolean suspected) {
    }

    private final Address target;
    private final Watcher watcher;

    public Monitor(Address target, DetectorProtocol protocol, long periodMs, long deltaMs) {
        this.watcher = new Watcher(target, protocol, periodMs, deltaMs);
        this.target = target;
    }

    @Override
    public void init(Context ctx) {
        watcher.start(ctx);
    }

    @Override
    public void onMessage(Context ctx, Address from, Message message) {
        if (from.equals(target) && message instanceof Pong pong) {
            watcher.answered(ctx, pong.seq());
        }
    }

    @Override
    public void onTimer(Context ctx, Timer timer) {
        watcher.onTimer(ctx, timer);
    }

    /** Whether the monitor suspects the target now. */
    public boolean suspects() {
        return watcher.suspects();
    }

    /** When the monitor last heard a valid answer (its start, before the first). */
    public long lastHeardMs() {
        return watcher.lastHeardMs();
    }

    /** When the monitor last began to suspect the target; -1 if it never did. */
    public long lastSuspicionMs() {
        return watcher.lastSuspicionMs();
    }

    /** When the monitor last began to trust the target again; its start if it never did. */
    public long lastTrustMs() {
        return watcher.lastTrustMs();
    }

    /**
     * Every change of verdict so far, oldest first: a copy, which a driver on another thread may
     * take while the monitor runs for real.
     */
    public List<Change> changes() {
        return watcher.changes();
    }

    /** The detector's rule and setting now. */
    public String describe() {
        return watcher.describe();
    }
}
