package io.faultline.app;

import io.faultline.protocols.byzantine.ByzantineChecks;
import io.faultline.protocols.byzantine.ByzantineGeneral;
import io.faultline.protocols.byzantine.ByzantineScenario;
import io.faultline.protocols.byzantine.ByzantineScenario.Algorithm;
import io.faultline.protocols.byzantine.ByzantineScenario.Outcome;
import io.faultline.protocols.byzantine.ByzantineScenario.Spec;
import io.faultline.protocols.byzantine.LectureGeneral;
import io.faultline.protocols.byzantine.Strategy;
import io.faultline.protocols.byzantine.Values;
import io.faultline.protocols.twogenerals.Protocol;
import io.faultline.runtime.RealCluster;
import io.faultline.runtime.RealRun;
import io.faultline.runtime.transport.GrpcTransport;
import io.faultline.protocols.twogenerals.TwoGenerals;
import io.faultline.sim.Address;
import io.faultline.sim.Rng;
import io.faultline.sim.engine.ExploreResult;
import io.faultline.sim.engine.FaultConfig;
import io.faultline.sim.engine.NetworkModel;
import io.faultline.sim.engine.NodeModel;
import io.faultline.sim.engine.SimResult;
import io.faultline.sim.engine.SystemModel;
import io.faultline.sim.engine.TimingModel;
import io.faultline.sim.engine.Verdict;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** {@code faultline generals}: the two generals and the Byzantine generals, run and checked. */
@Command(name = "generals",
    description = "The two generals and the Byzantine generals: run them, check them "
        + "exhaustively, see when agreement holds and when it cannot.",
    mixinStandardHelpOptions = true,
    subcommands = {GeneralsCommand.Two.class, GeneralsCommand.Byzantine.class},
    footer = {"", "Examples:",
        "  faultline generals two --strategy always-attack --messengers 1..10 --loss 0.1,0.3,0.5",
        "  faultline generals two --strategy ack-chain --rounds 3 --exhaustive",
        "  faultline generals byzantine --algorithm lecture --n 4 --f 1 --traitors 3 "
            + "--values 1,2,3,4",
        "  faultline generals byzantine --algorithm om --n 3 --f 1 --exhaustive"})
final class GeneralsCommand implements Runnable {

    @picocli.CommandLine.Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Parses {@code 1..10} or {@code 1,3,5}. */
    static List<Integer> intList(String option, String text, int min, int max) {
        List<Integer> out = new ArrayList<>();
        try {
            if (text.contains("..")) {
                String[] ab = text.split("\\.\\.", 2);
                int a = Integer.parseInt(ab[0].trim());
                int b = Integer.parseInt(ab[1].trim());
                for (int i = a; i <= b && out.size() <= max - min; i++) {
                    out.add(i);
                }
            } else {
                for (String s : text.split(",")) {
                    out.add(Integer.parseInt(s.trim()));
                }
            }
        } catch (NumberFormatException e) {
            throw new UsageException(option + " '" + text + "' is not a list of integers; valid: "
                + "a range such as 1..10 or a list such as 1,3,5");
        }
        for (int v : out) {
            if (v < min || v > max) {
                throw new UsageException(option + " value " + v + " is out of range; valid: "
                    + min + ".." + max);
            }
        }
        if (out.isEmpty()) {
            throw new UsageException(option + " '" + text + "' is empty; valid: a range such as "
                + min + ".." + Math.min(max, min + 9) + " or a list");
        }
        return out;
    }

    /** {@code faultline generals two}. */
    @Command(name = "two",
        description = "The two generals on a fair-loss link: the probability of a coordinated "
            + "outcome, measured beside theory, or the exhaustive search that shows "
            + "disagreement is always possible.",
        mixinStandardHelpOptions = true,
        footer = {
            "",
            "Examples:",
            "  ./faultline generals two --strategy always-attack --messengers 1..10 \\",
            "      --loss 0.1,0.3,0.5 --seeds 2000",
            "  ./faultline generals two --strategy ack-chain --rounds 3 --exhaustive",
            "",
            "Exit codes: 0 the table was measured; 1 the exhaustive search found a disagreement "
                + "(it always does: that is the impossibility); 64 bad usage."
        })
    static final class Two implements Callable<Integer> {

        @picocli.CommandLine.Spec
        CommandSpec spec;

        @Option(names = "--strategy", paramLabel = "NAME", defaultValue = "always-attack",
            description = "always-attack, attack-after-ack or ack-chain (default: "
                + "${DEFAULT-VALUE})")
        String strategy;

        @Option(names = "--messengers", paramLabel = "LIST", defaultValue = "1",
            description = "messengers per step, a range 1..10 or a list 1,3,5 (default: "
                + "${DEFAULT-VALUE})")
        String messengers;

        @Option(names = "--rounds", paramLabel = "K", defaultValue = "3",
            description = "steps of an ack-chain (default: ${DEFAULT-VALUE})")
        int rounds;

        @Option(names = "--loss", paramLabel = "LIST", defaultValue = "0.1,0.3,0.5",
            description = "messenger loss probabilities (default: ${DEFAULT-VALUE})")
        String loss;

        @Option(names = "--seeds", paramLabel = "COUNT", defaultValue = "1000",
            description = "seeded runs per cell (default: ${DEFAULT-VALUE})")
        int seeds;

        @Option(names = "--exhaustive",
            description = "search every loss pattern and order for the shortest disagreement, "
                + "for this protocol and for every protocol of the family with up to --rounds "
                + "steps")
        boolean exhaustive;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            if (rounds < 1 || rounds > 8) {
                throw new UsageException("--rounds " + rounds + " is out of range; valid: 1..8");
            }
            if (seeds < 1 || seeds > 1_000_000) {
                throw new UsageException("--seeds " + seeds + " is out of range; valid: "
                    + "1..1000000");
            }
            List<Integer> ms = intList("--messengers", messengers, 1, Protocol.MESSENGERS_MAX);
            List<Double> losses = probabilities(loss);
            List<Protocol> protocols = new ArrayList<>();
            for (int m : ms) {
                try {
                    protocols.add(Protocol.parse(strategy, rounds, m));
                } catch (IllegalArgumentException e) {
                    throw new UsageException(e.getMessage());
                }
            }
            return exhaustive ? search(out, protocols.get(0)) : table(out, protocols, losses);
        }

        private static List<Double> probabilities(String text) {
            List<Double> out = new ArrayList<>();
            for (String s : text.split(",")) {
                double p;
                try {
                    p = Double.parseDouble(s.trim());
                } catch (NumberFormatException e) {
                    throw new UsageException("--loss '" + s + "' is not a number; valid: "
                        + "probabilities in [0, 1] such as 0.1,0.3");
                }
                if (!(p >= 0 && p <= 1)) {
                    throw new UsageException("--loss " + s + " is out of range; valid: [0, 1]");
                }
                out.add(p);
            }
            return out;
        }

        private int table(PrintWriter out, List<Protocol> protocols, List<Double> losses) {
            out.println("faultline generals two: P(coordinated) = P(army 1 attacks iff army 2 "
                + "attacks), " + seeds + " seeded runs per cell (seeds 1.." + seeds + ")");
            out.println("theory: a step gets through with q = 1 - loss^messengers; the chain stops"
                + " at its first lost step");
            StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-10s",
                "messengers"));
            for (double p : losses) {
                head.append(String.format(Locale.ROOT, " | loss %-4s measured  theory  both",
                    p));
            }
            out.println(head);
            for (Protocol protocol : protocols) {
                StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-10d",
                    protocol.messengers()));
                for (double p : losses) {
                    TwoGenerals.Row r = TwoGenerals.measure(protocol, p, seeds);
                    row.append(String.format(Locale.ROOT, " | %9s %8.4f %7.4f %5.3f", "",
                        r.measured(), r.theory(), (double) r.bothAttacked() / r.runs()));
                }
                out.println(row);
            }
            out.println("protocol: " + strategy + " (" + protocols.get(0) + ")");
            out.println("'both' is the share of runs in which both armies attacked; the rest of "
                + "the coordinated runs are both staying home.");
            return ExitCodes.OK;
        }

        private int search(PrintWriter out, Protocol protocol) {
            if (protocol.messengers() > 3) {
                throw new UsageException("--exhaustive with " + protocol.messengers()
                    + " messengers per step explores too many orders; valid: 1..3");
            }
            out.println("faultline generals two --exhaustive: " + protocol);
            ExploreResult e = TwoGenerals.search(protocol);
            out.println("explored " + e.runsExplored() + " executions, shallowest first"
                + (e.violated() ? "" : e.complete() ? " (complete: no disagreement exists)"
                    : " (cut by the bounds)"));
            if (e.violated()) {
                out.println("shortest disagreement:");
                e.counterexample().forEach(l -> out.println("  " + l));
            }
            out.println();
            out.println("every protocol of the family with 1.." + rounds + " steps, one messenger "
                + "each, every decision threshold:");
            int disagree = 0;
            List<Protocol> family = TwoGenerals.family(rounds);
            for (Protocol p : family) {
                ExploreResult r = TwoGenerals.search(p);
                if (r.violated()) {
                    disagree++;
                }
                long lost = r.counterexample().stream().filter(l -> l.contains("LOSE")).count();
                out.println(String.format(Locale.ROOT, "  %-62s %s", p, r.violated()
                    ? "disagreement after " + lost + " lost messenger" + (lost == 1 ? "" : "s")
                        + ", " + (r.counterexample().size() - 1) + " steps"
                    : "no disagreement found"));
            }
            out.println(disagree + " of " + family.size() + " protocols end in disagreement for "
                + "some loss pattern: no protocol guarantees \"army 1 attacks iff army 2 "
                + "attacks\" on a fair-loss link.");
            Verdict v = e.violated() ? Verdict.SAFETY : Verdict.OK;
            out.println("verdict: " + v + " (exit " + v.exitCode() + ")");
            return v.exitCode();
        }
    }

    /** {@code faultline generals byzantine}. */
    @Command(name = "byzantine",
        description = "The Byzantine generals: the course's algorithm, OM(m) and SM(m), with "
            + "traitors at chosen positions, checked for IC1 (agreement) and IC2 (validity).",
        mixinStandardHelpOptions = true,
        footer = {
            "",
            "Examples:",
            "  ./faultline generals byzantine --algorithm lecture --n 4 --f 1 \\",
            "      --traitors 3 --values 1,2,3,4",
            "  ./faultline generals byzantine --algorithm om --n 7 --f 2 \\",
            "      --strategy equivocate --seeds 500",
            "  # exits 1 and prints the counterexample:",
            "  ./faultline generals byzantine --algorithm om --n 3 --f 1 --exhaustive",
            "  # exits 0:",
            "  ./faultline generals byzantine --algorithm sm --n 3 --f 1 --exhaustive",
            "  ./faultline generals byzantine --report models --algorithm om --n 4 --f 1",
            "  ./faultline generals byzantine --report cost",
            "  ./faultline generals byzantine --algorithm om --n 4 --f 1 --real",
            "",
            "Strategies: " + "silent, random, equivocate, two-faced, collude.",
            "Exit codes: 0 IC1 and IC2 held, 1 a safety property was violated, 2 a loyal general "
                + "never decided, 64 bad usage. A failing run prints the command that replays it."
        })
    static final class Byzantine implements Callable<Integer> {

        @picocli.CommandLine.Spec
        CommandSpec spec;

        @Option(names = "--algorithm", paramLabel = "NAME", defaultValue = "om",
            description = "lecture, om or sm (default: ${DEFAULT-VALUE})")
        String algorithm;

        @Option(names = "--n", paramLabel = "N", defaultValue = "4",
            description = "number of generals (default: ${DEFAULT-VALUE})")
        int n;

        @Option(names = "--f", paramLabel = "F", defaultValue = "1",
            description = "traitors tolerated: m of OM(m) and SM(m) (default: ${DEFAULT-VALUE})")
        int f;

        @Option(names = "--traitors", paramLabel = "LIST",
            description = "traitor positions, 1-based, e.g. 3 or 1,4 (default: f positions drawn"
                + " from each seed)")
        String traitors;

        @Option(names = "--values", paramLabel = "LIST",
            description = "each general's true value (default: i for the lecture algorithm, "
                + "ARMY_SIZE(i) = i; 1 for om and sm)")
        String values;

        @Option(names = "--strategy", paramLabel = "NAME", defaultValue = "equivocate",
            description = "how traitors lie: silent, random, equivocate, two-faced, collude "
                + "(default: ${DEFAULT-VALUE})")
        String strategy;

        @Option(names = "--commander", paramLabel = "I", defaultValue = "0",
            description = "0 for interactive consistency (everyone's value), else the one "
                + "commander's position (default: ${DEFAULT-VALUE})")
        int commander;

        @Option(names = "--seed", paramLabel = "N", converter = SeedConverter.class,
            description = "the root seed (default: 1)")
        Long seed;

        @Option(names = "--seeds", paramLabel = "COUNT",
            description = "run COUNT seeds from --seed on and sum up")
        Integer seeds;

        @Option(names = "--trace", paramLabel = "FILE",
            description = "write the run as JSON lines (one simulated seed only)")
        java.nio.file.Path trace;

        @Option(names = "--network", paramLabel = "MODEL", defaultValue = "reliable",
            description = "reliable, fair-loss or arbitrary (default: ${DEFAULT-VALUE})")
        String network;

        @Option(names = "--nodes", paramLabel = "MODEL", defaultValue = "byzantine",
            description = "byzantine, crash-stop or crash-recovery (default: ${DEFAULT-VALUE})")
        String nodes;

        @Option(names = "--timing", paramLabel = "MODEL", defaultValue = "sync",
            description = "sync, partial-sync or async (default: ${DEFAULT-VALUE})")
        String timing;

        @Option(names = "--exhaustive",
            description = "check every traitor position and strategy (and, for f = 1, every "
                + "behaviour of the traitor) instead of one run")
        boolean exhaustive;

        @Option(names = "--delta", paramLabel = "MS",
            description = "the known delay bound a round is built on (default: 10 in the "
                + "simulator, 500 with --real, where gRPC, group commit and Ed25519 on a "
                + "busy machine need it)")
        Long delta;

        @Option(names = "--real",
            description = "run the generals as nodes of the real runtime (one gRPC server each on"
                + " loopback, SQLite stores in a temporary directory) and print the same verdict")
        boolean real;

        @Option(names = "--report", paramLabel = "NAME",
            description = "models: what breaks under each system model; cost: messages, bytes "
                + "and time per decision against n and m")
        String report;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Algorithm alg = parse(() -> Algorithm.parse(algorithm));
            if (f < 0) {
                throw new UsageException("--f " + f + " is out of range; valid: 0 or more");
            }
            if (n < 2) {
                throw new UsageException("--n " + n + " is out of range; valid: 2 or more");
            }
            if (delta != null && (delta < 1 || delta > 60_000)) {
                throw new UsageException("--delta " + delta + " is out of range; valid: "
                    + "1..60000 ms");
            }
            if (n > 12) {
                throw new UsageException("--n " + n + " is too large for the message tree; "
                    + "valid: 2..12");
            }
            if (!Strategy.NAMES.contains(strategy)) {
                throw new UsageException("unknown --strategy '" + strategy + "'; valid: "
                    + String.join(", ", Strategy.NAMES));
            }
            if (commander < 0 || commander > n) {
                throw new UsageException("--commander " + commander + " is out of range; valid: "
                    + "0 (interactive consistency) or 1.." + n);
            }
            if (alg == Algorithm.LECTURE && commander != 0) {
                throw new UsageException("--commander " + commander + ": the lecture algorithm "
                    + "has no commander form; valid: 0");
            }
            List<Integer> vals = values == null ? defaultValues(alg) : intList("--values", values,
                -1_000_000, 1_000_000);
            if (vals.size() != n) {
                throw new UsageException("--values " + values + " has " + vals.size()
                    + " values; valid: exactly n = " + n);
            }
            TreeSet<Integer> positions = traitors == null ? null : positions();
            SystemModel model = new SystemModel(parse(() -> NetworkModel.parse(network)),
                parse(() -> NodeModel.parse(nodes)), parse(() -> TimingModel.parse(timing)));
            if (real && (exhaustive || report != null)) {
                throw new UsageException("--real runs one configuration on the real runtime; "
                    + "--exhaustive and --report run in the simulator: use one or the other");
            }
            if (trace != null && (seeds != null || real || exhaustive || report != null)) {
                throw new UsageException("--trace writes one simulated run: use it with --seed, "
                    + "not with --seeds, --real, --exhaustive or --report");
            }
            if (report != null) {
                return switch (report) {
                    case "models" -> models(out, alg, vals);
                    case "cost" -> cost(out);
                    default -> throw new UsageException("unknown --report '" + report
                        + "'; valid: models, cost");
                };
            }
            if (exhaustive && (traitors != null || values != null || seeds != null)) {
                throw new UsageException("--exhaustive tries every traitor position, strategy and "
                    + "value vector itself: drop --traitors, --values and --seeds");
            }
            warnIfBelowTheorem(out, alg);
            if (exhaustive) {
                return exhaustive(out, alg);
            }
            long first = seed == null ? 1 : seed;
            if (real) {
                if (seeds != null || !network.equals("reliable") || !nodes.equals("byzantine")
                        || !timing.equals("sync")) {
                    throw new UsageException("--real runs one seed on the real loopback network:"
                        + " it takes no --seeds, --network, --nodes or --timing");
                }
                return real(out, alg, vals, positions, first);
            }
            if (seeds == null) {
                return single(out, alg, vals, positions, model, first);
            }
            if (seeds < 1 || seeds > 1_000_000) {
                throw new UsageException("--seeds " + seeds + " is out of range; valid: "
                    + "1..1000000");
            }
            return sweep(out, alg, vals, positions, model, first);
        }

        private static <T> T parse(java.util.function.Supplier<T> p) {
            try {
                return p.get();
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }

        private List<Integer> defaultValues(Algorithm alg) {
            List<Integer> out = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                out.add(alg == Algorithm.LECTURE ? i : 1);
            }
            return out;
        }

        private TreeSet<Integer> positions() {
            List<Integer> list = intList("--traitors", traitors, Integer.MIN_VALUE,
                Integer.MAX_VALUE);
            TreeSet<Integer> set = new TreeSet<>();
            for (int t : list) {
                if (t < 1 || t > n) {
                    throw new UsageException("--traitors position " + t + " is out of range; "
                        + "valid: 1.." + n);
                }
                if (!set.add(t)) {
                    throw new UsageException("--traitors position " + t + " is repeated; name "
                        + "each traitor once");
                }
            }
            if (set.size() > f) {
                throw new UsageException("--traitors " + traitors + " names " + set.size()
                    + " traitors but --f is " + f + "; valid: at most f positions");
            }
            return set;
        }

        private void warnIfBelowTheorem(PrintWriter out, Algorithm alg) {
            if (alg != Algorithm.SM && n < 3 * f + 1) {
                out.println("note: n = " + n + " < 3f+1 = " + (3 * f + 1) + ": the theorem needs "
                    + "n >= 3f+1 generals for oral messages, so agreement may fail (that is the "
                    + "lesson).");
            } else if (alg == Algorithm.SM && n < f + 2) {
                out.println("note: n = " + n + " < f+2 = " + (f + 2) + ": SM needs n >= f+2.");
            }
        }

        private int domain(List<Integer> vals) {
            int max = 1;
            for (int v : vals) {
                max = Math.max(max, v);
            }
            return max + 1;
        }

        private Spec specFor(Algorithm alg, List<Integer> vals, TreeSet<Integer> fixed,
                             SystemModel model, long s) {
            TreeSet<Integer> ps = fixed != null ? fixed : drawPositions(s);
            FaultConfig faults = ByzantineScenario.defaultFaults(alg == Algorithm.LECTURE ? 1 : f);
            if (delta != null) {
                faults = faults.toBuilder().deltaMs(delta)
                    .healAtMs(((alg == Algorithm.LECTURE ? 1 : f) + 3) * (delta + 1)).build();
            }
            return Spec.of(alg, n, f, vals).withSeed(s).withCommander(commander)
                .withModel(model, faults)
                .withTraitors(ByzantineScenario.strategy(strategy, n, ps, domain(vals)));
        }

        /** f traitor positions drawn from the seed, so that a sweep covers every position. */
        private TreeSet<Integer> drawPositions(long s) {
            Rng rng = new Rng(s).split("traitor-positions");
            List<Integer> all = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                all.add(i);
            }
            TreeSet<Integer> out = new TreeSet<>();
            for (int k = 0; k < f && !all.isEmpty(); k++) {
                out.add(all.remove(rng.nextInt(all.size())));
            }
            return out;
        }

        private int single(PrintWriter out, Algorithm alg, List<Integer> vals,
                           TreeSet<Integer> fixed, SystemModel model, long s) {
            Spec sp = specFor(alg, vals, fixed, model, s);
            long t0 = System.nanoTime();
            Outcome o;
            if (trace == null) {
                o = ByzantineScenario.run(sp, null);
            } else {
                try (java.io.BufferedWriter w = java.nio.file.Files.newBufferedWriter(trace,
                        java.nio.charset.StandardCharsets.UTF_8)) {
                    o = ByzantineScenario.run(sp, w);
                } catch (java.io.IOException e) {
                    throw new UsageException("cannot write the trace to '" + trace + "': "
                        + e.getMessage());
                }
            }
            long wallUs = (System.nanoTime() - t0) / 1_000;
            SimResult r = o.result();
            out.println("faultline generals byzantine: algorithm " + alg.cliName() + ", n = " + n
                + ", f = " + f + ", " + (commander == 0 ? "interactive consistency"
                : "commander g" + commander) + ", strategy " + strategy);
            for (String p : r.parameters()) {
                out.println("  " + p);
            }
            out.println("true values: " + vals + "; traitors: " + o.traitors());
            for (Map.Entry<Address, Optional<SortedMap<Address, Integer>>> e
                    : o.decisions().entrySet()) {
                boolean traitor = o.traitors().contains(e.getKey());
                String vector = "";
                if (!traitor && r.view().node(e.getKey()) instanceof LectureGeneral lg) {
                    vector = " after round 1 " + lg.ownVector().map(Values::format).orElse("?")
                        + "; after round 2 " + roundTwo(lg, e.getKey(), o.decisions().keySet())
                        + ";";
                }
                out.println("  " + (traitor ? "traitor " : "loyal   ") + e.getKey() + ":"
                    + vector + " decided " + e.getValue().map(ByzantineChecks::format)
                    .orElse("nothing"));
            }
            out.println("properties: " + verdicts(r));
            out.println("generals' books: " + o.tally() + (alg == Algorithm.SM
                ? " signatures=" + o.signatures() : ""));
            out.println("faults fired: " + r.counters());
            out.println("time: " + r.endTimeMs() + " ms virtual, " + wallUs + " us wall");
            if (trace != null) {
                out.println("trace: " + trace);
            }
            return verdict(out, r.verdict(), r.firstViolation() == null ? null
                : r.firstViolation().toString(), s);
        }

        /**
         * The real delay bound: a claim goes through a handler, a group commit and gRPC on a
         * machine that may have two cores; 100 ms was measured too short for n = 7 and for SM.
         */
        static final long REAL_DELTA_MS = 500;
        /** When round 0 begins in a real run: after every host has started. */
        static final long REAL_START_MS = 3_000;

        private int real(PrintWriter out, Algorithm alg, List<Integer> vals,
                         TreeSet<Integer> fixed, long s) {
            long deltaMs = delta == null ? REAL_DELTA_MS : delta;
            FaultConfig faults = FaultConfig.builder().deltaMs(deltaMs).build();
            Spec sp = specFor(alg, vals, fixed, new SystemModel(NetworkModel.RELIABLE,
                NodeModel.BYZANTINE, TimingModel.SYNC), s).withModel(new SystemModel(
                NetworkModel.RELIABLE, NodeModel.BYZANTINE, TimingModel.SYNC), faults);
            java.nio.file.Path dir;
            try {
                dir = java.nio.file.Files.createTempDirectory("faultline-generals-");
            } catch (java.io.IOException e) {
                throw new UsageException("cannot create a temporary directory for the stores: "
                    + e.getMessage() + "; set java.io.tmpdir to a writable directory");
            }
            out.println("faultline generals byzantine --real: algorithm " + alg.cliName()
                + ", n = " + n + ", f = " + f + ", " + (commander == 0
                ? "interactive consistency" : "commander g" + commander) + ", strategy "
                + strategy + ", seed " + Long.toUnsignedString(s));
            out.println("  " + n + " nodes of the real runtime, gRPC on loopback, delta "
                + deltaMs + " ms, round 0 at " + REAL_START_MS + " ms, stores in " + dir);
            long roundMs = deltaMs + 1;
            RealCluster.Builder b = RealCluster.builder(dir)
                .messages(List.of(io.faultline.protocols.byzantine.ByzantineMessage.class))
                .seed(s);
            ByzantineScenario.generalsAsRun(sp, REAL_START_MS).forEach(b::node);
            long t0 = System.nanoTime();
            try (RealCluster cluster = b.start()) {
                String warm = warmUp(cluster);
                out.println("  " + warm);
                RealRun.Result r = RealRun.builder(cluster)
                    .properties(ByzantineScenario.properties(sp))
                    .faultsMaxMs(0)
                    .livenessBoundMs(REAL_START_MS + (sp.rounds() + 3) * roundMs + 5_000)
                    .seed(s)
                    .run();
                long wallMs = (System.nanoTime() - t0) / 1_000_000;
                Set<Address> traitorSet = ByzantineScenario.traitors(sp);
                out.println("true values: " + vals + "; traitors: " + traitorSet);
                ByzantineGeneral.Tally tally = ByzantineGeneral.Tally.ZERO;
                GrpcTransport.Stats grpc = GrpcTransport.Stats.ZERO;
                for (Address g : cluster.addresses()) {
                    Optional<ByzantineGeneral> node = cluster.host(g).currentNode()
                        .map(x -> (ByzantineGeneral) x);
                    if (node.isPresent()) {
                        tally = tally.plus(node.get().tally());
                    }
                    grpc = grpc.plus(cluster.transport(g).stats());
                    out.println("  " + (traitorSet.contains(g) ? "traitor " : "loyal   ") + g
                        + ": decided " + node.flatMap(ByzantineGeneral::decision)
                        .map(ByzantineChecks::format).orElse("nothing"));
                }
                StringBuilder props = new StringBuilder();
                for (RealRun.PropertyOutcome p : r.properties()) {
                    props.append(props.length() == 0 ? "" : "; ").append(label(p.name()))
                        .append(!p.judged() ? " not judged"
                            : p.violation().isPresent() ? " VIOLATED" : " held");
                }
                out.println("properties: " + props);
                out.println("generals' books: " + tally);
                out.println("gRPC: sent=" + grpc.sent() + " lost=" + grpc.lost() + " unacked="
                    + grpc.unacknowledged() + " received=" + grpc.received() + " refused="
                    + grpc.refused() + "; time: " + wallMs + " ms wall");
                return verdict(out, r.verdict(), r.violation().map(Object::toString)
                    .orElse(null), s);
            } finally {
                TempDirs.deleteQuietly(dir);
            }
        }

        /**
         * Opens every connection before round 0: a first gRPC call on a cold JVM can take longer
         * than a round, and would be taken as a missing message.
         */
        private static String warmUp(RealCluster cluster) {
            // The first Ed25519 signatures of a JVM load and compile the provider: hundreds of
            // milliseconds, longer than a round. Pay that here, not inside round 0.
            io.faultline.protocols.byzantine.KeyRing ring =
                io.faultline.protocols.byzantine.KeyRing.generate(List.of(Address.of("warm")), 0);
            for (int i = 0; i < 50; i++) {
                String sig = io.faultline.protocols.byzantine.KeyRing.sign(
                    ring.privateKeys().get(Address.of("warm")), "warm-up " + i);
                io.faultline.protocols.byzantine.KeyRing.verify(
                    ring.publicKeys().get(Address.of("warm")), "warm-up " + i, sig);
            }
            List<Address> all = cluster.addresses();
            for (Address from : all) {
                for (Address to : all) {
                    if (!from.equals(to)) {
                        cluster.transport(from).send(from, to,
                            new io.faultline.protocols.byzantine.ByzantineMessage.Ping());
                    }
                }
            }
            long expected = (long) all.size() * (all.size() - 1);
            long deadline = System.nanoTime() + REAL_START_MS / 2 * 1_000_000;
            long received = 0;
            while (System.nanoTime() < deadline) {
                received = 0;
                for (Address a : all) {
                    received += cluster.transport(a).stats().received();
                }
                if (received >= expected) {
                    return "warm-up: all " + expected + " connections answered before round 0";
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            return "warm-up: only " + received + "/" + expected + " connections answered before "
                + "round 0: expect late claims";
        }

        private static String label(String property) {
            return property + (property.equals("agreement") ? " (IC1)"
                : property.equals("validity") ? " (IC2)" : "");
        }

        /** The n vectors a lecture general holds after round 2, as on the slide. */
        private static String roundTwo(LectureGeneral lg, Address self, Set<Address> all) {
            StringBuilder sb = new StringBuilder();
            for (Address k : all) {
                List<Integer> v = k.equals(self) ? lg.ownVector().orElse(null)
                    : lg.reports().get(k);
                sb.append(sb.length() == 0 ? "" : " ").append(v == null ? "-" : Values.format(v));
            }
            return sb.toString();
        }

        private static String verdicts(SimResult r) {
            StringBuilder sb = new StringBuilder();
            for (String p : List.of("decided", "agreement", "validity")) {
                boolean failed = r.violations().stream().anyMatch(v -> v.property().equals(p));
                sb.append(label(p)).append(failed ? " VIOLATED" : " held").append("; ");
            }
            return sb.substring(0, sb.length() - 2);
        }

        private int verdict(PrintWriter out, Verdict v, String violation, long s) {
            if (v == Verdict.OK) {
                out.println("verdict: OK (every property held)");
                return ExitCodes.OK;
            }
            out.println("verdict: " + v + " (exit " + v.exitCode() + ")");
            out.println("  " + violation);
            out.println("replay: " + replay(s));
            return v.exitCode();
        }

        private String replay(long s) {
            return "./faultline generals byzantine --algorithm " + algorithm + " --n " + n
                + " --f " + f + (traitors == null ? "" : " --traitors " + traitors)
                + (values == null ? "" : " --values " + values) + " --strategy " + strategy
                + (commander == 0 ? "" : " --commander " + commander) + " --network " + network
                + " --nodes " + nodes + " --timing " + timing
                + (delta == null ? "" : " --delta " + delta) + (real ? " --real" : "")
                + (real ? "" : " --trace run.jsonl") + " --seed "
                + Long.toUnsignedString(s);
        }

        private int sweep(PrintWriter out, Algorithm alg, List<Integer> vals,
                          TreeSet<Integer> fixed, SystemModel model, long first) {
            Count count = new Count();
            Long worst = null;
            String worstWhy = null;
            Verdict worstVerdict = Verdict.OK;
            for (long s = first; s < first + seeds; s++) {
                Outcome o = ByzantineScenario.run(specFor(alg, vals, fixed, model, s), null);
                Verdict v = o.result().verdict();
                count.add(o.result());
                if (worstVerdict.worst(v) != worstVerdict) {
                    worstVerdict = v;
                    worst = s;
                    worstWhy = o.result().firstViolation().toString();
                }
            }
            out.println("faultline generals byzantine: algorithm " + alg.cliName() + ", n = " + n
                + ", f = " + f + ", strategy " + strategy + ", model " + model + ", seeds "
                + first + ".." + (first + seeds - 1) + ", traitors "
                + (fixed == null ? "drawn from each seed" : fixed.toString()));
            out.println("held " + count.held + "/" + seeds + ", safety violated " + count.safety
                + ", liveness violated " + count.liveness + "; runs by the property found violated: "
                + count.byProperty());
            out.println("faults fired (all runs): " + count.fired());
            return verdict(out, worstVerdict, worstWhy, worst == null ? first : worst);
        }

        /** Verdicts, violated properties and fault counters summed over many runs. */
        private static final class Count {
            int held;
            int safety;
            int liveness;
            private final Map<String, Integer> violated = new TreeMap<>();
            private final Map<String, Long> counters = new java.util.LinkedHashMap<>();

            void add(SimResult r) {
                held += r.verdict() == Verdict.OK ? 1 : 0;
                safety += r.verdict() == Verdict.SAFETY ? 1 : 0;
                liveness += r.verdict() == Verdict.LIVENESS ? 1 : 0;
                r.violations().forEach(v -> violated.merge(label(v.property()), 1,
                    Integer::sum));
                r.counters().asMap().forEach((k, c) -> counters.merge(k, c, Long::sum));
            }

            String byProperty() {
                return violated.isEmpty() ? "none" : violated.toString();
            }

            /** The non-zero counters among {@code names}, or all non-zero ones when none named. */
            String fired(String... names) {
                StringBuilder sb = new StringBuilder();
                counters.forEach((k, v) -> {
                    if (v > 0 && (names.length == 0 || List.of(names).contains(k))) {
                        sb.append(sb.length() == 0 ? "" : " ").append(k).append('=').append(v);
                    }
                });
                return sb.toString();
            }
        }

        private int exhaustive(PrintWriter out, Algorithm alg) {
            int domain = 2;
            List<List<Integer>> vectors = ByzantineChecks.allVectors(n, domain);
            if (vectors.size() * ByzantineChecks.subsets(n, f).size() * 5 > 2_000) {
                vectors = List.of(ByzantineChecks.allVectors(n, domain).get(0),
                    ByzantineChecks.allVectors(n, domain).get(vectors.size() - 1),
                    alternating(0), alternating(1));
            }
            out.println("faultline generals byzantine --exhaustive: algorithm " + alg.cliName()
                + ", n = " + n + ", f = " + f + ", values over {0, 1}");
            long t0 = System.nanoTime();
            ByzantineChecks.Report strategies = ByzantineChecks.strategies(alg, n, f, vectors,
                domain, 1);
            out.println("every set of " + f + " traitor position(s) x every strategy ("
                + String.join(", ", Strategy.NAMES) + ") x " + vectors.size()
                + " value vectors: " + strategies.runs() + " runs, " + strategies.failures()
                + " violated");
            ByzantineChecks.Report scripted = null;
            if (f == 1 && alg != Algorithm.LECTURE && n <= 4) {
                scripted = ByzantineChecks.scripted(alg, n, f, domain);
                out.println("commander form, one traitor at each position, every value of every "
                    + "message it sends (0, 1 or nothing), every commander value: "
                    + scripted.runs() + " runs, " + scripted.failures() + " violated");
            }
            out.println("generals' books (all runs): " + strategies.tally().plus(
                scripted == null ? io.faultline.protocols.byzantine.ByzantineGeneral.Tally.ZERO
                    : scripted.tally()));
            out.println("time: " + (System.nanoTime() - t0) / 1_000_000 + " ms wall");
            Optional<ByzantineChecks.Failure> failure = scripted != null
                && scripted.first().isPresent() ? scripted.first() : strategies.first();
            if (failure.isEmpty()) {
                out.println("verdict: OK: IC1 and IC2 held in every run");
                return ExitCodes.OK;
            }
            out.println("counterexample:");
            for (String line : failure.get().describe().split("\n")) {
                out.println("  " + line);
            }
            Verdict v = failure.get().outcome().result().verdict();
            out.println("verdict: " + v + " (exit " + v.exitCode() + ")");
            return v.exitCode();
        }

        private List<Integer> alternating(int start) {
            List<Integer> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                out.add((start + i) % 2);
            }
            return out;
        }

        /** The crash rate of the crash rows of the models report. */
        static final double CRASHES_PER_SECOND = 10;

        private int models(PrintWriter out, Algorithm alg, List<Integer> vals) {
            int runs = seeds == null ? 200 : seeds;
            out.println("faultline generals byzantine --report models: algorithm " + alg.cliName()
                + ", n = " + n + ", f = " + f + ", no traitor, " + runs + " seeds per model, "
                + "default fault rates (crashes " + CRASHES_PER_SECOND + "/s in the crash rows)");
            out.println(String.format(Locale.ROOT, "%-40s %6s %6s %6s  %-28s %s", "model",
                "held", "safety", "live", "faults fired (sum)", "why"));
            List<String[]> rows = List.of(
                new String[] {"reliable", "byzantine", "sync",
                    "the algorithm's own model: nothing breaks"},
                new String[] {"reliable", "byzantine", "partial-sync",
                    "before GST a claim can arrive after its round: taken as missing"},
                new String[] {"reliable", "byzantine", "async",
                    "no bound: late claims are taken as missing, loyal generals diverge"},
                new String[] {"fair-loss", "byzantine", "sync",
                    "a dropped claim is never retransmitted: the default replaces it"},
                new String[] {"arbitrary", "byzantine", "sync",
                    "the network alters claims: a loyal general looks like a traitor"},
                new String[] {"reliable", "crash-stop", "sync",
                    "a crashed general is a silent traitor: within f crashes it holds, more "
                        + "can break it"},
                new String[] {"reliable", "crash-recovery", "sync",
                    "a restarted general lost its claims and runs its rounds alone, out of step"});
            for (String[] m : rows) {
                SystemModel model = new SystemModel(NetworkModel.parse(m[0]), NodeModel.parse(m[1]),
                    TimingModel.parse(m[2]));
                Count count = new Count();
                for (long s = 1; s <= runs; s++) {
                    FaultConfig faults = ByzantineScenario.defaultFaults(
                        alg == Algorithm.LECTURE ? 1 : f);
                    if (model.nodes() != NodeModel.BYZANTINE) {
                        // The rounds last tens of milliseconds: crashes must be frequent to land
                        // inside them at all.
                        faults = faults.toBuilder().crashesPerSecond(CRASHES_PER_SECOND).build();
                    }
                    Spec sp = Spec.of(alg, n, f, vals).withSeed(s).withModel(model, faults);
                    count.add(ByzantineScenario.run(sp, null).result());
                }
                out.println(String.format(Locale.ROOT, "%-40s %6d %6d %6d  %-28s %s", model,
                    count.held, count.safety, count.liveness, count.fired("late", "dropped",
                        "dropped-partition", "corrupted", "spoofed", "crashes", "pauses"), m[3]));
            }
            // A report, not a check: the violations it counts are the point of it.
            return ExitCodes.OK;
        }

        private int cost(PrintWriter out) {
            out.println("faultline generals byzantine --report cost: one decision = one "
                + "commander's value (commander form, loyal generals, reliable sync network)");
            out.println(String.format(Locale.ROOT, "%-4s %3s %3s %9s %9s %10s %7s %7s %7s %9s",
                "alg", "m", "n", "messages", "formula", "bytes", "signs", "checks", "rounds",
                "wall us"));
            for (Algorithm alg : List.of(Algorithm.OM, Algorithm.SM)) {
                for (int m = 1; m <= 3; m++) {
                    int nMin = alg == Algorithm.OM ? 3 * m + 1 : m + 2;
                    for (int nn = nMin; nn <= 10; nn++) {
                        Spec sp = Spec.of(alg, nn, m, java.util.Collections.nCopies(nn, 1))
                            .withCommander(1);
                        ByzantineScenario.run(sp, null);
                        long t0 = System.nanoTime();
                        Outcome o = ByzantineScenario.run(sp, null);
                        long us = (System.nanoTime() - t0) / 1_000;
                        out.println(String.format(Locale.ROOT,
                            "%-4s %3d %3d %9d %9s %10d %7d %7d %7d %9d", alg.cliName(), m, nn,
                            o.tally().messages(), alg == Algorithm.OM
                                ? Long.toString(omFormula(nn, m)) : "-",
                            o.tally().bytes(), o.signatures(), o.verifications(), m + 1, us));
                    }
                }
            }
            out.println("formula: OM(m) sends (n-1) + (n-1)(n-2) + ... + (n-1)(n-2)...(n-m-1) "
                + "messages, one term per round.");
            out.println("SM relays only a value a general has not seen, so a loyal commander "
                + "costs between n-1 and (n-1) + (n-1)(n-2) messages whatever m (which depends on"
                + " arrival order); each message signs once and its receiver checks the whole "
                + "chain: the wall time of SM is the JDK's Ed25519.");
            out.println("time per decision: m+1 rounds of delta+1 ms of virtual time; wall us is "
                + "one run of the simulator on this machine, after one warm-up run.");
            return ExitCodes.OK;
        }

        static long omFormula(int n, int m) {
            long total = 0;
            long term = 1;
            for (int r = 0; r <= m; r++) {
                term *= n - 1 - r;
                total += term;
            }
            return total;
        }
    }
}
