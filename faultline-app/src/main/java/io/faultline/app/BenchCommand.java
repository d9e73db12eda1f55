package io.faultline.app;

import io.faultline.app.bench.BankBench;
import io.faultline.app.bench.PaymentsBench;
import io.faultline.app.bench.SimBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code faultline bench}: benchmarks, each reported against a baseline measured in the same run. */
@Command(name = "bench",
    description = "Benchmarks. Each reports its figures as a ratio against a baseline measured in "
        + "the same run.",
    mixinStandardHelpOptions = true,
    subcommands = {SimBench.class, PaymentsBench.class, BankBench.class},
    footer = {"", "Examples:", "  faultline bench sim", "  faultline bench sim --seeds 1000",
        "  faultline bench bank --clients 1000 --seconds 30"})
final class BenchCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
