package io.faultline.app;

import io.faultline.protocols.retry.Messages;
import io.faultline.protocols.retry.Protocol;
import io.faultline.protocols.retry.RetryClient;
import io.faultline.protocols.retry.RetryConfig;
import io.faultline.protocols.retry.RetryScenario;
import io.faultline.protocols.retry.RetryServer;
import io.faultline.runtime.RealCluster;
import io.faultline.runtime.RealRun;
import io.faultline.runtime.store.StoreException;
import io.faultline.runtime.transport.GrpcTransport;
import io.faultline.sim.Address;
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
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code faultline run}: the retry scenario's nodes for real, on loopback: each node on its own
 * event loop, messages over gRPC, state in one SQLite file per node (or PostgreSQL), while a
 * driver crashes and restarts the server. The scenario's properties, the same ones the simulator
 * checks, judge the recorded history and the committed stores.
 */
@Command(name = "run",
    description = "Run a scenario's nodes for real on loopback (gRPC, SQLite or PostgreSQL), "
        + "crash and restart the server while the client retries, and check the properties.",
    mixinStandardHelpOptions = true,
    footer = {
        "",
        "Examples:",
        "  faultline run --scenario retry --protocol exactly-once",
        "  faultline run --scenario retry --protocol at-least-once --ops 200",
        "  faultline run --scenario retry --process    # server in a child JVM, kill -9",
        "  faultline run --scenario retry --db jdbc:postgresql://127.0.0.1:5432/test",
        "",
        "Exit codes: 0 every property held, 1 safety violated, 2 liveness violated, 64 bad usage.",
        "A real run is not replayable: the seed fixes the driver's choices, not the threads'."
    })
final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--scenario", paramLabel = "NAME",
        description = "the scenario to run for real; valid: retry")
    String scenario;

    @Option(names = "--protocol", paramLabel = "NAME", defaultValue = "exactly-once",
        description = "exactly-once, at-least-once or at-most-once (default: ${DEFAULT-VALUE})")
    String protocol;

    @Option(names = "--ops", paramLabel = "N", defaultValue = "50",
        description = "operations the client performs, 1..10000 (default: ${DEFAULT-VALUE})")
    int ops;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
        converter = SeedConverter.class,
        description = "seeds the nodes' random streams and the driver's crash times "
            + "(default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--crash-every-ms", paramLabel = "MS",
        description = "mean time from the server's (re)start to its next crash, 10..3600000 "
            + "(default: 300, or 1000 with --process, whose fresh JVM needs a moment "
            + "before it answers)")
    Long crashEveryMsOption;

    long crashEveryMs;

    @Option(names = "--down-ms", paramLabel = "MS", defaultValue = "100",
        description = "how long the server stays down, 0..3600000 (default: ${DEFAULT-VALUE})")
    long downMs;

    @Option(names = "--faults-ms", paramLabel = "MS", defaultValue = "20000",
        description = "the longest the driver injects faults; they stop sooner when the client "
            + "has finished (default: ${DEFAULT-VALUE})")
    long faultsMs;

    @Option(names = "--liveness-ms", paramLabel = "MS", defaultValue = "30000",
        description = "how long after the faults stop every operation must be resolved "
            + "(default: ${DEFAULT-VALUE})")
    long livenessMs;

    @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "100",
        description = "the client's wait for a reply before it retries, 1..60000 "
            + "(default: ${DEFAULT-VALUE})")
    long timeoutMs;

    @Option(names = "--dir", paramLabel = "DIR",
        description = "where the SQLite files go (default: a new temporary directory)")
    Path dir;

    @Mixin
    PostgresOptions database;

    @Option(names = "--process",
        description = "run the server in a child JVM and crash it with kill -9 (SIGKILL) "
            + "instead of crashing its node host in this JVM")
    boolean process;

    @Override
    public Integer call() throws IOException {
        if (scenario == null) {
            throw new UsageException("--scenario is required; valid: retry");
        }
        if (!scenario.equals("retry")) {
            throw new UsageException("unknown scenario '" + scenario + "' for a real run; valid:"
                + " retry");
        }
        Protocol proto;
        try {
            proto = Protocol.parse(protocol);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        checkRange("--ops", ops, 1, 10_000);
        checkRange("--timeout-ms", timeoutMs, 1, 60_000);
        String db = database.url();
        if (process && db != null) {
            throw new UsageException("--process keeps the server's state in a SQLite file; drop"
                + " --db or --process");
        }
        crashEveryMs = crashEveryMsOption != null ? crashEveryMsOption : process ? 1_000 : 300;
        RetryConfig config = RetryProgram.config(proto, ops, timeoutMs);
        Path where = dir != null ? Files.createDirectories(dir)
            : Files.createTempDirectory("faultline-run-");
        PrintWriter out = spec.commandLine().getOut();
        ByteArrayOutputStream hostLog = new ByteArrayOutputStream();
        RealCluster.Builder builder = RealCluster.builder(where)
            .messages(List.of(Messages.RetryMessage.class))
            .node(RetryScenario.CLIENT, () -> new RetryClient(RetryScenario.SERVER, config))
            .seed(seed)
            .log(new PrintStream(hostLog, true, StandardCharsets.UTF_8));
        if (process) {
            builder.process(RetryScenario.SERVER, RetryProgram.class,
                RetryProgram.params(proto, ops, timeoutMs));
        } else {
            builder.node(RetryScenario.SERVER, () -> new RetryServer(config));
        }
        String storage = "SQLite files under " + where;
        if (db != null) {
            String prefix = "run-" + Long.toUnsignedString(seed) + "-" + ProcessHandle.current()
                .pid() + "-" + System.nanoTime() + "/";
            builder.storage(new RealCluster.Postgres(db, database.user(), prefix));
            storage = "PostgreSQL " + db + ", namespaces " + prefix + "client and " + prefix
                + "server";
        }
        RealCluster started;
        try {
            started = builder.start();
        } catch (StoreException e) {
            throw new UsageException(e.getMessage() + (db != null ? "; check --db " + db : ""));
        }
        RealRun.Builder run;
        try (RealCluster cluster = started) {
            run = configureRun(cluster);
            out.println("faultline run: scenario retry, protocol " + proto.cliName()
                + ", for real on loopback");
            for (Address a : cluster.addresses()) {
                var endpoint = cluster.endpoint(a);
                out.println("  " + a + " listens on " + endpoint.getHostString() + ":"
                    + endpoint.getPort() + (cluster.isProcess(a) ? " (process "
                    + cluster.process(a).pid().orElse(-1L) + ")" : " (this JVM)"));
            }
            out.println("  state: " + storage);
            out.println("  driver: seed " + Long.toUnsignedString(seed) + "; crash the server ("
                + (process ? "kill -9 of its process" : "its node host") + ")"
                + " every ~" + crashEveryMs + "ms, down " + downMs + "ms, for up to " + faultsMs
                + "ms; liveness bound " + livenessMs + "ms");
            out.println("  client: " + ops + " operations, timeout " + timeoutMs + "ms");
            out.flush();
            RealRun.Result r = run.run();
            cluster.history().closeOpen("the run ended with no reply");
            report(out, cluster, r);
            return r.verdict().exitCode();
        }
    }

    private RealRun.Builder configureRun(RealCluster cluster) {
        try {
            return RealRun.builder(cluster)
                .properties(RetryScenario.properties(ops))
                .crashable(List.of(RetryScenario.SERVER))
                .crashEveryMs(crashEveryMs)
                .downMs(downMs)
                .faultsMaxMs(faultsMs)
                .livenessBoundMs(livenessMs)
                .seed(seed)
                .faultsUntil(view -> view.history().completions().size() >= ops);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage().replace("crashEveryMs", "--crash-every-ms")
                .replace("downMs", "--down-ms").replace("faultsMaxMs", "--faults-ms")
                .replace("livenessBoundMs", "--liveness-ms"));
        }
    }

    private static void checkRange(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new UsageException(name + " must be in " + min + ".." + max + ", was " + value);
        }
    }

    private void report(PrintWriter out, RealCluster cluster, RealRun.Result r) {
        GrpcTransport.Stats client = cluster.transport(RetryScenario.CLIENT).stats();
        String serverSide = "";
        if (!cluster.isProcess(RetryScenario.SERVER)) {
            GrpcTransport.Stats server = cluster.transport(RetryScenario.SERVER).stats();
            serverSide = " replies-sent=" + server.sent() + " replies-lost=" + server.lost()
                + " replies-unacked=" + server.unacknowledged()
                + " refused-while-down=" + server.refused();
        }
        out.println("faults fired: crashes=" + r.crashes() + " restarts=" + r.restarts()
            + " requests-sent=" + client.sent() + " requests-lost=" + client.lost()
            + " requests-unacked=" + client.unacknowledged()
            + " replies-received=" + client.received() + serverSide);
        if (cluster.isProcess(RetryScenario.SERVER)) {
            List<Long> starts = cluster.process(RetryScenario.SERVER).startMs();
            out.println("server process starts (JVM start to ready, ms): " + starts);
        }
        out.println("faults stopped at t=" + r.healAtMs() + "ms, run ended at t=" + r.endMs()
            + "ms, properties checked " + r.checks() + " times");
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
        String counter = cluster.committedStore(RetryScenario.SERVER).get("counter").orElse("0");
        out.println("server counter: " + counter + " (committed)");
        out.println();
        out.print(AvailabilityReport.of(cluster.history(), List.of(Slo.parse("99.9%@200ms")))
            .text());
        out.println();
        out.println(String.format(Locale.ROOT, "%-28s %-9s %s", "property", "kind", "result"));
        for (RealRun.PropertyOutcome o : r.properties()) {
            out.println(String.format(Locale.ROOT, "%-28s %-9s %s", o.name(),
                o.kind().name().toLowerCase(Locale.ROOT),
                o.violation().map(v -> "VIOLATED: " + v).orElse("held")));
        }
        if (r.verdict() == Verdict.OK) {
            out.println("verdict: OK (every property held)");
        } else {
            out.println("verdict: " + r.verdict() + " (exit " + r.verdict().exitCode() + ")");
            r.violation().ifPresent(v -> out.println("  " + v));
        }
    }
}
