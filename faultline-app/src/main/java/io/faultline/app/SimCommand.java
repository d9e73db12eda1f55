package io.faultline.app;

import io.faultline.sim.engine.ExploreResult;
import io.faultline.sim.engine.Explorer;
import io.faultline.sim.engine.FaultConfig;
import io.faultline.sim.engine.FaultCounters;
import io.faultline.sim.engine.Json;
import io.faultline.sim.engine.NetworkModel;
import io.faultline.sim.engine.NodeModel;
import io.faultline.sim.engine.Partition;
import io.faultline.sim.engine.Scenario;
import io.faultline.sim.engine.SimResult;
import io.faultline.sim.engine.Simulation;
import io.faultline.sim.engine.SystemModel;
import io.faultline.sim.engine.TimingModel;
import io.faultline.sim.engine.Verdict;
import io.faultline.sim.engine.Violation;
import io.faultline.sim.report.AvailabilityReport;
import io.faultline.sim.report.Slo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code faultline sim}: one scenario under one system model, for one seed or many. */
@Command(name = "sim",
    description = "Simulate a scenario under a system model, deterministically, and check its "
        + "properties.",
    mixinStandardHelpOptions = true,
    footer = {
        "",
        "Examples:",
        "  faultline sim --scenario retry --protocol exactly-once --network fair-loss \\",
        "      --nodes crash-recovery --timing partial-sync --seed 42 --trace run.jsonl",
        "  faultline sim --scenario retry --protocol at-least-once --seeds 500",
        "  faultline sim --scenario retry --protocol at-least-once --exhaustive",
        "  faultline sim --scenario failover --table --seeds 200",
        "  faultline sim --list",
        "",
        "Exit codes: 0 every property held, 1 safety violated, 2 liveness violated, 64 bad usage.",
        "A failing run prints its seed and the command that replays it."
    })
final class SimCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--list", description = "list the scenarios, their protocols and the models")
    boolean list;

    @Option(names = "--scenario", paramLabel = "NAME", description = "the scenario to run")
    String scenario;

    @Option(names = "--protocol", paramLabel = "NAME",
        description = "the scenario's protocol (default: its first)")
    String protocol;

    @Option(names = "--seed", paramLabel = "N", converter = SeedConverter.class,
        description = "the root seed, an unsigned 64-bit integer (default: 1)")
    Long seed;

    @Option(names = "--seeds", paramLabel = "COUNT",
        description = "run COUNT seeds, from --seed on, and sum up")
    Integer seeds;

    @Option(names = "--trace", paramLabel = "FILE",
        description = "write the run as JSON lines (one seed only)")
    Path trace;

    @Option(names = "--exhaustive",
        description = "search every delivery order, loss, duplicate and crash of a tiny "
            + "configuration of the scenario, and print the shortest counterexample")
    boolean exhaustive;

    @Option(names = "--table",
        description = "run the scenario's protocols (or only --protocol) under all 27 system "
            + "models, --seeds per cell (default: 20), and print one table")
    boolean table;

    @Option(names = "--json", description = "print the verdict and the counters as JSON")
    boolean json;

    @Option(names = "--slo", paramLabel = "TARGET@LATENCY", defaultValue = "99.9%@200ms",
        description = "a service-level objective to judge the run's history by, such as "
            + "99.9%%@200ms: that share of operations must succeed within that time; repeatable "
            + "(default: ${DEFAULT-VALUE})")
    List<String> slos;

    @Mixin
    SimOptions options;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (list) {
            printList(out);
            return ExitCodes.OK;
        }
        if (scenario == null) {
            throw new UsageException("--scenario is required; valid: " + Scenarios.names()
                + " (or use --list)");
        }
        Scenario sc = Scenarios.byName(scenario);
        if (table) {
            return table(out, sc);
        }
        String proto = protocol == null ? sc.protocols().get(0) : protocol;
        if (!sc.protocols().contains(proto)) {
            throw new UsageException("unknown protocol '" + proto + "' for scenario " + sc.name()
                + "; valid: " + String.join(", ", sc.protocols()));
        }
        SystemModel model = options.model();
        FaultConfig faults = options.faults();
        parsedSlos();
        long first = seed == null ? 1 : seed;
        if (exhaustive) {
            return exhaustive(out, sc, proto, model);
        }
        if (seeds != null) {
            if (seeds < 1 || seeds > 10_000_000) {
                throw new UsageException("--seeds must be in [1, 10000000], got " + seeds);
            }
            if (trace != null) {
                throw new UsageException("--trace writes one run: use it with --seed, not --seeds");
            }
            return sweep(out, sc, proto, model, faults, first, seeds);
        }
        return single(out, sc, proto, model, faults, first);
    }

    /**
     * Every protocol (or the one given) under all 27 models, as {@code faultline demo} shows the
     * retry scenario. Exits 0: a table shows breaks, it does not fail on them.
     */
    private int table(PrintWriter out, Scenario sc) {
        for (String modelOption : List.of("--network", "--nodes", "--timing")) {
            if (spec.commandLine().getParseResult().hasMatchedOption(modelOption)) {
                throw new UsageException(modelOption + " picks one model; --table runs all 27:"
                    + " drop one of them");
            }
        }
        for (String other : List.of("--exhaustive", "--trace", "--json")) {
            if (spec.commandLine().getParseResult().hasMatchedOption(other)) {
                throw new UsageException(other + " does not go with --table");
            }
        }
        if (protocol != null && !sc.protocols().contains(protocol)) {
            throw new UsageException("unknown protocol '" + protocol + "' for scenario "
                + sc.name() + "; valid: " + String.join(", ", sc.protocols()));
        }
        int count = seeds == null ? 20 : seeds;
        if (count < 1 || count > 100_000) {
            throw new UsageException("--seeds must be in [1, 100000] with --table, got " + count);
        }
        long first = seed == null ? 1 : seed;
        out.println("faultline sim --table: scenario " + sc.name() + ", " + count
            + " seeds per cell (seeds " + Long.toUnsignedString(first) + ".."
            + Long.toUnsignedString(first + count - 1) + ")");
        out.println();
        List<String> replays = ModelTable.print(out, sc, protocol == null ? sc.protocols()
            : List.of(protocol), options.faults(), options.faultArgs(), first, count);
        out.println();
        ModelTable.printReplays(out, replays);
        return ExitCodes.OK;
    }

    private int single(PrintWriter out, Scenario sc, String proto, SystemModel model,
                       FaultConfig faults, long s) {
        SimResult r;
        Simulation.Builder builder = sc.configure(proto, model, faults, s);
        if (trace != null) {
            try (BufferedWriter w = Files.newBufferedWriter(trace, StandardCharsets.UTF_8)) {
                r = builder.trace(w).build().run();
            } catch (IOException e) {
                throw new UsageException("cannot write the trace to '" + trace + "': " + e);
            }
        } else {
            r = builder.build().run();
        }
        if (json) {
            String report = AvailabilityReport.of(r.history(), parsedSlos()).json();
            String result = resultJson(sc, proto, r);
            out.println(result.substring(0, result.length() - 1) + ",\"history\":" + report + "}");
            return r.verdict().exitCode();
        }
        out.println("faultline sim: scenario " + sc.name() + ", protocol " + proto);
        for (String p : r.parameters()) {
            out.println("  " + p);
        }
        out.println("faults fired: " + r.counters());
        out.println("ended at t=" + r.endTimeMs() + "ms");
        out.println();
        out.print(AvailabilityReport.of(r.history(), parsedSlos()).text());
        out.println();
        printVerdict(out, r.verdict(), r.firstViolation(), sc, proto, s);
        if (trace != null) {
            out.println("trace: " + trace);
        }
        return r.verdict().exitCode();
    }

    private int exhaustive(PrintWriter out, Scenario sc, String proto, SystemModel model) {
        Explorer.Builder builder;
        try {
            builder = sc.explorer(proto, model);
        } catch (UnsupportedOperationException e) {
            throw new UsageException(e.getMessage());
        }
        ExploreResult r = builder.build().explore();
        out.println("faultline sim --exhaustive: scenario " + sc.name() + ", protocol " + proto
            + ", model " + model);
        out.println("executions explored: " + r.runsExplored());
        if (!r.violated()) {
            out.println(r.complete()
                ? "no counterexample: every execution within the bounds was explored"
                : "no counterexample in any execution of up to " + r.depthSearched()
                    + " steps (deeper ones were cut by the depth or run budget)");
            out.println("verdict: OK");
            return ExitCodes.OK;
        }
        out.println("shortest counterexample (" + (r.counterexample().size() - 1) + " steps):");
        for (String line : r.counterexample()) {
            out.println("  " + line);
        }
        Verdict v = r.violation().verdict();
        out.println("verdict: " + v + " (exit " + v.exitCode() + ")");
        return v.exitCode();
    }

    private int sweep(PrintWriter out, Scenario sc, String proto, SystemModel model,
                      FaultConfig faults, long first, int count) {
        Sweep s = Sweep.run(sc, proto, model, faults, first, count,
            json ? null : Sweep.progressBar(System.err, count, "seeds"));
        if (json) {
            out.println("{\"scenario\":" + Json.quote(sc.name()) + ",\"protocol\":"
                + Json.quote(proto) + ",\"model\":" + Json.quote(model.toString())
                + ",\"first_seed\":" + Long.toUnsignedString(first) + ",\"runs\":" + s.runs
                + ",\"held\":" + s.held + ",\"safety\":" + s.safety + ",\"liveness\":"
                + s.liveness + ",\"verdict\":\"" + s.verdict() + "\",\"worst_seed\":"
                + (s.worstSeed() == null ? "null" : Long.toUnsignedString(s.worstSeed()))
                + ",\"counters\":" + countersJson(s.counters) + "}");
            return s.verdict().exitCode();
        }
        out.println("faultline sim: scenario " + sc.name() + ", protocol " + proto + ", model "
            + model + ", seeds " + Long.toUnsignedString(first) + ".."
            + Long.toUnsignedString(first + count - 1));
        out.println("held " + s.held + "/" + s.runs + ", safety violated " + s.safety
            + ", liveness violated " + s.liveness);
        out.println("faults fired (all runs): " + s.counters.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" ")));
        printVerdict(out, s.verdict(), s.worstViolation(), sc, proto,
            s.worstSeed() == null ? first : s.worstSeed());
        return s.verdict().exitCode();
    }

    private void printVerdict(PrintWriter out, Verdict v, Violation violation, Scenario sc,
                              String proto, long s) {
        if (v == Verdict.OK) {
            out.println("verdict: OK (every property held)");
            return;
        }
        out.println("verdict: " + v + " (exit " + v.exitCode() + ")");
        out.println("  " + violation);
        out.println("replay: " + replayCommand(sc.name(), proto, s, options));
    }

    static String replayCommand(String scenario, String proto, long s, SimOptions options) {
        return "./faultline sim --scenario " + scenario + " --protocol " + proto
            + options.asArgs() + " --seed " + Long.toUnsignedString(s) + " --trace run.jsonl";
    }

    private List<Slo> parsedSlos() {
        try {
            return slos.stream().map(Slo::parse).toList();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static String resultJson(Scenario sc, String proto, SimResult r) {
        Violation v = r.firstViolation();
        return "{\"scenario\":" + Json.quote(sc.name()) + ",\"protocol\":" + Json.quote(proto)
            + ",\"model\":" + Json.quote(r.model().toString()) + ",\"seed\":"
            + Long.toUnsignedString(r.seed()) + ",\"verdict\":\"" + r.verdict() + "\""
            + ",\"violation\":" + (v == null ? "null" : "{\"property\":" + Json.quote(v.property())
                + ",\"kind\":\"" + v.kind() + "\",\"reason\":" + Json.quote(v.reason())
                + ",\"time_ms\":" + v.timeMs() + "}")
            + ",\"end_time_ms\":" + r.endTimeMs()
            + ",\"counters\":" + countersJson(r.counters().asMap()) + "}";
    }

    private static String countersJson(Map<String, Long> counters) {
        return counters.entrySet().stream()
            .map(e -> Json.quote(e.getKey()) + ":" + e.getValue())
            .collect(Collectors.joining(",", "{", "}"));
    }

    private static void printList(PrintWriter out) {
        out.println("Scenarios:");
        for (Scenario s : Scenarios.ALL) {
            out.println("  " + s.name() + "  " + s.summary());
            out.println("      protocols: " + String.join(", ", s.protocols()));
        }
        out.println("Models:");
        out.println("  --network  " + Arrays.stream(NetworkModel.values())
            .map(NetworkModel::cliName).collect(Collectors.joining(", ")));
        out.println("  --nodes    " + Arrays.stream(NodeModel.values())
            .map(NodeModel::cliName).collect(Collectors.joining(", ")));
        out.println("  --timing   " + Arrays.stream(TimingModel.values())
            .map(TimingModel::cliName).collect(Collectors.joining(", ")));
        out.println("Partitions (--partition KIND@START-END): " + Arrays.stream(
            Partition.Kind.values()).map(Partition.Kind::cliName)
            .collect(Collectors.joining(", ")));
        out.println("Fault counters printed after each run: " + String.join(", ",
            FaultCounters.NAMES));
    }

}
