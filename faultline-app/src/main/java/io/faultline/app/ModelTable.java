package io.faultline.app;

import io.faultline.sim.engine.FaultConfig;
import io.faultline.sim.engine.Scenario;
import io.faultline.sim.engine.SystemModel;
import io.faultline.sim.engine.Verdict;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A scenario's protocols under all 27 system models, a range of seeds per cell, as one table:
 * what {@code faultline demo} shows for the retry scenario and {@code faultline sim --table} for
 * any scenario. Below the table, in how many models each protocol held, and a replay command for
 * the first failing seed of every cell that broke.
 *
 * <pre>{@code
 * ModelTable.printReplays(out, ModelTable.print(out, new RetryScenario(), List.of("exactly-once"),
 *     FaultConfig.defaults(), "", 1, 20));
 * }</pre>
 */
final class ModelTable {

    private static final int MODEL_WIDTH = 44;
    private static final int CELL_WIDTH = 22;

    private ModelTable() {
    }

    /**
     * Runs and prints the table; the progress goes to standard error when it is a terminal.
     * {@code faultArgs} are the command-line options that gave {@code faults}, for the replays.
     *
     * @return the breaks' replay lines, for {@link #printReplays}
     */
    static List<String> print(PrintWriter out, Scenario scenario, List<String> protocols,
                              FaultConfig faults, String faultArgs, long firstSeed, int seeds) {
        StringBuilder header = new StringBuilder(String.format("%-" + MODEL_WIDTH + "s",
            "network / nodes / timing"));
        for (String p : protocols) {
            header.append(String.format(" | %-" + CELL_WIDTH + "s", p));
        }
        out.println(header.toString().stripTrailing());
        out.println("-".repeat(header.length()));
        List<String> replays = new ArrayList<>();
        var progress = Sweep.progressBar(System.err, SystemModel.all().size() * protocols.size(),
            "models");
        int done = 0;
        int[] heldEverywhere = new int[protocols.size()];
        for (SystemModel model : SystemModel.all()) {
            StringBuilder row = new StringBuilder(String.format("%-" + MODEL_WIDTH + "s",
                model.network().cliName() + " / " + model.nodes().cliName() + " / "
                    + model.timing().cliName()));
            for (int i = 0; i < protocols.size(); i++) {
                String p = protocols.get(i);
                Sweep s = Sweep.run(scenario, p, model, faults, firstSeed, seeds, null);
                row.append(String.format(" | %-" + CELL_WIDTH + "s", s.cell()));
                if (s.verdict() == Verdict.OK) {
                    heldEverywhere[i]++;
                } else {
                    replays.add(model + " " + p + ": " + s.worstViolation().property() + ": "
                        + s.worstViolation().reason() + "\n    "
                        + replay(scenario, p, model, s.worstSeed()) + faultArgs);
                }
                progress.accept(++done);
            }
            out.println(row.toString().stripTrailing());
        }
        out.println();
        int width = protocols.stream().mapToInt(String::length).max().orElse(0);
        for (int i = 0; i < protocols.size(); i++) {
            out.println(String.format("%-" + width + "s  held in %2d of %d models",
                protocols.get(i), heldEverywhere[i], SystemModel.all().size()));
        }
        return replays;
    }

    /** The replay lines of {@link #print}, under a heading. */
    static void printReplays(PrintWriter out, List<String> replays) {
        if (replays.isEmpty()) {
            return;
        }
        out.println("Replay a break (first failing seed of each cell):");
        for (String r : replays) {
            out.println("  " + r);
        }
    }

    private static String replay(Scenario scenario, String protocol, SystemModel model,
                                 Long seed) {
        return "./faultline sim --scenario " + scenario.name() + " --protocol " + protocol
            + " --network " + model.network().cliName() + " --nodes " + model.nodes().cliName()
            + " --timing " + model.timing().cliName() + " --seed " + Long.toUnsignedString(seed);
    }
}
