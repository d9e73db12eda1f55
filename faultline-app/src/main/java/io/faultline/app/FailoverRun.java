package io.faultline.app;

import static io.faultline.protocols.failover.FailoverScenario.BACKUP;
import static io.faultline.protocols.failover.FailoverScenario.CLIENT;
import static io.faultline.protocols.failover.FailoverScenario.PRIMARY;
import static io.faultline.protocols.failover.FailoverScenario.STORAGE;

import io.faultline.protocols.detectors.DetectorMessage;
import io.faultline.protocols.failover.Account;
import io.faultline.protocols.failover.FailoverClient;
import io.faultline.protocols.failover.FailoverConfig;
import io.faultline.protocols.failover.FailoverProtocol;
import io.faultline.protocols.failover.FailoverScenario;
import io.faultline.protocols.failover.Messages;
import io.faultline.protocols.failover.Replica;
import io.faultline.protocols.failover.Storage;
import io.faultline.runtime.ClusterView;
import io.faultline.runtime.RealCluster;
import io.faultline.runtime.RealRun;
import io.faultline.runtime.transport.GrpcTransport;
import io.faultline.sim.Address;
import io.faultline.sim.Message;
import io.faultline.sim.Op;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code faultline run --scenario failover}: the failover scenario's nodes for real, and the
 * classic way a real primary is wrongly suspected: a process pause (a garbage collection's stop of
 * the world, a frozen VM). The paused replica stops answering pings, the other takes over, and the
 * paused one wakes up still believing it is active, with the deposits that queued up meanwhile.
 * Unfenced, its write of its stale account loses what the other acknowledged; fenced, the storage
 * refuses it (Kleppmann, "How to do distributed locking", 2016).
 *
 * <p>Nodes: {@code client}, {@code primary}, {@code backup} and {@code storage}, each on its own
 * event loop, talking gRPC over loopback. The driver crashes, restarts and pauses the two
 * replicas; the storage, which stands for a replicated database, is never crashed nor paused.
 * The nodes keep their state in memory: a replica that restarts has lost it, as in the simulator.
 * The scenario's own properties judge the run, read from the live nodes (which publish what the
 * checker reads through volatile fields).
 */
final class FailoverRun {

    static final int DEPOSITS = 40;
    static final long CRASH_EVERY_MS = 2_000;
    static final long PAUSE_EVERY_MS = 1_500;
    static final long PAUSE_MS = 500;
    /** The client waits up to this long before each deposit: 40 deposits take about 5 s. */
    static final long THINK_MAX_MS = 200;
    /**
     * How often the driver checks the properties and looks at the replicas' roles: often, since
     * a lost deposit shows only until the other replica's next write puts it back.
     */
    static final long CHECK_EVERY_MS = 20;
    /** The most lines of the timeline printed; the rest are counted. */
    static final int TIMELINE_LINES_MAX = 80;

    private static final List<Address> REPLICAS = List.of(PRIMARY, BACKUP);
    private static final List<Class<? extends Message>> MESSAGES =
        List.of(Messages.FailoverMessage.class, DetectorMessage.class);
    /** How long the throwaway nodes run before the measured ones start: see {@link #warmUp}. */
    static final long WARM_UP_MS = 1_000;

    private final RunCommand cmd;

    FailoverRun(RunCommand cmd) {
        this.cmd = cmd;
    }

    /**
     * The configuration of a real run: the simulator's defaults for the loopback delay bound (a
     * ping every ten bounds, a storage timeout a little over a round trip, at most 1,000 tries),
     * {@code deposits} up to {@link #THINK_MAX_MS} apart, and the client's {@code timeoutMs}.
     */
    static FailoverConfig config(FailoverProtocol protocol, int deposits, long timeoutMs) {
        FailoverConfig d = FailoverConfig.defaults(protocol, RealDetectorRun.DELTA_MS, 0);
        return new FailoverConfig(protocol, deposits, THINK_MAX_MS, timeoutMs, d.periodMs(),
            d.deltaMs(), d.storageTimeoutMs(), d.triesMax());
    }

    /**
     * Runs the nodes for {@link #WARM_UP_MS} with no faults, then throws them away: a cold JVM
     * takes hundreds of milliseconds over its first messages (class loading, the JIT, gRPC's
     * first connections), and a detector would take that for a crash.
     *
     * @return how long the warm-up took
     */
    private long warmUp(FailoverConfig config, Path dir) throws IOException {
        long start = System.nanoTime();
        Files.createDirectories(dir);
        try (RealCluster cluster = nodes(cmd.clusterBuilder(dir, MESSAGES), config).start()) {
            Thread.sleep(WARM_UP_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during the warm-up", e);
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static RealCluster.Builder nodes(RealCluster.Builder builder, FailoverConfig config) {
        // In this order they start: each is up before the first message to it is sent. A
        // backup that started first would lose its first ping and suspect the primary.
        return builder.node(STORAGE, () -> new Storage(config.protocol().fenced()))
            .node(PRIMARY, () -> new Replica(STORAGE, BACKUP, true, config))
            .node(BACKUP, () -> new Replica(STORAGE, PRIMARY, false, config))
            .node(CLIENT, () -> new FailoverClient(REPLICAS, config));
    }

    int run() throws IOException {
        cmd.refuseRetryOptions();
        FailoverProtocol proto;
        try {
            proto = FailoverProtocol.parse(cmd.protocol != null ? cmd.protocol
                : FailoverProtocol.FENCED.cliName());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage() + " (for --scenario failover)");
        }
        int deposits = cmd.depositsOption != null ? cmd.depositsOption : DEPOSITS;
        RunCommand.checkRange("--deposits", deposits, 1, 10_000);
        cmd.faultRates(CRASH_EVERY_MS, PAUSE_EVERY_MS);
        FailoverConfig config = config(proto, deposits, cmd.timeoutMs);
        Path where = cmd.where();
        PrintWriter out = cmd.spec.commandLine().getOut();
        long warmUpMs = warmUp(config, where.resolve("warm-up"));
        RealRun.Result r;
        try (RealCluster cluster = cmd.start(nodes(cmd.clusterBuilder(where, MESSAGES), config))) {
            Timeline timeline = new Timeline(cluster);
            RealRun.Builder run = cmd.configureRun(cluster, FailoverScenario.properties(config),
                    REPLICAS, REPLICAS, deposits)
                .checkEveryMs(CHECK_EVERY_MS)
                .faults(timeline)
                .observer(timeline::observe);
            RunCommand.printHeader(out, cluster, "failover", proto.cliName(), "in the nodes'"
                + " memory (the storage stands for a replicated database and is never crashed"
                + " nor paused)");
            out.println("  driver: seed " + Long.toUnsignedString(cmd.seed) + "; "
                + (cmd.crashEveryMs > 0 ? "crash a replica (its node host) every ~"
                    + cmd.crashEveryMs + "ms, down " + cmd.downMs + "ms, " : "no crashes, ")
                + (cmd.pauseEveryMs > 0 ? cmd.pauses("a replica") : "no pauses, ")
                + "for up to " + cmd.faultsMs + "ms; liveness bound " + cmd.livenessMs + "ms");
            out.println("  replicas: primary starts active; each pings the other every "
                + config.periodMs() + "ms and suspects it by the " + proto.detector().cliName()
                + " detector (" + proto.detector().create(0, config.periodMs(), config.deltaMs())
                    .describe() + ", delay bound " + config.deltaMs() + "ms); "
                + (proto.fenced() ? "the storage fences writes by epoch"
                    : "no epochs: the storage takes every write"));
            out.println("  warm-up: the same nodes ran for " + warmUpMs + "ms first, with no"
                + " faults, and were thrown away: a cold JVM's first messages are slow enough"
                + " to be taken for a crash");
            out.println("  client: " + deposits + " deposits, up to " + THINK_MAX_MS
                + "ms apart, timeout " + cmd.timeoutMs + "ms, then the other replica");
            out.flush();
            r = run.run();
            cluster.history().closeOpen("the run ended with no reply");
            report(out, cluster, r, timeline);
        }
        cmd.cleanUp(out, r.verdict(), false);
        return r.verdict().exitCode();
    }

    private static void report(PrintWriter out, RealCluster cluster, RealRun.Result r,
                               Timeline timeline) {
        GrpcTransport.Stats sent = GrpcTransport.Stats.ZERO;
        for (Address a : cluster.addresses()) {
            sent = sent.plus(cluster.transport(a).stats());
        }
        out.println("faults fired: crashes=" + r.crashes() + " restarts=" + r.restarts()
            + " pauses=" + r.pauses() + " messages-sent=" + sent.sent() + " messages-lost="
            + sent.lost() + " messages-unacked=" + sent.unacknowledged());
        out.println("timeline (the driver's faults; each replica's role as the checks saw it,"
            + " every " + CHECK_EVERY_MS + "ms):");
        timeline.print(out);
        RunCommand.printEnd(out, r);
        Storage storage = cluster.host(STORAGE).currentNode().map(Storage.class::cast)
            .orElseThrow(() -> new IllegalStateException("the storage is down; it is never"
                + " crashed"));
        Account account = storage.account();
        out.println("storage: balance " + account.balance() + " from " + account.applied().size()
            + " deposits [" + ranges(account.applied()) + "]" + (storage.epoch() > 0
            ? "; epochs handed out " + storage.epoch() + "; writes refused as fenced (from a"
                + " deposed replica) " + storage.refused()
            : "; no epochs, every write taken"));
        Map<String, Integer> acknowledgedBy = new TreeMap<>();
        for (Op op : cluster.history().completions()) {
            if (op.type() == Op.Type.OK) {
                acknowledgedBy.merge(String.valueOf(op.value()), 1, Integer::sum);
            }
        }
        out.println("deposits acknowledged by: " + (acknowledgedBy.isEmpty() ? "none"
            : acknowledgedBy.toString().replaceAll("[{}]", "")));
        RunCommand.printOutcome(out, cluster, r);
    }

    /** Ascending ids, runs shortened: {@code 0..14, 16, 18..20}. */
    static String ranges(List<Long> ids) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < ids.size()) {
            int j = i;
            while (j + 1 < ids.size() && ids.get(j + 1) == ids.get(j) + 1) {
                j++;
            }
            out.append(out.length() == 0 ? "" : ", ").append(ids.get(i));
            if (j > i) {
                out.append(j == i + 1 ? ", " : "..").append(ids.get(j));
            }
            i = j + 1;
        }
        return out.toString();
    }

    /**
     * What happened, in time order: the driver's faults, which it makes through this class, and
     * each replica's role whenever a check saw it change. Used on the driver's thread only.
     */
    static final class Timeline implements RealRun.Faults {
        /**
         * How long after a fault ends a takeover is still put down to it: a detector's timeout
         * grows to a few hundred milliseconds, and its suspicion comes that long after the
         * silence began.
         */
        private static final long BLAME_MS = 400;

        /** A fault the driver made: {@code node} was down or paused from start to end. */
        private record Fault(Address node, String what, long startMs, long endMs) {
        }

        private final RealCluster cluster;
        private final List<String> lines = new ArrayList<>();
        private final List<Fault> faults = new ArrayList<>();
        private final Map<Address, String> roles = new TreeMap<>();
        private boolean splitBrain;
        private int omitted;

        Timeline(RealCluster cluster) {
            this.cluster = cluster;
        }

        @Override
        public void crash(Address node) {
            cluster.crash(node);
            long now = cluster.clock().getAsLong();
            roles.put(node, "down");
            faults.add(new Fault(node, "crash", now, Long.MAX_VALUE));
            add(now, node + " crashed");
        }

        @Override
        public void restart(Address node) {
            cluster.restart(node);
            long now = cluster.clock().getAsLong();
            for (int i = faults.size() - 1; i >= 0; i--) {
                Fault f = faults.get(i);
                if (f.node().equals(node) && f.endMs() == Long.MAX_VALUE) {
                    faults.set(i, new Fault(node, f.what(), f.startMs(), now));
                    break;
                }
            }
            add(now, node + " restarted, memory lost");
        }

        @Override
        public boolean pause(Address node, long ms) {
            boolean paused = cluster.pause(node, Duration.ofMillis(ms));
            if (paused) {
                long now = cluster.clock().getAsLong();
                faults.add(new Fault(node, "pause", now, now + ms));
                add(now, node + " paused for " + ms + "ms");
            }
            return paused;
        }

        /**
         * Why {@code node} took over at {@code atMs}, as far as the driver can tell: a fault of
         * the other replica, one of its own (a replica paused hears nothing meanwhile, and
         * suspects the other when it wakes), or none, when the detector was simply wrong.
         */
        private String cause(Address node, long atMs) {
            Fault own = null;
            for (int i = faults.size() - 1; i >= 0; i--) {
                Fault f = faults.get(i);
                boolean over = f.endMs() != Long.MAX_VALUE && atMs > f.endMs() + BLAME_MS;
                if (f.startMs() > atMs || over) {
                    continue;
                }
                if (!f.node().equals(node)) {
                    return "during or just after " + f.node() + "'s " + f.what();
                }
                own = own == null ? f : own;
            }
            if (own != null) {
                return "just after its own " + own.what();
            }
            return "with no fault near: its detector was wrong";
        }

        /** Looks at the replicas' roles in {@code view}; notes each change. */
        void observe(ClusterView view) {
            int active = 0;
            for (Address a : REPLICAS) {
                if (!view.isUp(a)) {
                    continue;
                }
                Replica replica = view.node(a, Replica.class);
                // Its loop changes it meanwhile: read the role once.
                Replica.Role now = replica.role();
                String role = switch (now) {
                    case ACTIVE -> "active" + (replica.epoch() > 0 ? " (epoch " + replica.epoch()
                        + ")" : "");
                    case TAKING_OVER -> "taking over";
                    case PASSIVE -> "passive";
                };
                if (now == Replica.Role.ACTIVE) {
                    active++;
                }
                String before = roles.put(a, role);
                if (!role.equals(before)) {
                    // A new term: from passive, down or an older epoch (unseen steps between).
                    boolean takesOver = before != null && now != Replica.Role.PASSIVE
                        && !before.equals("taking over");
                    add(view.now(), a + " " + role + (takesOver ? " (" + cause(a, view.now())
                        + ")" : ""));
                }
            }
            if ((active == 2) != splitBrain) {
                splitBrain = active == 2;
                add(view.now(), splitBrain ? "both replicas active: split brain"
                    : "split brain over");
            }
        }

        private void add(long atMs, String what) {
            if (lines.size() < TIMELINE_LINES_MAX) {
                lines.add(String.format(Locale.ROOT, "  t=%-8s %s", atMs + "ms", what));
            } else {
                omitted++;
            }
        }

        void print(PrintWriter out) {
            lines.forEach(out::println);
            if (omitted > 0) {
                out.println("  ... and " + omitted + " more");
            }
        }
    }
}
