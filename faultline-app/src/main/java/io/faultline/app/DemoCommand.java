package io.faultline.app;

import io.faultline.protocols.retry.Protocol;
import io.faultline.protocols.retry.RetryScenario;
import io.faultline.sim.engine.FaultConfig;
import io.faultline.sim.engine.SystemModel;
import io.faultline.sim.engine.Verdict;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code faultline demo}: the showcase. "Is it safe to retry?" for three client/server protocols
 * under all 27 system models, in one table, with a replay command for every break.
 */
@Command(name = "demo",
    description = "Is it safe to retry? Three retry protocols under all 27 system models, "
        + "simulated, in one table.",
    mixinStandardHelpOptions = true,
    footer = {
        "",
        "Examples:",
        "  faultline demo",
        "  faultline demo --seeds 50",
        "",
        "Each cell says how many seeds held; SAFETY or LIVENESS marks a break, whose replay",
        "command is listed under the table. Exits 0: breaks are the lesson, not an error."
    })
final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    CellSeeds seeds;

    @Override
    public Integer call() {
        seeds.check();
        PrintWriter out = spec.commandLine().getOut();
        RetryScenario scenario = new RetryScenario();
        FaultConfig faults = FaultConfig.defaults();
        out.println("faultline demo: is it safe to retry?");
        out.println("A client adds numbers to a counter on a server that may crash, under each "
            + "system model,");
        out.println(seeds.describe() + ". Properties: no-double-apply,"
            + " acknowledged-means-applied (safety),");
        out.println("every-op-resolved (liveness, within " + faults.livenessBoundMs()
            + "ms after faults stop at " + faults.healAtMs() + "ms).");
        out.println();
        List<String> protocols = new ArrayList<>();
        for (Protocol p : Protocol.values()) {
            protocols.add(p.cliName());
        }
        List<String> replays = ModelTable.print(out, scenario, protocols, faults, "",
            seeds.first, seeds.count);
        out.println();
        out.println("Where exactly-once cannot hold, and why:");
        out.println("  crash-stop: the only server may crash and never return, so some operations"
            + " never get an outcome");
        out.println("              (liveness); no protocol with one server can avoid that: it "
            + "needs replicas.");
        out.println("  byzantine:  the server itself lies (acknowledges without applying, applies "
            + "twice, or stays silent);");
        out.println("              no retry discipline helps. Tolerating f liars takes 3f+1 "
            + "replicas (see 'faultline generals').");
        out.println("  arbitrary networks are survived because every message carries an HMAC: "
            + "altered or forged messages");
        out.println("  are dropped, and replays are absorbed by the remembered request ids.");
        out.println();
        ModelTable.printReplays(out, replays);
        out.println();
        out.println("More of the course:");
        out.println("  ./faultline sim --scenario failover --table     failover on a failure"
            + " detector's word: split brain, and fencing");
        out.println("  ./faultline detectors                           perfect, eventually perfect"
            + " and phi accrual detectors");
        out.println("  ./faultline generals two                        the two generals: no"
            + " protocol makes them agree for sure");
        out.println("  ./faultline generals byzantine                  the Byzantine generals,"
            + " n >= 3f+1");
        out.println("  ./faultline run --scenario retry                the same protocols for real:"
            + " event loops, gRPC, SQLite");
        return ExitCodes.OK;
    }
}
