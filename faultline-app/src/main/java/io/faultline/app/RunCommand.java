package io.faultline.app;

import io.faultline.protocols.retry.Messages;
import io.faultline.protocols.retry.Protocol;
import io.faultline.protocols.retry.RetryClient;
import io.faultline.protocols.retry.RetryConfig;
import io.faultline.protocols.retry.RetryScenario;
import io.faultline.protocols.retry.RetryServer;
import io.faultline.runtime.RealCluster;
import io.faultline.runtime.RealRun;
import io.faultline.runtime.store.PostgresStore;
import io.faultline.runtime.store.StoreException;
import io.faultline.runtime.transport.GrpcTransport;
import io.faultline.sim.Address;
import io.faultline.sim.Message;
import io.faultline.sim.engine.Property;
import io.faultline.sim.engine.Verdict;
import io.faultline.sim.report.AvailabilityReport;
import io.faultline.sim.report.Slo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code faultline run}: a scenario's nodes for real, on loopback: each node on its own event
 * loop, messages over gRPC, state in one SQLite file per node (or PostgreSQL), while a driver
 * crashes and restarts nodes, and pauses them. The scenario's properties, the same ones the
 * simulator checks, judge the recorded history, the committed stores and the nodes' state.
 *
 * <p>Scenarios: {@code retry} (a client retries against a server that is crashed and restarted)
 * and {@code failover} (two replicas, each watching the other with a failure detector, paused as
 * a garbage collection pauses a process: see {@link FailoverRun}).
 */
@Command(name = "run",
    description = "Run a scenario's nodes for real on loopback (gRPC, SQLite or PostgreSQL), "
        + "crash, restart and pause them while the client works, and check the properties.",
    mixinStandardHelpOptions = true,
    footer = {
        "",
        "Examples:",
        "  faultline run --scenario retry --protocol exactly-once",
        "  faultline run --scenario retry --protocol at-least-once --ops 200",
        "  faultline run --scenario retry --process    # server in a child JVM, kill -9",
        "  faultline run --scenario retry --db jdbc:postgresql://127.0.0.1:5432/test",
        "  faultline run --scenario failover --protocol unfenced   # GC-pause split brain",
        "  faultline run --scenario failover --protocol fenced --pause-ms 600",
        "",
        "Exit codes: 0 every property held, 1 safety violated, 2 liveness violated, 64 bad usage.",
        "A real run is not replayable: the seed fixes the driver's choices, not the threads'."
    })
final class RunCommand implements Callable<Integer> {

    static final String SCENARIOS = "retry, failover";

    @Spec
    CommandSpec spec;

    @Option(names = "--scenario", paramLabel = "NAME",
        description = "the scenario to run for real; valid: " + SCENARIOS)
    String scenario;

    @Option(names = "--protocol", paramLabel = "NAME",
        description = "retry: exactly-once (default), at-least-once or at-most-once; "
            + "failover: fenced (default), unfenced or unfenced-perfect")
    String protocol;

    @Option(names = "--ops", paramLabel = "N",
        description = "retry: operations the client performs, 1..10000 (default: 50)")
    Integer opsOption;

    @Option(names = "--deposits", paramLabel = "N",
        description = "failover: deposits the client makes, 1..10000 (default: "
            + FailoverRun.DEPOSITS + ")")
    Integer depositsOption;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
        converter = SeedConverter.class,
        description = "seeds the nodes' random streams and the driver's fault times "
            + "(default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--crash-every-ms", paramLabel = "MS",
        description = "mean time from a node's (re)start to the next crash, 10..3600000, or 0 "
            + "for no crashes (default: retry 300, or 1000 with --process, whose fresh JVM needs "
            + "a moment before it answers; failover " + FailoverRun.CRASH_EVERY_MS + ")")
    Long crashEveryMsOption;

    long crashEveryMs;

    @Option(names = "--down-ms", paramLabel = "MS", defaultValue = "100",
        description = "how long a crashed node stays down, 0..3600000 (default: ${DEFAULT-VALUE})")
    long downMs;

    @Option(names = "--pause-every-ms", paramLabel = "MS",
        description = "mean time from one pause's start to the next, 10..3600000, or 0 for no "
            + "pauses: a pause stops a node's event loop (with --process: its whole process, by "
            + "SIGSTOP and SIGCONT), memory kept, as a garbage collection stops the world "
            + "(default: retry 0; failover " + FailoverRun.PAUSE_EVERY_MS + ")")
    Long pauseEveryMsOption;

    long pauseEveryMs;

    @Option(names = "--pause-ms", paramLabel = "MS",
        description = "how long a pause lasts, 1..600000 (default: " + FailoverRun.PAUSE_MS + ")")
    Long pauseMsOption;

    long pauseMs;

    @Option(names = "--faults-ms", paramLabel = "MS", defaultValue = "20000",
        description = "the longest the driver injects faults; they stop sooner when the client "
            + "has finished (default: ${DEFAULT-VALUE})")
    long faultsMs;

    @Option(names = "--liveness-ms", paramLabel = "MS", defaultValue = "30000",
        description = "how long after the faults stop every operation must be resolved "
            + "(default: ${DEFAULT-VALUE})")
    long livenessMs;

    @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "100",
        description = "the client's wait for a reply before it retries (failover: tries the "
            + "other replica), 1..60000 (default: ${DEFAULT-VALUE})")
    long timeoutMs;

    @Option(names = "--dir", paramLabel = "DIR",
        description = "where the SQLite files go, kept after the run (default: a new temporary"
            + " directory, deleted after a run in which every property held)")
    Path dir;

    @Mixin
    PostgresOptions database;

    /** The temporary directory this run made for its SQLite files, or null. */
    private Path tempDir;
    /** The PostgreSQL namespaces this run's nodes write, with {@code --db}. */
    private List<String> dbNamespaces = List.of();

    @Option(names = "--process",
        description = "retry: run the server in a child JVM and crash it with kill -9 (SIGKILL) "
            + "instead of crashing its node host in this JVM")
    boolean process;

    @Override
    public Integer call() throws IOException {
        if (scenario == null) {
            throw new UsageException("--scenario is required; valid: " + SCENARIOS);
        }
        checkRange("--timeout-ms", timeoutMs, 1, 60_000);
        return switch (scenario) {
            case "retry" -> runRetry();
            case "failover" -> new FailoverRun(this).run();
            default -> throw new UsageException("unknown scenario '" + scenario + "' for a real"
                + " run; valid: " + SCENARIOS);
        };
    }

    private int runRetry() throws IOException {
        if (depositsOption != null) {
            throw new UsageException("--deposits is for --scenario failover; the retry client"
                + " counts --ops");
        }
        Protocol proto;
        try {
            proto = Protocol.parse(protocol != null ? protocol : "exactly-once");
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        int ops = opsOption != null ? opsOption : 50;
        checkRange("--ops", ops, 1, 10_000);
        String db = database.url();
        if (process && db != null) {
            throw new UsageException("--process keeps the server's state in a SQLite file; drop"
                + " --db or --process");
        }
        faultRates(process ? 1_000 : 300, 0);
        RetryConfig config = RetryProgram.config(proto, ops, timeoutMs);
        Path where = where();
        PrintWriter out = spec.commandLine().getOut();
        RealCluster.Builder builder = clusterBuilder(where, List.of(Messages.RetryMessage.class))
            .node(RetryScenario.CLIENT, () -> new RetryClient(RetryScenario.SERVER, config));
        if (process) {
            builder.process(RetryScenario.SERVER, RetryProgram.class,
                RetryProgram.params(proto, ops, timeoutMs));
        } else {
            builder.node(RetryScenario.SERVER, () -> new RetryServer(config));
        }
        List<Address> nodes = List.of(RetryScenario.CLIENT, RetryScenario.SERVER);
        String storage = storage(builder, where, nodes);
        RealRun.Result r;
        try (RealCluster cluster = start(builder)) {
            List<Address> server = List.of(RetryScenario.SERVER);
            RealRun.Builder run = configureRun(cluster, RetryScenario.properties(ops), server,
                server, ops);
            printHeader(out, cluster, "retry", proto.cliName(), storage);
            out.println("  driver: seed " + Long.toUnsignedString(seed) + "; "
                + (crashEveryMs > 0 ? "crash the server (" + (process ? "kill -9 of its process"
                    : "its node host") + ")" + " every ~" + crashEveryMs + "ms, down " + downMs
                    + "ms, " : "no crashes, ")
                + pauses(process ? "the server's JVM with SIGSTOP/SIGCONT" : "the server")
                + "for up to " + faultsMs + "ms; liveness bound "
                + livenessMs + "ms");
            out.println("  client: " + ops + " operations, timeout " + timeoutMs + "ms");
            out.flush();
            r = run.run();
            cluster.history().closeOpen("the run ended with no reply");
            reportRetry(out, cluster, r);
        }
        cleanUp(out, r.verdict(), database.url() == null);
        return r.verdict().exitCode();
    }

    /**
     * After a run: the state it made, a temporary directory of SQLite files or rows in the
     * user's PostgreSQL, is deleted when every property held and kept, with a word on where and
     * how to delete it, when one broke. A run that passes leaves nothing behind; one that fails
     * leaves its evidence. A directory given with {@code --dir} is the user's and always stays.
     * {@code filesAreEvidence} is false when the temporary directory holds no node state (the
     * state is in PostgreSQL, or in the nodes' memory): it goes either way.
     */
    void cleanUp(PrintWriter out, Verdict verdict, boolean filesAreEvidence) {
        boolean held = verdict == Verdict.OK;
        if (tempDir != null) {
            if (held || !filesAreEvidence) {
                TempDirs.deleteQuietly(tempDir);
            } else {
                out.println("kept for inspection: the nodes' SQLite files under " + tempDir);
            }
        }
        if (dbNamespaces.isEmpty()) {
            return;
        }
        if (!held) {
            String prefix = dbNamespaces.get(0).substring(0, dbNamespaces.get(0).indexOf('/') + 1);
            out.println("kept for inspection: the rows of namespaces " + String.join(", ",
                dbNamespaces) + " in faultline_kv; delete them with DELETE FROM faultline_kv"
                + " WHERE ns LIKE '" + prefix + "%'");
            return;
        }
        for (String namespace : dbNamespaces) {
            try (PostgresStore store = PostgresStore.open(database.url(), database.user(),
                    namespace)) {
                store.drop();
            } catch (StoreException e) {
                out.println("could not delete the rows of namespace " + namespace + " in"
                    + " faultline_kv (" + e.getMessage() + "); the run's result stands");
            }
        }
    }

    /**
     * Settles the crash and pause rates from the options and the scenario's defaults, and checks
     * them; 0 turns a fault off.
     */
    void faultRates(long crashEveryMsDefault, long pauseEveryMsDefault) {
        crashEveryMs = crashEveryMsOption != null ? crashEveryMsOption : crashEveryMsDefault;
        pauseEveryMs = pauseEveryMsOption != null ? pauseEveryMsOption : pauseEveryMsDefault;
        pauseMs = pauseMsOption != null ? pauseMsOption : FailoverRun.PAUSE_MS;
        if (crashEveryMs != 0) {
            checkRange("--crash-every-ms", crashEveryMs, 10, 3_600_000, " (or 0: no crashes)");
        }
        if (pauseEveryMs != 0) {
            checkRange("--pause-every-ms", pauseEveryMs, 10, 3_600_000, " (or 0: no pauses)");
        }
        checkRange("--pause-ms", pauseMs, 1, 600_000);
    }

    /** Where the SQLite files go: {@code --dir}, or a new temporary directory. */
    Path where() throws IOException {
        if (dir != null) {
            return Files.createDirectories(dir);
        }
        tempDir = Files.createTempDirectory("faultline-run-");
        return tempDir;
    }

    /** A cluster builder for the messages {@code roots}, its hosts' log kept out of the report. */
    RealCluster.Builder clusterBuilder(Path where, List<Class<? extends Message>> roots) {
        return RealCluster.builder(where)
            .messages(roots)
            .seed(seed)
            .log(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    /** Puts the nodes' state in PostgreSQL with {@code --db}; says where it goes. */
    String storage(RealCluster.Builder builder, Path where, List<Address> nodes) {
        String db = database.url();
        if (db == null) {
            return "SQLite files under " + where;
        }
        String prefix = "run-" + Long.toUnsignedString(seed) + "-" + ProcessHandle.current()
            .pid() + "-" + System.nanoTime() + "/";
        builder.storage(new RealCluster.Postgres(db, database.user(), prefix));
        List<String> names = nodes.stream().map(a -> prefix + a.name()).toList();
        dbNamespaces = names;
        return "PostgreSQL " + db + ", namespaces " + String.join(", ", names.subList(0,
            names.size() - 1)) + " and " + names.get(names.size() - 1);
    }

    /** Starts the cluster; a database that cannot be opened is bad usage. */
    RealCluster start(RealCluster.Builder builder) {
        try {
            return builder.start();
        } catch (StoreException e) {
            if (tempDir != null) {
                TempDirs.deleteQuietly(tempDir); // nothing ran: nothing to inspect
            }
            String db = database.url();
            throw new UsageException(e.getMessage() + (db != null ? "; check --db " + db : ""));
        }
    }

    /**
     * The driver of a run on {@code cluster}: crashes of {@code crashable} and pauses of
     * {@code pausable} as the options say; faults stop once {@code ops} operations completed.
     */
    RealRun.Builder configureRun(RealCluster cluster, List<Property> properties,
                                 List<Address> crashable, List<Address> pausable, int ops) {
        try {
            RealRun.Builder run = RealRun.builder(cluster)
                .properties(properties)
                .downMs(downMs)
                .faultsMaxMs(faultsMs)
                .livenessBoundMs(livenessMs)
                .seed(seed)
                .faultsUntil(view -> view.history().completions().size() >= ops);
            if (crashEveryMs > 0) {
                run.crashable(crashable).crashEveryMs(crashEveryMs);
            }
            if (pauseEveryMs > 0) {
                run.pausable(pausable).pauseEveryMs(pauseEveryMs).pauseMs(pauseMs);
            }
            return run;
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage().replace("downMs", "--down-ms")
                .replace("faultsMaxMs", "--faults-ms").replace("livenessBoundMs", "--liveness-ms"));
        }
    }

    /** The driver's pauses in words, for its line of the header; empty when they are off. */
    String pauses(String what) {
        return pauseEveryMs == 0 ? "" : "pause " + what + " (stop the world, memory kept) for "
            + pauseMs + "ms every ~" + pauseEveryMs + "ms, ";
    }

    /** The first lines of a run's report: what runs where. */
    static void printHeader(PrintWriter out, RealCluster cluster, String scenario,
                            String protocol, String storage) {
        out.println("faultline run: scenario " + scenario + ", protocol " + protocol
            + ", for real on loopback");
        for (Address a : cluster.addresses()) {
            var endpoint = cluster.endpoint(a);
            out.println("  " + a + " listens on " + endpoint.getHostString() + ":"
                + endpoint.getPort() + (cluster.isProcess(a) ? " (process "
                + cluster.process(a).pid().orElse(-1L) + ")" : " (this JVM)"));
        }
        out.println("  state: " + storage);
    }

    static void checkRange(String name, long value, long min, long max) {
        checkRange(name, value, min, max, "");
    }

    private static void checkRange(String name, long value, long min, long max, String or) {
        if (value < min || value > max) {
            throw new UsageException(name + " must be in " + min + ".." + max + ", was " + value
                + or);
        }
    }

    private void reportRetry(PrintWriter out, RealCluster cluster, RealRun.Result r) {
        GrpcTransport.Stats client = cluster.transport(RetryScenario.CLIENT).stats();
        String serverSide = "";
        if (!cluster.isProcess(RetryScenario.SERVER)) {
            GrpcTransport.Stats server = cluster.transport(RetryScenario.SERVER).stats();
            serverSide = " replies-sent=" + server.sent() + " replies-lost=" + server.lost()
                + " replies-unacked=" + server.unacknowledged()
                + " refused-while-down=" + server.refused();
        }
        out.println("faults fired: crashes=" + r.crashes() + " restarts=" + r.restarts()
            + (pauseEveryMs > 0 ? " pauses=" + r.pauses() : "")
            + " requests-sent=" + client.sent() + " requests-lost=" + client.lost()
            + " requests-unacked=" + client.unacknowledged()
            + " replies-received=" + client.received() + serverSide);
        if (cluster.isProcess(RetryScenario.SERVER)) {
            List<Long> starts = cluster.process(RetryScenario.SERVER).startMs();
            out.println("server process starts (JVM start to ready, ms): " + starts);
        }
        printEnd(out, r);
        printCommits(out, cluster);
        String counter = cluster.committedStore(RetryScenario.SERVER).get("counter").orElse("0");
        out.println("server counter: " + counter + " (committed)");
        printOutcome(out, cluster, r);
    }

    static void printEnd(PrintWriter out, RealRun.Result r) {
        out.println("faults stopped at t=" + r.healAtMs() + "ms, run ended at t=" + r.endMs()
            + "ms, properties checked " + r.checks() + " times");
    }

    private static void printCommits(PrintWriter out, RealCluster cluster) {
        for (Address a : cluster.addresses()) {
            if (!cluster.isProcess(a)) {
                var commits = cluster.host(a).commitStats();
                if (commits.transactions() > 0) {
                    out.println(String.format(Locale.ROOT, "%s commits: %d transactions for %d"
                        + " handler batches (%.2f per commit)", a, commits.transactions(),
                        commits.batches(), (double) commits.batches() / commits.transactions()));
                }
            }
        }
    }

    /** The end of every report: availability, each property's outcome and the verdict. */
    static void printOutcome(PrintWriter out, RealCluster cluster, RealRun.Result r) {
        out.println();
        out.print(AvailabilityReport.of(cluster.history(), List.of(Slo.parse("99.9%@200ms")))
            .text());
        out.println();
        out.println(String.format(Locale.ROOT, "%-28s %-9s %s", "property", "kind", "result"));
        for (RealRun.PropertyOutcome o : r.properties()) {
            out.println(String.format(Locale.ROOT, "%-28s %-9s %s", o.name(),
                o.kind().name().toLowerCase(Locale.ROOT), o.text()));
        }
        if (r.verdict() == Verdict.OK) {
            out.println("verdict: OK (every property held)");
        } else {
            out.println("verdict: " + r.verdict() + " (exit " + r.verdict().exitCode() + ")");
            r.violation().ifPresent(v -> out.println("  " + v));
        }
    }

    /** Unused options of the other scenario are refused rather than ignored. */
    void refuseRetryOptions() {
        List<String> given = new ArrayList<>();
        if (opsOption != null) {
            given.add("--ops (the failover client counts --deposits)");
        }
        if (process) {
            given.add("--process (a child JVM runs the retry server only)");
        }
        if (database.url() != null) {
            given.add("--db (the failover nodes keep their state in memory)");
        }
        if (!given.isEmpty()) {
            throw new UsageException(String.join(" and ", given) + ": for --scenario retry only;"
                + " valid for failover: --protocol, --deposits, --seed, --crash-every-ms,"
                + " --down-ms, --pause-every-ms, --pause-ms, --faults-ms, --liveness-ms,"
                + " --timeout-ms, --dir");
        }
    }
}
