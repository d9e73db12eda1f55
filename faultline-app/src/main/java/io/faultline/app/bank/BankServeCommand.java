package io.faultline.app.bank;

import io.faultline.app.Lifetime;
import io.faultline.app.PostgresOptions;
import io.faultline.app.UsageException;
import io.faultline.bank.server.BankServer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code faultline bank serve}: starts one role of the bank, or all of it, until Ctrl-C. */
@Command(name = "serve",
    description = "Serve the bank: ledger, outbox relay, filling part, response replicas and an "
        + "embedded Kafka (role all), one of them, or the polling design.",
    mixinStandardHelpOptions = true,
    footer = {"", "Examples:",
        "  faultline bank serve --role all",
        "  faultline bank serve --role ledger --http-port 8090",
        "  faultline bank serve --role response --kafka 127.0.0.1:9092 --http-port 8091",
        "  faultline bank serve --design polling --replicas 2",
        "  faultline bank serve --db jdbc:postgresql://127.0.0.1:5432/test",
        "",
        "Then, e.g.:",
        "  curl -XPOST -H 'Content-Type: application/json' localhost:8090/accounts "
            + "-d '{\"commandId\":\"c1\",\"client\":\"alice\"}'",
        "  curl -XPOST -H 'Content-Type: application/json' localhost:8090/deposits "
            + "-d '{\"commandId\":\"c2\",\"client\":\"alice\",\"amount\":500}'",
        "  curl -N -H 'Accept: text/event-stream' localhost:8091/stream/alice"})
public final class BankServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--role", paramLabel = "ROLE", defaultValue = "all",
        description = "all, ledger, filling or response (default: ${DEFAULT-VALUE})")
    String role;

    @Option(names = "--design", paramLabel = "DESIGN", defaultValue = "broker",
        description = "broker or polling (default: ${DEFAULT-VALUE})")
    String design;

    @Option(names = "--kafka", paramLabel = "HOST:PORT",
        description = "an existing Kafka; without it the ledger role starts an embedded one")
    String kafka;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = ".faultline/bank",
        description = "SQLite files and the embedded Kafka's data (default: ${DEFAULT-VALUE})")
    Path data;

    @Mixin
    PostgresOptions database;

    @Option(names = "--db-namespace", paramLabel = "PREFIX", defaultValue = "bank",
        description = "PostgreSQL only: this bank's namespaces are PREFIX-ledger and "
            + "PREFIX-readmodel (default: ${DEFAULT-VALUE})")
    String dbNamespace;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
        description = "the address HTTP binds to (default: ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "8090",
        description = "the first HTTP port; further servers take the next ones; 0 picks free "
            + "ports (default: ${DEFAULT-VALUE})")
    int httpPort;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "8",
        description = "partitions of the events and notifications topics "
            + "(default: ${DEFAULT-VALUE})")
    int partitions;

    @Option(names = "--filling", paramLabel = "N", defaultValue = "2",
        description = "filling-part instances (default: ${DEFAULT-VALUE})")
    int filling;

    @Option(names = "--replicas", paramLabel = "N", defaultValue = "2",
        description = "response replicas, or polling servers (default: ${DEFAULT-VALUE})")
    int replicas;

    @Option(names = "--session-timeout-ms", paramLabel = "MS", defaultValue = "3000",
        description = "how long the filling group waits for a silent member "
            + "(default: ${DEFAULT-VALUE})")
    int sessionTimeoutMs;

    @Option(names = "--seconds", paramLabel = "N", defaultValue = "0",
        description = "stop after N seconds; 0 serves until Ctrl-C (default: ${DEFAULT-VALUE})")
    long seconds;

    @Override
    public Integer call() throws InterruptedException {
        BankServer.Options options = options();
        Lifetime.checkSeconds(seconds);
        PrintWriter out = spec.commandLine().getOut();
        BankServer bank;
        try {
            bank = BankServer.start(options);
        } catch (IllegalStateException e) {
            throw new UsageException(e.getMessage());
        }
        out.println("faultline bank: role " + options.role().cliName() + ", design "
            + options.design().cliName());
        bank.describe().forEach(line -> out.println("  " + line));
        out.println(seconds == 0 ? "Ctrl-C stops it." : "Stops after " + seconds + " s.");
        out.flush();
        Lifetime.holdUntilStopped("bank", seconds, bank::close);
        return 0;
    }

    private BankServer.Options options() {
        try {
            return new BankServer.Options(BankServer.Role.parse(role),
                BankServer.Design.parse(design), kafka, data, database.url(), database.user(),
                dbNamespace, host,
                httpPort,
                partitions, filling, replicas, sessionTimeoutMs);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
