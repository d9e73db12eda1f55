package io.faultline.app;

import io.faultline.protocols.detectors.DetectorProtocol;
import io.faultline.protocols.detectors.DetectorQos;
import io.faultline.protocols.detectors.DetectorScenario;
import io.faultline.sim.engine.FaultConfig;
import io.faultline.sim.engine.SimResult;
import io.faultline.sim.engine.SystemModel;
import io.faultline.sim.engine.Verdict;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code faultline detectors}: the course's failure detectors under all 27 system models, with
 * what held of their properties and how well they did (detection time, mistakes, accuracy).
 */
@Command(name = "detectors",
    description = "Failure detectors (perfect, eventually perfect, phi accrual) under all 27 "
        + "system models: which properties held, and the quality of service measured.",
    mixinStandardHelpOptions = true,
    footer = {
        "",
        "Examples:",
        "  faultline detectors",
        "  faultline detectors --protocol perfect --seeds 100",
        "  faultline detectors --real --seconds 30",
        "  faultline detectors --real --seconds 30 --pause-ms 300   # GC-like pauses too",
        "  faultline sim --scenario detectors --protocol perfect --network fair-loss --seed 1",
        "",
        "Columns: the verdict of the properties (seeds held, or which kind broke); detection time",
        "from a crash to suspicion (median and worst); mistakes (suspicions of a target that is",
        "up) per minute of its up time and their mean length; query accuracy (share of up time",
        "trusted); mistakes that began after the faults stopped. Exits 0: breaks are the lesson."
    })
final class DetectorsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    CellSeeds seeds;

    @Option(names = "--protocol", paramLabel = "NAME", split = ",",
        description = "the detectors to run, of perfect, eventually-perfect and phi-accrual "
            + "(default: all)")
    List<String> protocolNames;

    @Option(names = "--real",
        description = "run each detector for real instead: monitor and target on their own event"
            + " loops, pings over loopback gRPC, the target crashed and restarted by a driver")
    boolean real;

    @Option(names = "--seconds", paramLabel = "N", defaultValue = "20",
        description = "with --real: seconds per detector, 2..3600 (default: ${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--pause-ms", paramLabel = "MS", defaultValue = "0",
        description = "with --real: make half of the faults pauses of the target's event loop"
            + " (as by a garbage collection: up, but silent) of this length, 1..10000; 0 for"
            + " crashes only (default: ${DEFAULT-VALUE})")
    long pauseMs;

    /** What one cell of the table found over its seeds. */
    private static final class Cell {
        Sweep verdicts;
        final List<Long> detections = new ArrayList<>();
        long upMs;
        long trustedUpMs;
        long mistakes;
        long mistakeMs;
        long mistakesAfterHeal;
        long crashes;

        void add(DetectorQos qos) {
            detections.addAll(qos.detectionMs());
            upMs += qos.upMs();
            trustedUpMs += qos.trustedUpMs();
            mistakes += qos.mistakes();
            mistakeMs += qos.mistakeMs();
            mistakesAfterHeal += qos.mistakesAfterHeal();
            crashes += qos.crashes();
        }
    }

    @Override
    public Integer call() {
        seeds.check();
        List<DetectorProtocol> protocols = protocols();
        PrintWriter out = spec.commandLine().getOut();
        if (real) {
            return real(out, protocols);
        }
        if (spec.commandLine().getParseResult().hasMatchedOption("--pause-ms")) {
            throw new UsageException("--pause-ms pauses a real target: use it with --real");
        }
        FaultConfig faults = FaultConfig.defaults();
        out.println("faultline detectors: is the failure detector perfect, eventually perfect,"
            + " or neither?");
        out.println("A monitor pings a target every " + DetectorScenario.PERIOD_MS + "ms; the"
            + " target may crash (" + faults.crashesPerSecond() + "/s) until the faults stop at "
            + faults.healAtMs() + "ms; delay bound " + faults.deltaMs() + "ms.");
        out.println(seeds.describe() + ". Properties: strong-accuracy"
            + " (safety, perfect only), strong-completeness and");
        out.println("eventual-strong-accuracy (liveness, within " + faults.livenessBoundMs()
            + "ms after the faults stop). Measured over " + faults.horizonMs() + "ms per run.");
        out.println();
        String header = String.format("%-41s | %-18s | %-20s | %-15s | %-9s | %-9s | %-9s | %s",
            "network / nodes / timing", "detector", "verdict", "detect p50/max", "mistakes",
            "mistake", "accuracy", "after heal");
        out.println(header);
        out.println(String.format("%-41s | %-18s | %-20s | %-15s | %-9s | %-9s | %-9s | %s",
            "", "", "", "ms", "per min", "mean ms", "", "mistakes"));
        out.println("-".repeat(header.length()));
        List<String> replays = new ArrayList<>();
        List<List<String>> heldIn = new ArrayList<>();
        for (int i = 0; i < DetectorProtocol.values().length; i++) {
            heldIn.add(new ArrayList<>());
        }
        var progress = Sweep.progressBar(System.err, SystemModel.all().size() * protocols.size(),
            "models");
        int done = 0;
        DetectorScenario scenario = new DetectorScenario();
        for (SystemModel model : SystemModel.all()) {
            String name = model.network().cliName() + " / " + model.nodes().cliName() + " / "
                + model.timing().cliName();
            for (DetectorProtocol p : protocols) {
                Cell c = measure(scenario, p, model, faults);
                out.println(String.format("%-41s | %-18s | %-20s | %-15s | %-9s | %-9s | %-9s | %d",
                    name, p.cliName(), c.verdicts.cell(), detection(c), perMinute(c),
                    c.mistakes == 0 ? "-" : Long.toString(c.mistakeMs / c.mistakes),
                    accuracy(c), c.mistakesAfterHeal));
                name = "";
                if (c.verdicts.verdict() == Verdict.OK) {
                    heldIn.get(p.ordinal()).add(model.toString());
                } else {
                    replays.add(model + " " + p.cliName() + ": "
                        + c.verdicts.worstViolation().property() + "\n    ./faultline sim"
                        + " --scenario detectors --protocol " + p.cliName() + " --network "
                        + model.network().cliName() + " --nodes " + model.nodes().cliName()
                        + " --timing " + model.timing().cliName() + " --seed "
                        + Long.toUnsignedString(c.verdicts.worstSeed()));
                }
                progress.accept(++done);
            }
        }
        out.println();
        for (DetectorProtocol p : protocols) {
            List<String> models = heldIn.get(p.ordinal());
            out.println(String.format("%-18s held in %2d of %d models%s", p.cliName(),
                models.size(), SystemModel.all().size(), p == DetectorProtocol.PERFECT
                    ? ": " + String.join(", ", models) : ""));
        }
        out.println();
        out.println("What the course says, and what the table shows:");
        out.println("  perfect:  a timeout at the known bound (period + 2 x delay) labels a node"
            + " crashed iff it has crashed,");
        out.println("            but only in a synchronous crash-stop system with reliable links:"
            + " a lost, late or paused");
        out.println("            answer, or a node that restarts, makes it suspect a node that is"
            + " up.");
        out.println("  eventually perfect: it may suspect a correct node for a while, and trust a"
            + " crashed one until its");
        out.println("            timeout passes; it grows its timeout after each mistake, so once"
            + " delays are bounded");
        out.println("            (after GST) it stops making mistakes. Under async no timeout is"
            + " ever safe: it still errs");
        out.println("            after the faults stop (last column), if less often as its timeout"
            + " grows.");
        out.println("  phi accrual: the timeout follows the spread of recent answers; a threshold"
            + " of 8 trades detection");
        out.println("            time for fewer mistakes.");
        out.println("  byzantine: a crash failure detector sees only silence; a target that lies"
            + " but answers is trusted.");
        out.println("            Where one holds under byzantine/async, it is by accident: late"
            + " answers kept it suspecting");
        out.println("            the target, which happened to be the faulty one.");
        if (!replays.isEmpty()) {
            out.println();
            out.println("Replay a break (first failing seed of each cell):");
            for (String r : replays) {
                out.println("  " + r);
            }
        }
        return ExitCodes.OK;
    }

    private int real(PrintWriter out, List<DetectorProtocol> protocols) {
        if (seconds < 2 || seconds > 3600) {
            throw new UsageException("--seconds must be in [2, 3600], got " + seconds);
        }
        if (pauseMs < 0 || pauseMs > 10_000) {
            throw new UsageException("--pause-ms must be in [0, 10000], got " + pauseMs);
        }
        long upMeanMs = 1_500;
        out.println("faultline detectors --real: monitor and target on their own event loops,"
            + " pinging every " + DetectorScenario.PERIOD_MS + "ms over loopback gRPC;");
        out.println("the target is crashed after ~" + upMeanMs + "ms up (exponential) and"
            + " restarted 200-1000ms later, for " + seconds + " s per detector (delay bound told"
            + " to the detectors: " + RealDetectorRun.DELTA_MS + "ms).");
        if (pauseMs > 0) {
            out.println("Half of the faults are pauses instead: the target's event loop stops for "
                + pauseMs + "ms, as in a garbage collection; it is up all along, so a suspicion"
                + " then is a mistake.");
        }
        out.println();
        String format = "%-18s | %7s | %7s | %-15s | %-9s | %-9s | %s";
        String header = String.format(format, "detector", "crashes", "caught", "detect p50/max",
            "mistakes", "mistake", "accuracy");
        out.println(header);
        out.println(String.format(format, "", "", "", "ms", "per min", "mean ms", ""));
        out.println("-".repeat(header.length()));
        List<String> pausesByDetector = new ArrayList<>();
        for (DetectorProtocol p : protocols) {
            RealDetectorRun.Measured m = RealDetectorRun.run(p, seconds * 1_000L, upMeanMs,
                pauseMs, seeds.first);
            DetectorQos qos = m.qos();
            if (pauseMs > 0) {
                pausesByDetector.add(p.cliName() + " " + m.pauses());
            }
            Cell c = new Cell();
            c.add(qos);
            Collections.sort(c.detections);
            out.println(String.format(format, p.cliName(), c.crashes, c.detections.size(),
                detection(c), perMinute(c), c.mistakes == 0 ? "-"
                    : Long.toString(c.mistakeMs / c.mistakes), accuracy(c)));
            out.flush();
        }
        out.println();
        if (pauseMs > 0) {
            out.println("pauses of " + pauseMs + "ms: " + String.join(", ", pausesByDetector));
        }
        out.println("A crash the driver undid before the detector noticed is not caught. Right"
            + " after a restart every detector");
        out.println("still suspects the target until its next answer: by the definition, a"
            + " mistake.");
        return ExitCodes.OK;
    }

    private List<DetectorProtocol> protocols() {
        if (protocolNames == null || protocolNames.isEmpty()) {
            return Arrays.asList(DetectorProtocol.values());
        }
        List<DetectorProtocol> out = new ArrayList<>();
        for (String name : protocolNames) {
            try {
                DetectorProtocol p = DetectorProtocol.parse(name);
                if (!out.contains(p)) {
                    out.add(p);
                }
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
        return out;
    }

    private Cell measure(DetectorScenario scenario, DetectorProtocol p, SystemModel model,
                         FaultConfig faults) {
        Cell c = new Cell();
        c.verdicts = Sweep.run(scenario, p.cliName(), model, faults, seeds.first, seeds.count,
            null);
        for (int i = 0; i < seeds.count; i++) {
            DetectorQos qos = new DetectorQos(faults.healAtMs());
            SimResult r = scenario.measured(p, model, faults, seeds.first + i, qos).build()
                .run();
            c.add(qos.finish(r.endTimeMs()));
        }
        Collections.sort(c.detections);
        return c;
    }

    private static String detection(Cell c) {
        if (c.detections.isEmpty()) {
            return c.crashes == 0 ? "no crash" : "none caught";
        }
        long p50 = c.detections.get((c.detections.size() - 1) / 2);
        long max = c.detections.get(c.detections.size() - 1);
        return p50 + " / " + max;
    }

    private static String perMinute(Cell c) {
        return c.upMs == 0 ? "-" : String.format("%.1f", c.mistakes * 60_000.0 / c.upMs);
    }

    private static String accuracy(Cell c) {
        return c.upMs == 0 ? "-" : String.format("%.2f%%", 100.0 * c.trustedUpMs / c.upMs);
    }
}
