package io.faultline.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CommandLineTest {

    /** The exit code, standard output and standard error of one command. */
    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        picocli.CommandLine cl = Main.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "sim --scenario nope|unknown scenario 'nope'|retry",
        "sim --scenario retry --protocol twice|unknown protocol 'twice'|exactly-once",
        "sim --scenario retry --network lossy|unknown network model 'lossy'|fair-loss",
        "sim --scenario retry --nodes flaky|unknown node model 'flaky'|crash-recovery",
        "sim --scenario retry --timing eventually|unknown timing model 'eventually'|partial-sync",
        "sim --scenario retry --loss 1.5|1.5|[0, 1]",
        "sim --scenario retry --duplicate -0.2|-0.2|[0, 1]",
        "sim --scenario retry --seed abc|seed 'abc' is not a number|18446744073709551615",
        "sim --scenario retry --seeds 0|--seeds must be in|got 0",
        "detectors --protocol psychic|unknown protocol 'psychic'|eventually-perfect",
        "detectors --seeds 0|--seeds must be in|got 0",
        "detectors --real --seconds 1|--seconds must be in|got 1",
        "sim --scenario retry --partition isolate@5-2|isolate@5-2|start < end",
        "sim --scenario retry --partition sideways@1-2|unknown partition kind 'sideways'|isolate",
        "sim --scenario retry --frobnicate|--frobnicate|--help",
        "demo --seeds -1|--seeds must be in|got -1",
        "sim --scenario failover --table --network reliable|--network picks one model|all 27",
        "sim --scenario failover --table --timing sync|--timing picks one model|all 27",
        "sim --scenario failover --table --exhaustive|--exhaustive does not go with --table"
            + "|--table",
        "sim --scenario failover --table --seeds 0|--seeds must be in|got 0",
        "sim --scenario failover --table --protocol paxos|unknown protocol 'paxos'"
            + "|fenced, unfenced",
        "generals byzantine --f -1|--f -1|0 or more",
        "generals byzantine --n 1|--n 1|2 or more",
        "generals byzantine --n 4 --f 1 --traitors 5|position 5|1..4",
        "generals byzantine --n 4 --f 2 --traitors 2,2|position 2 is repeated|once",
        "generals byzantine --n 4 --f 1 --traitors 1,2|names 2 traitors|at most f",
        "generals byzantine --algorithm paxos|unknown algorithm 'paxos'|lecture, om, sm",
        "generals byzantine --strategy sneaky|unknown --strategy 'sneaky'|two-faced",
        "generals byzantine --n 4 --values 1,2|has 2 values|n = 4",
        "generals byzantine --report speed|unknown --report 'speed'|models, cost",
        "generals byzantine --timing whenever|unknown timing model 'whenever'|partial-sync",
        "generals byzantine --algorithm lecture --commander 2|no commander form|valid: 0",
        "generals byzantine --exhaustive --traitors 1|--exhaustive tries every|drop --traitors",
        "generals byzantine --real --report cost|--real runs one configuration|one or the other",
        "generals byzantine --trace t.jsonl --seeds 3|--trace writes one simulated run|--seed",
        "generals two --loss 1.5|--loss 1.5|[0, 1]",
        "generals two --messengers 0|value 0|1..1000",
        "generals two --strategy hope|unknown strategy 'hope'|ack-chain",
        "generals two --rounds 0|--rounds 0|1..8",
    })
    void badInputExits64NamingTheValueAndWhatIsValid(String args, String bad, String valid) {
        Run r = run(args.split(" "));
        assertThat(r.code()).as(r.err()).isEqualTo(64);
        assertThat(r.err()).contains(bad).contains(valid);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void scenarioIsRequiredUnlessListing() {
        Run r = run("sim");
        assertThat(r.code()).isEqualTo(64);
        assertThat(r.err()).contains("--scenario is required").contains("retry");
    }

    @Test
    void listNamesScenariosProtocolsAndModels() {
        Run r = run("sim", "--list");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("retry", "exactly-once", "at-least-once", "at-most-once",
            "fair-loss", "crash-recovery", "partial-sync", "majority-minority");
    }

    @Test
    void passingRunExitsZeroAndPrintsParametersAndCounters() {
        Run r = run("sim", "--scenario", "retry", "--protocol", "exactly-once", "--network",
            "fair-loss", "--nodes", "crash-recovery", "--timing", "partial-sync", "--seed", "42");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("seed 42", "gst ", "faults fired: ", "dropped=",
            "verdict: OK");
    }

    @Test
    void safetyBreakExitsOneWithAReplayCommandThatReproducesIt() {
        Run r = run("sim", "--scenario", "retry", "--protocol", "at-least-once", "--network",
            "fair-loss", "--nodes", "crash-recovery", "--timing", "sync", "--seed", "1",
            "--loss", "0.3");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("no-double-apply").contains("replay: ./faultline sim");
        String replay = r.out().lines().filter(l -> l.startsWith("replay: ")).findFirst()
            .orElseThrow().substring("replay: ./faultline ".length()).replace(" --trace run.jsonl",
                "");
        assertThat(replay).contains("--loss 0.3").contains("--seed 1");
        Run again = run(replay.split(" "));
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.out()).isEqualTo(r.out());
    }

    @Test
    void livenessBreakExitsTwo() {
        Run r = run("sim", "--scenario", "retry", "--protocol", "exactly-once", "--network",
            "reliable", "--nodes", "crash-stop", "--timing", "sync", "--seed", "2");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).contains("every-op-resolved");
    }

    @Test
    void traceFileIsByteIdenticalForTheSameSeed(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a.jsonl");
        Path b = dir.resolve("b.jsonl");
        String[] base = {"sim", "--scenario", "retry", "--network", "arbitrary", "--timing",
            "async", "--seed", "7", "--trace"};
        assertThat(run(concat(base, a.toString())).code()).isZero();
        assertThat(run(concat(base, b.toString())).code()).isZero();
        assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
        assertThat(Files.readAllLines(a).get(0)).startsWith("{\"event\":\"header\"");
    }

    @Test
    void manySeedsSumUpAndJsonIsForScripts() {
        Run r = run("sim", "--scenario", "retry", "--protocol", "at-least-once", "--seeds", "30",
            "--json");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).startsWith("{\"scenario\":\"retry\"").contains("\"runs\":30")
            .contains("\"verdict\":\"SAFETY\"").contains("\"dropped\":");
    }

    @Test
    void demoPrintsTheTableForAll27Models() {
        Run r = run("demo", "--seeds", "3");
        assertThat(r.code()).isZero();
        long rows = r.out().lines().filter(l -> l.matches("^(reliable|fair-loss|arbitrary) / .*"))
            .count();
        assertThat(rows).isEqualTo(27);
        assertThat(r.out()).contains("exactly-once   held in  9 of 27 models");
        // The commands it suggests next are real ones, with options that parse.
        List<String> next = r.out().lines().dropWhile(l -> !l.equals("More of the course:"))
            .skip(1).filter(l -> l.startsWith("  ./faultline ")).toList();
        assertThat(next).hasSize(5);
        for (String line : next) {
            String[] args = line.substring("  ./faultline ".length()).split("  ")[0].trim()
                .split(" ");
            assertThat(Main.newCommandLine().parseArgs(args).hasSubcommand()).as(line).isTrue();
        }
    }

    @Test
    void simTablePrintsEveryProtocolUnderAll27ModelsWithTheirReplays() {
        Run r = run("sim", "--scenario", "failover", "--table", "--seeds", "5", "--loss", "0.2");
        assertThat(r.code()).as("a table shows breaks, it does not fail on them").isZero();
        List<String> rows = r.out().lines()
            .filter(l -> l.matches("^(reliable|fair-loss|arbitrary) / .*")).toList();
        assertThat(rows).hasSize(27);
        assertThat(rows.get(0)).startsWith("reliable / crash-stop / sync")
            .contains("| held 5/5", "| SAFETY ").doesNotEndWith(" ");
        assertThat(r.out()).contains("fenced            held in 18 of 27 models")
            .contains("unfenced          held in  0 of 27 models");
        // Every break has a replay that names its cell and keeps the fault options given.
        assertThat(r.out()).contains("    ./faultline sim --scenario failover --protocol unfenced"
            + " --network reliable --nodes crash-stop --timing sync --seed ")
            .containsPattern("--seed [0-9]+ --loss 0.2\\n");
    }

    @Test
    void simTableOfOneProtocolHasOneColumn() {
        Run r = run("sim", "--scenario", "retry", "--table", "--protocol", "exactly-once",
            "--seeds", "3");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("| exactly-once").doesNotContain("at-least-once  held")
            .contains("exactly-once  held in  9 of 27 models");
    }

    @Test
    void exhaustiveSearchPrintsTheShortestDoubleApplyOfAtLeastOnce() {
        Run r = run("sim", "--scenario", "retry", "--protocol", "at-least-once", "--exhaustive",
            "--network", "reliable", "--nodes", "crash-recovery", "--timing", "async");
        assertThat(r.code()).isEqualTo(1);
        // Send, time out before the reply, send again with a new id: both are applied.
        assertThat(r.out()).contains("shortest counterexample (4 steps)")
            .contains("timer client RetryTimeout").contains("took effect 2 times");
    }

    @Test
    void exhaustiveSearchUnderSynchronousTimingFindsTheCrashThatLosesTheReply() {
        Run r = run("sim", "--scenario", "retry", "--protocol", "at-least-once", "--exhaustive",
            "--network", "reliable", "--nodes", "crash-recovery", "--timing", "sync");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("then CRASH server after its writes").contains("RESTART server")
            .contains("took effect 2 times");
    }

    /** The course: "perfect timeout-based failure detector exists only in a synchronous
     * crash-stop system with reliable links". */
    @Test
    void detectorsShowThePerfectDetectorHoldingInOneModelOnly() {
        Run r = run("detectors", "--seeds", "10");

        assertThat(r.code()).isZero();
        assertThat(r.out())
            .contains("perfect            held in  1 of 27 models: reliable/crash-stop/sync\n")
            .contains("reliable / crash-stop / sync")
            .contains("./faultline sim --scenario detectors --protocol perfect --network"
                + " fair-loss");
    }

    @Test
    void helpListsEveryCommand() {
        Run r = run("--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("demo", "sim", "detectors", "bench");
    }

    /**
     * Picocli formats every description with {@code String.format}: a stray {@code %} makes it
     * warn on standard error, past the command's own writers, and print the text unformatted.
     */
    @Test
    void everyCommandsHelpFormatsWithoutAWarning() {
        PrintStream stderr = System.err;
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        List<String> helps = new ArrayList<>();
        try {
            System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
            collectHelp(Main.newCommandLine(), helps);
        } finally {
            System.setErr(stderr);
        }
        assertThat(helps).hasSizeGreaterThan(10);
        assertThat(warnings.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(helps).noneMatch(help -> help.contains("%n") || help.contains("%%"));
    }

    private static void collectHelp(picocli.CommandLine cl, List<String> helps) {
        helps.add(cl.getUsageMessage());
        for (picocli.CommandLine sub : cl.getSubcommands().values()) {
            collectHelp(sub, helps);
        }
    }

    private static String[] concat(String[] a, String last) {
        String[] out = java.util.Arrays.copyOf(a, a.length + 1);
        out[a.length] = last;
        return out;
    }
}
