package io.faultline.protocols.failover;

import io.faultline.protocols.failover.Messages.AcquireEpoch;
import io.faultline.protocols.failover.Messages.Fenced;
import io.faultline.protocols.failover.Messages.Loaded;
import io.faultline.protocols.failover.Messages.Read;
import io.faultline.protocols.failover.Messages.Write;
import io.faultline.protocols.failover.Messages.Written;
import io.faultline.sim.Address;
import io.faultline.sim.Context;
import io.faultline.sim.Message;
import io.faultline.sim.Node;
import io.faultline.sim.Timer;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The durable truth for the account: it stands for a replicated database and never crashes. It
 * answers a takeover with the account as stored and takes whole-state writes.
 *
 * <p>Fenced, it also hands out epochs, strictly increasing (the first, 1, belongs to the replica
 * that starts active), and refuses every write whose epoch is lower than the highest it has handed
 * out: Kleppmann's fencing token, checked where the data is. Unfenced, it takes every write: the
 * last writer wins. Either way it drops a write it has already taken, by its session and number,
 * so that a duplicate or a replay of an old write cannot roll the account back; that is transport
 * hygiene, not fencing: it does nothing against a second writer.
 *
 * <p>It also keeps, for the checker only (ghost state it never reads to decide anything), which
 * write first stored each deposit, the last write it took, and which replica wrote in each epoch.
 *
 * <p>Thread-safety: it runs on one engine thread, but in a real run the checker reads it from the
 * driver's thread while it works. What the accessors return is immutable and published through
 * volatile fields or a concurrent map, so each read sees a whole value; the simulator, on one
 * thread, sees no difference.
 */
public final class Storage implements Node {

    /**
     * A write the storage took, for the checker.
     *
     * @param replica who wrote it
     * @param epoch its epoch (0 unfenced)
     * @param activeSinceMs when the writer became active
     * @param atMs when the storage took it
     */
    public record Stamp(Address replica, long epoch, long activeSinceMs, long atMs) {
    }

    private final boolean fenced;
    private volatile Account account = Account.EMPTY;
    private volatile long epoch;
    private Long lastGrantRequest;
    private final Map<Long, Long> lastSeqBySession = new HashMap<>();

    /** Read by the checker's thread: a concurrent map, sorted as a TreeMap is. */
    private final Map<Long, Stamp> storedBy = new ConcurrentSkipListMap<>();
    private final Map<Long, Address> writerByEpoch = new TreeMap<>();
    private volatile Stamp lastWrite;
    private volatile String epochConflict;
    /** Written on the engine's thread only, so the increment needs no lock. */
    private volatile long refused;

    /** @param fenced whether it hands out epochs and refuses writes of older ones */
    public Storage(boolean fenced) {
        this.fenced = fenced;
    }

    @Override
    public void init(Context ctx) {
        // The replica named primary starts active with the first epoch.
        epoch = fenced ? 1 : 0;
    }

    @Override
    public void onMessage(Context ctx, Address from, Message message) {
        if (message instanceof AcquireEpoch a && fenced) {
            // A repeat of the latest grant gets it again: a lost answer must not cost an epoch.
            if (lastGrantRequest == null || lastGrantRequest != a.requestId()) {
                epoch++;
                lastGrantRequest = a.requestId();
            }
            ctx.reply(new Loaded(a.requestId(), epoch, account));
        } else if (message instanceof Read r && !fenced) {
            ctx.reply(new Loaded(r.requestId(), 0, account));
        } else if (message instanceof Write w) {
            write(ctx, w);
        }
    }

    private void write(Context ctx, Write w) {
        if (fenced && w.epoch() < epoch) {
            refused++;
            ctx.reply(new Fenced(w.session(), w.seq(), epoch));
            return;
        }
        Long lastSeq = lastSeqBySession.get(w.session());
        if (lastSeq != null && w.seq() <= lastSeq) {
            // Taken already: confirm again, change nothing.
            ctx.reply(new Written(w.session(), w.seq()));
            return;
        }
        lastSeqBySession.put(w.session(), w.seq());
        account = w.account();
        Stamp stamp = new Stamp(w.replica(), w.epoch(), w.activeSinceMs(), ctx.now());
        for (long opId : account.applied()) {
            storedBy.putIfAbsent(opId, stamp);
        }
        lastWrite = stamp;
        Address earlier = writerByEpoch.putIfAbsent(w.epoch(), w.replica());
        if (earlier != null && !earlier.equals(w.replica()) && epochConflict == null) {
            epochConflict = earlier + " and " + w.replica() + " both wrote under epoch "
                + w.epoch() + " (the second at t=" + ctx.now() + "ms)";
        }
        ctx.reply(new Written(w.session(), w.seq()));
    }

    @Override
    public void onTimer(Context ctx, Timer timer) {
        // The storage sets no timers.
    }

    /** The account as stored now. */
    public Account account() {
        return account;
    }

    /** The highest epoch handed out (0 unfenced). */
    public long epoch() {
        return epoch;
    }

    /** The write that first stored deposit {@code opId}, if one did. */
    public Optional<Stamp> storedBy(long opId) {
        return Optional.ofNullable(storedBy.get(opId));
    }

    /** The last write taken, if any. */
    public Optional<Stamp> lastWrite() {
        return Optional.ofNullable(lastWrite);
    }

    /** How many writes it refused as fenced: writes of a replica that was deposed. */
    public long refused() {
        return refused;
    }

    /** The first time two replicas wrote under one epoch, in words, if that ever happened. */
    public Optional<String> epochConflict() {
        return Optional.ofNullable(epochConflict);
    }
}
