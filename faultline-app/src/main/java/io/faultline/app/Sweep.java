package io.faultline.app;

import io.faultline.sim.engine.FaultConfig;
import io.faultline.sim.engine.Scenario;
import io.faultline.sim.engine.SimResult;
import io.faultline.sim.engine.SystemModel;
import io.faultline.sim.engine.Verdict;
import io.faultline.sim.engine.Violation;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntConsumer;

/** Runs one scenario over a range of seeds and sums up what held and what broke. */
final class Sweep {

    final long firstSeed;
    int runs;
    int held;
    int safety;
    int liveness;
    Long firstSafetySeed;
    Violation firstSafety;
    Long firstLivenessSeed;
    Violation firstLiveness;
    final Map<String, Long> counters = new LinkedHashMap<>();

    private Sweep(long firstSeed) {
        this.firstSeed = firstSeed;
    }

    static Sweep run(Scenario scenario, String protocol, SystemModel model, FaultConfig faults,
                     long firstSeed, int count, IntConsumer progress) {
        Sweep s = new Sweep(firstSeed);
        for (int i = 0; i < count; i++) {
            long seed = firstSeed + i;
            SimResult r = scenario.configure(protocol, model, faults, seed).build().run();
            s.add(seed, r);
            if (progress != null) {
                progress.accept(i + 1);
            }
        }
        return s;
    }

    private void add(long seed, SimResult r) {
        runs++;
        r.counters().asMap().forEach((k, v) -> counters.merge(k, v, Long::sum));
        switch (r.verdict()) {
            case OK -> held++;
            case SAFETY -> {
                safety++;
                if (firstSafetySeed == null) {
                    firstSafetySeed = seed;
                    firstSafety = r.firstViolation();
                }
            }
            case LIVENESS -> {
                liveness++;
                if (firstLivenessSeed == null) {
                    firstLivenessSeed = seed;
                    firstLiveness = r.firstViolation();
                }
            }
        }
    }

    Verdict verdict() {
        return safety > 0 ? Verdict.SAFETY : liveness > 0 ? Verdict.LIVENESS : Verdict.OK;
    }

    /** One cell of a table: "held 20/20", or which kind of property broke in how many seeds. */
    String cell() {
        if (verdict() == Verdict.OK) {
            return "held " + held + "/" + runs;
        }
        if (safety > 0 && liveness > 0) {
            return "SAFETY " + safety + " LIVE " + liveness + "/" + runs;
        }
        return (safety > 0 ? "SAFETY " + safety : "LIVENESS " + liveness) + "/" + runs;
    }

    /** The seed of the worst failure, or null when every run held. */
    Long worstSeed() {
        return safety > 0 ? firstSafetySeed : firstLivenessSeed;
    }

    Violation worstViolation() {
        return safety > 0 ? firstSafety : firstLiveness;
    }

    /**
     * A text progress bar on {@code err} that redraws in place; silent when there is no terminal
     * to redraw on (output piped or redirected), so logs do not fill with carriage returns.
     */
    static IntConsumer progressBar(PrintStream err, int total, String label) {
        if (System.console() == null) {
            return done -> { };
        }
        return done -> {
            int width = 30;
            int filled = (int) ((long) done * width / total);
            if (done == total || done % Math.max(1, total / 100) == 0) {
                err.print("\r" + label + " [" + "#".repeat(filled) + " ".repeat(width - filled)
                    + "] " + done + "/" + total);
                if (done == total) {
                    err.println();
                }
                err.flush();
            }
        };
    }
}
