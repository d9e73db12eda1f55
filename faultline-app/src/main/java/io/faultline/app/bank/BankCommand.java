package io.faultline.app.bank;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code faultline bank}: the banking example of the course, run for real. */
@Command(name = "bank",
    description = "The bank: a ledger with a transactional outbox, Kafka, a filling part, a read "
        + "model and response replicas with live push (SSE); or the polling design.",
    mixinStandardHelpOptions = true,
    subcommands = {BankServeCommand.class},
    footer = {"", "Examples:",
        "  faultline bank serve --role all",
        "  faultline bank serve --role response --kafka 127.0.0.1:9092 --http-port 8090",
        "  faultline bank serve --design polling"})
public final class BankCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
