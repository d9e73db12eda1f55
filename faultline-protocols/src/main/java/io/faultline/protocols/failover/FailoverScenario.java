package io.faultline.protocols.failover;

import io.faultline.sim.Address;
import io.faultline.sim.Op;
import io.faultline.sim.Rng;
import io.faultline.sim.engine.Corruptor;
import io.faultline.sim.engine.Explorer;
import io.faultline.sim.engine.FaultConfig;
import io.faultline.sim.engine.NodeModel;
import io.faultline.sim.engine.Property;
import io.faultline.sim.engine.Scenario;
import io.faultline.sim.engine.SimView;
import io.faultline.sim.engine.Simulation;
import io.faultline.sim.engine.SystemModel;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Failover on a failure detector's word: a primary serves a client's deposits into one account,
 * writing the whole account to a storage; a backup watches it and takes over when its detector
 * suspects it. The course's lesson, measured: that is safe only where the detector is perfect (a
 * synchronous crash-stop system with reliable links); anywhere else a primary that is wrongly
 * suspected, or that comes back, makes two active replicas (split brain), and the stale one's
 * write loses acknowledged deposits. Fencing tokens, epochs the storage hands out and checks
 * (Kleppmann, "How to do distributed locking", 2016), keep it safe under every crash model.
 *
 * <p>Nodes: {@code client}; {@code primary} and {@code backup}, the {@link Replica}s; the
 * {@link Storage}, which never crashes. Who crashes: under crash-recovery both replicas; under
 * crash-stop one of them, for good, chosen by the seed (with two replicas, failover tolerates one
 * crash). Under the Byzantine model a {@link ByzantineReplica} replaces the backup. Under the
 * arbitrary network an altered message fails its checksum and is dropped.
 *
 * <p>Properties:
 * <ul>
 *   <li>{@code no-lost-update} (safety): every deposit the client saw acknowledged is in the
 *       storage's account, and the balance is the sum of the deposits applied to it;</li>
 *   <li>{@code one-active-per-epoch} (safety, fenced only): no two replicas write successfully
 *       under the same epoch;</li>
 *   <li>{@code every-deposit-acknowledged} (liveness): once faults stop, every deposit is
 *       acknowledged.</li>
 * </ul>
 */
public final class FailoverScenario implements Scenario {

    public static final Address CLIENT = Address.of("client");
    public static final Address PRIMARY = Address.of("primary");
    public static final Address BACKUP = Address.of("backup");
    public static final Address STORAGE = Address.of("storage");
    static final List<Address> REPLICAS = List.of(PRIMARY, BACKUP);

    @Override
    public String name() {
        return "failover";
    }

    @Override
    public String summary() {
        return "a backup takes over on a failure detector's word: split brain loses deposits"
            + " unless epochs fence the storage";
    }

    @Override
    public List<String> protocols() {
        // Fenced first: the default, the one that is safe.
        return List.of(FailoverProtocol.FENCED.cliName(), FailoverProtocol.UNFENCED.cliName(),
            FailoverProtocol.UNFENCED_PERFECT.cliName());
    }

    @Override
    public Simulation.Builder configure(String protocol, SystemModel model, FaultConfig faults,
                                        long seed) {
        FailoverConfig config = FailoverConfig.defaults(FailoverProtocol.parse(protocol),
            faults.deltaMs(), faults.healAtMs());
        return configure(config, model, faults, seed);
    }

    /** A builder for an explicit configuration. */
    public Simulation.Builder configure(FailoverConfig config, SystemModel model,
                                        FaultConfig faults, long seed) {
        Simulation.Builder b = Simulation.builder()
            .seed(seed)
            .model(model)
            .faults(faults)
            .node(CLIENT, () -> new FailoverClient(REPLICAS, config))
            .node(PRIMARY, () -> new Replica(STORAGE, BACKUP, true, config))
            .node(BACKUP, () -> new Replica(STORAGE, PRIMARY, false, config))
            .node(STORAGE, () -> new Storage(config.protocol().fenced()))
            .crashable(crashable(model, seed))
            // An altered message fails its checksum: the receiver drops it.
            .corruptor(Corruptor.NONE)
            .properties(properties(config));
        if (model.nodes() == NodeModel.BYZANTINE) {
            b.adversary(BACKUP, () -> new ByzantineReplica(STORAGE, config));
        }
        return b;
    }

    /**
     * No exhaustive mode: the replicas ping each other on timers, so every step offers about ten
     * choices. A search of 300,000 executions, the budget the other scenarios use, reaches five
     * steps, and a lost update needs about a dozen, counted by hand: the backup's deadline passes,
     * it loads the account, the primary stores and acknowledges deposit 0, the client times out
     * on deposit 1 and sends it to the backup, whose write lacks deposit 0. Seeds find it.
     */
    @Override
    public Explorer.Builder explorer(String protocol, SystemModel model) {
        throw new UnsupportedOperationException("scenario failover has no exhaustive mode: its"
            + " replicas ping each other on timers, so a bounded search reaches about 5 steps and"
            + " a lost update needs about a dozen; run seeds instead, e.g. faultline sim"
            + " --scenario failover --protocol " + protocol + " --seeds 200");
    }

    /** Both replicas, but under crash-stop only one, drawn from the seed: two cannot lose two. */
    static List<Address> crashable(SystemModel model, long seed) {
        if (model.nodes() != NodeModel.CRASH_STOP) {
            return REPLICAS;
        }
        return List.of(REPLICAS.get(new Rng(seed).split("failover-crashable").nextInt(2)));
    }

    /** The properties checked for {@code config}. */
    public static List<Property> properties(FailoverConfig config) {
        List<Property> out = new ArrayList<>();
        out.add(Property.safety("no-lost-update", FailoverScenario::noLostUpdate));
        if (config.protocol().fenced()) {
            out.add(Property.safety("one-active-per-epoch", v -> storage(v) == null
                ? Optional.empty() : storage(v).epochConflict()));
        }
        out.add(Property.liveness("every-deposit-acknowledged",
            v -> everyDepositAcknowledged(v, config.deposits())));
        return out;
    }

    private static Storage storage(SimView view) {
        return view.node(STORAGE, Storage.class);
    }

    static Optional<String> noLostUpdate(SimView view) {
        Storage storage = storage(view);
        if (storage == null) {
            return Optional.empty(); // not started yet: nothing stored, nothing acknowledged
        }
        Account account = storage.account();
        long sum = 0;
        for (long opId : account.applied()) {
            sum += (Long) view.history().invocation(opId).value();
        }
        if (account.balance() != sum) {
            return Optional.of("the stored balance is " + account.balance() + " but the deposits"
                + " applied to it, " + account.applied() + ", add up to " + sum
                + storage.lastWrite().map(w -> " (written by " + writer(w) + " at t=" + w.atMs()
                    + "ms)").orElse("") + "; " + actives(view));
        }
        for (Op op : view.history().completions()) {
            if (op.type() == Op.Type.OK && !account.has(op.id())) {
                return Optional.of("deposit " + op.id() + " (amount "
                    + view.history().invocation(op.id()).value() + ") was acknowledged by "
                    + op.value() + " at t=" + op.timeMs() + "ms but is gone from the storage: "
                    + storage.storedBy(op.id()).map(s -> writer(s) + " had stored it at t="
                        + s.atMs() + "ms").orElse("it was never stored")
                    + lastWrite(storage) + overlap(storage, op.id()) + "; "
                    + actives(view));
            }
        }
        return Optional.empty();
    }

    /** The last write, which overwrote what was lost: who, since when active, what it wrote. */
    private static String lastWrite(Storage storage) {
        return storage.lastWrite().map(s -> ", then " + writer(s) + " wrote its own account over"
            + " it at t=" + s.atMs() + "ms: deposits " + storage.account().applied() + ", balance "
            + storage.account().balance()).orElse("");
    }

    /** Says so when the overwriter was already active when the lost deposit was stored. */
    private static String overlap(Storage storage, long opId) {
        Storage.Stamp stored = storage.storedBy(opId).orElse(null);
        Storage.Stamp last = storage.lastWrite().orElse(null);
        if (stored == null || last == null || stored.replica().equals(last.replica())
                || last.activeSinceMs() > stored.atMs()) {
            return "";
        }
        return " (both were active at t=" + stored.atMs() + "ms: split brain)";
    }

    private static String writer(Storage.Stamp s) {
        return s.replica() + " (" + (s.epoch() > 0 ? "epoch " + s.epoch() + ", " : "")
            + "active since t=" + s.activeSinceMs() + "ms)";
    }

    /** Which replicas are active now, with their epochs: two of them is split brain. */
    static String actives(SimView view) {
        List<String> active = new ArrayList<>();
        String byzantine = "";
        for (Address a : REPLICAS) {
            if (view.isByzantine(a)) {
                byzantine = "; " + a + " is Byzantine";
            } else if (view.isUp(a) && view.node(a) instanceof Replica r && r.active()) {
                active.add(a + " (" + (r.epoch() > 0 ? "epoch " + r.epoch() + ", " : "")
                    + "active since t=" + r.activeSinceMs() + "ms)");
            }
        }
        if (active.size() == 2) {
            return "split brain now: both replicas are active, " + String.join(" and ", active);
        }
        return "active now: " + (active.isEmpty() ? "none" : active.get(0)) + byzantine;
    }

    static Optional<String> everyDepositAcknowledged(SimView view, int deposits) {
        long acknowledged = 0;
        for (Op op : view.history().completions()) {
            if (op.type() == Op.Type.OK) {
                acknowledged++;
            } else {
                return Optional.of("deposit " + op.id() + " ended :" + op.type().jepsenName()
                    + " (" + op.value() + ")");
            }
        }
        if (acknowledged < deposits) {
            FailoverClient client = view.node(CLIENT, FailoverClient.class);
            return Optional.of("only " + acknowledged + " of " + deposits + " deposits"
                + " acknowledged; the client is trying " + client.target() + "; "
                + actives(view));
        }
        return Optional.empty();
    }
}
