package io.faultline.protocols.failover;

import io.faultline.protocols.detectors.DetectorMessage.Ping;
import io.faultline.protocols.detectors.Watcher;
import io.faultline.protocols.failover.Messages.Ack;
import io.faultline.protocols.failover.Messages.AcquireEpoch;
import io.faultline.protocols.failover.Messages.Deposit;
import io.faultline.protocols.failover.Messages.Fenced;
import io.faultline.protocols.failover.Messages.Loaded;
import io.faultline.protocols.failover.Messages.Read;
import io.faultline.protocols.failover.Messages.Status;
import io.faultline.protocols.failover.Messages.Write;
import io.faultline.protocols.failover.Messages.Written;
import io.faultline.protocols.failover.Timers.TakeOverTimeout;
import io.faultline.protocols.failover.Timers.WriteTimeout;
import io.faultline.sim.Address;
import io.faultline.sim.Context;
import io.faultline.sim.Message;
import io.faultline.sim.Node;
import io.faultline.sim.Timer;
import io.faultline.sim.TimerId;

import java.util.Objects;

/**
 * One of the two replicas of the account service: active (it serves the client) or passive (it
 * watches). Both watch each other with a failure detector ({@link Watcher}) and answer each
 * other's pings with whether they are active.
 *
 * <p><b>Active.</b> For a deposit not applied yet it applies it to its cached account, writes the
 * whole new account to the storage and acknowledges the client only once the storage confirmed.
 * That is a read-modify-write on its cache: a second active replica, whose cache is older, writes
 * the older state back and the deposits in between are lost. One write at a time: a deposit that
 * comes while a write is pending is ignored (the client retries). A deposit already stored is
 * acknowledged at once: exactly once, by deposit id. Fenced, an active replica that the storage
 * answers "fenced" steps down without acknowledging; unfenced, an active replica keeps serving
 * whatever it hears.
 *
 * <p><b>Passive.</b> It ignores the client, who then tries the other replica. It takes over when
 * its detector suspects the other replica, or, if it is the replica named {@code primary}, when
 * the other says it is passive too (after restarts, someone must serve). Taking over, it asks the
 * storage for the account (fenced: and a new epoch, in the same step) and becomes active with it.
 *
 * <p>The replica named {@code primary} starts active (with epoch 1, fenced). A replica that
 * restarts has lost everything and starts passive; the other's answers tell it who is active.
 *
 * <p>Thread-safety: it runs on one engine thread; what {@link #role()}, {@link #epoch()} and
 * {@link #activeSinceMs()} read is volatile, so that a real run's checker on another thread sees
 * it as it is.
 */
public final class Replica implements Node {

    /** What a replica is doing. */
    public enum Role { PASSIVE, TAKING_OVER, ACTIVE }

    /** A write in flight and the deposit it will acknowledge. */
    private record Pending(long opId, Address client, Account account) {
    }

    private final Address storage;
    private final Address peer;
    private final boolean startsActive;
    private final FailoverConfig config;
    private Watcher watcher;
    // Volatile: a real run's checker reads these three from another thread.
    private volatile Role role = Role.PASSIVE;
    private Boolean peerActive;
    private volatile long epoch;
    private volatile long activeSinceMs = -1;
    private long requestId;
    private int attempt;
    private long session;
    private long seq;
    private Account stored;
    private Pending pending;
    private TimerId storageTimer;

    /**
     * @param storage the storage's address
     * @param peer the other replica
     * @param startsActive true for the replica named primary
     * @param config the scenario's knobs
     */
    public Replica(Address storage, Address peer, boolean startsActive, FailoverConfig config) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.peer = Objects.requireNonNull(peer, "peer");
        this.startsActive = startsActive;
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    public void init(Context ctx) {
        watch(ctx);
        if (startsActive) {
            becomeActive(ctx, config.protocol().fenced() ? 1 : 0, Account.EMPTY);
        }
    }

    @Override
    public void recover(Context ctx) {
        // Memory is lost: start passive and learn from the other's answers who is active.
        watch(ctx);
    }

    private void watch(Context ctx) {
        watcher = new Watcher(peer, config.protocol().detector(), config.periodMs(),
            config.deltaMs());
        watcher.start(ctx);
    }

    @Override
    public void onMessage(Context ctx, Address from, Message message) {
        if (message instanceof Ping ping) {
            ctx.reply(new Status(ping.seq(), role != Role.PASSIVE));
        } else if (message instanceof Status s && from.equals(peer)) {
            if (watcher.answered(ctx, s.seq())) {
                peerActive = s.active();
            }
            decide(ctx);
        } else if (message instanceof Deposit d) {
            deposit(ctx, from, d);
        } else if (message instanceof Loaded l && role == Role.TAKING_OVER
                && l.requestId() == requestId) {
            cancelStorageTimer(ctx);
            becomeActive(ctx, l.epoch(), l.account());
        } else if (message instanceof Written w && isPending(w.session(), w.seq())) {
            cancelStorageTimer(ctx);
            stored = pending.account();
            ctx.send(pending.client(), new Ack(pending.opId(), ctx.self()));
            pending = null;
        } else if (message instanceof Fenced f && role == Role.ACTIVE && f.session() == session) {
            // A newer epoch was handed out: someone else took over. Step down, acknowledge nothing.
            cancelStorageTimer(ctx);
            role = Role.PASSIVE;
            pending = null;
            activeSinceMs = -1;
        }
    }

    @Override
    public void onTimer(Context ctx, Timer timer) {
        if (watcher.onTimer(ctx, timer)) {
            decide(ctx);
        } else if (timer instanceof TakeOverTimeout t && role == Role.TAKING_OVER
                && t.requestId() == requestId && t.attempt() == attempt) {
            if (++attempt >= config.triesMax()) {
                role = Role.PASSIVE;
                decide(ctx);
            } else {
                askStorage(ctx);
            }
        } else if (timer instanceof WriteTimeout t && isPending(t.session(), t.seq())
                && t.attempt() == attempt) {
            if (++attempt >= config.triesMax()) {
                // Give the deposit up unacknowledged; the client's retry starts it again.
                pending = null;
            } else {
                sendWrite(ctx);
            }
        }
    }

    private boolean isPending(long writeSession, long writeSeq) {
        return role == Role.ACTIVE && pending != null && writeSession == session
            && writeSeq == seq;
    }

    /** Takes over when the active one is suspected, or when nobody serves and this is primary. */
    private void decide(Context ctx) {
        if (role != Role.PASSIVE) {
            return;
        }
        boolean nobodyServes = Boolean.FALSE.equals(peerActive) && startsActive;
        if (watcher.suspects() || nobodyServes) {
            role = Role.TAKING_OVER;
            requestId = ctx.random().nextLong();
            attempt = 0;
            askStorage(ctx);
        }
    }

    private void askStorage(Context ctx) {
        ctx.send(storage, config.protocol().fenced() ? new AcquireEpoch(requestId)
            : new Read(requestId));
        storageTimer = ctx.setTimer(new TakeOverTimeout(requestId, attempt),
            config.storageTimeoutMs());
    }

    private void cancelStorageTimer(Context ctx) {
        if (storageTimer != null) {
            ctx.cancelTimer(storageTimer);
            storageTimer = null;
        }
    }

    private void becomeActive(Context ctx, long newEpoch, Account account) {
        role = Role.ACTIVE;
        epoch = newEpoch;
        stored = account;
        session = ctx.random().nextLong();
        seq = 0;
        pending = null;
        activeSinceMs = ctx.now();
    }

    private void deposit(Context ctx, Address client, Deposit d) {
        if (role != Role.ACTIVE) {
            return;
        }
        if (stored.has(d.opId())) {
            ctx.send(client, new Ack(d.opId(), ctx.self()));
            return;
        }
        if (pending != null) {
            return;
        }
        pending = new Pending(d.opId(), client, stored.deposit(d.opId(), d.amount()));
        seq++;
        attempt = 0;
        sendWrite(ctx);
    }

    private void sendWrite(Context ctx) {
        ctx.send(storage, new Write(ctx.self(), session, seq, epoch, pending.account(),
            activeSinceMs));
        storageTimer = ctx.setTimer(new WriteTimeout(session, seq, attempt),
            config.storageTimeoutMs());
    }

    /** What the replica is doing now. */
    public Role role() {
        return role;
    }

    /** Whether it serves the client now. */
    public boolean active() {
        return role == Role.ACTIVE;
    }

    /** Its epoch while active (fenced; 0 unfenced). */
    public long epoch() {
        return epoch;
    }

    /** When it last became active; -1 when it is not. */
    public long activeSinceMs() {
        return role == Role.ACTIVE ? activeSinceMs : -1;
    }

    /** Whether its detector suspects the other replica now. */
    public boolean suspectsPeer() {
        return watcher != null && watcher.suspects();
    }
}
