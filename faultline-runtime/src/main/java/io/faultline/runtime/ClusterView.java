package io.faultline.runtime;

import io.faultline.sim.Address;
import io.faultline.sim.DurableStore;
import io.faultline.sim.History;
import io.faultline.sim.MemoryStore;
import io.faultline.sim.Node;
import io.faultline.sim.Op;
import io.faultline.sim.WriteBatch;
import io.faultline.sim.engine.SimView;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link SimView} of a running {@link RealCluster}, so that a scenario's properties, written
 * for the simulator, check a real run too. The history is a snapshot taken when the view is made,
 * before any store is read: since a node releases a reply only after the writes it rests on are
 * committed, every success in the snapshot is already visible in the stores, and a check never
 * sees an acknowledgement whose effect it cannot find.
 *
 * <p>Stores are snapshots too (see {@link #store}). A view is for one thread.
 *
 * <p>Differences from the simulator's view: {@link #node} is the live object on another thread
 * (racy: prefer stores), and {@link #quiescent()} is always false (a real network cannot be
 * known to be empty).
 */
public final class ClusterView implements SimView {

    private final RealCluster cluster;
    private final History history;
    private final long nowMs;
    private final boolean healed;
    private final Map<Address, DurableStore> snapshots = new TreeMap<>();

    private ClusterView(RealCluster cluster, History history, long nowMs, boolean healed) {
        this.cluster = cluster;
        this.history = history;
        this.nowMs = nowMs;
        this.healed = healed;
    }

    /** A view of {@code cluster} now; {@code healed} says whether faults have stopped. */
    public static ClusterView of(RealCluster cluster, boolean healed) {
        Objects.requireNonNull(cluster, "cluster");
        return new ClusterView(cluster, snapshot(cluster.history()), cluster.clock().getAsLong(),
            healed);
    }

    /**
     * A copy of {@code history} as it is now, with the same operation ids and times: its entries
     * replayed, in order, into a fresh history whose clock reads each entry's time.
     */
    static History snapshot(History history) {
        List<Op> ops = history.ops();
        AtomicLong time = new AtomicLong();
        History copy = new History(time::get);
        for (Op op : ops) {
            time.set(op.timeMs());
            switch (op.type()) {
                case INVOKE -> {
                    long id = copy.invoke(op.process(), op.f(), op.value());
                    if (id != op.id()) {
                        throw new IllegalStateException("history snapshot out of step: operation "
                            + op.id() + " replayed as " + id);
                    }
                }
                case OK -> copy.ok(op.id(), op.value());
                case FAIL -> copy.fail(op.id(), String.valueOf(op.value()));
                case INFO -> copy.info(op.id(), String.valueOf(op.value()));
            }
        }
        return copy;
    }

    @Override
    public long now() {
        return nowMs;
    }

    @Override
    public List<Address> nodes() {
        return cluster.addresses();
    }

    @Override
    public Node node(Address address) {
        if (cluster.isProcess(address)) {
            throw new UnsupportedOperationException("node " + address + " runs in a child"
                + " process: check its committed store instead");
        }
        return cluster.host(address).currentNode().orElseThrow(() -> new IllegalStateException(
            "node " + address + " is down: check its committed store instead"));
    }

    @Override
    public boolean isUp(Address address) {
        return cluster.isUp(address);
    }

    /**
     * Always false: a {@link RealRun} runs only honest nodes (the real Byzantine generals, in
     * {@code faultline generals byzantine --real}, check their own properties and know their
     * traitors). A real run with Byzantine nodes would have to pass them here first.
     */
    @Override
    public boolean isByzantine(Address address) {
        return false;
    }

    /**
     * A snapshot of the node's committed store, read in one statement the first time this view
     * is asked for it: a property that reads several keys sees them as of one moment, never half
     * before and half after a commit.
     */
    @Override
    public DurableStore store(Address address) {
        return snapshots.computeIfAbsent(address, a -> {
            WriteBatch all = WriteBatch.create();
            cluster.committedStore(a).scan("").forEach(all::put);
            MemoryStore copy = new MemoryStore();
            copy.write(all);
            return copy;
        });
    }

    @Override
    public History history() {
        return history;
    }

    @Override
    public boolean healed() {
        return healed;
    }

    @Override
    public boolean quiescent() {
        return false;
    }
}
