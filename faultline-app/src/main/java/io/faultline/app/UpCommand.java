package io.faultline.app;

import io.faultline.bank.server.BankServer;
import io.faultline.payments.server.ApiKeys;
import io.faultline.payments.server.PaymentsService;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code faultline up}: everything there is so far in one process: the payments service (gRPC and
 * REST) and the bank (ledger, outbox relay, filling part, response replicas, an embedded Kafka),
 * on SQLite files under one directory. Prints the addresses; Ctrl-C stops it all cleanly.
 */
@Command(name = "up",
    description = "Start everything: the payments service and the bank with an embedded Kafka, on "
        + "SQLite under --data; print the addresses; Ctrl-C stops it all.",
    mixinStandardHelpOptions = true,
    footer = {"", "Examples:", "  faultline up", "  faultline up --free-ports --data /tmp/fl"})
final class UpCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = ".faultline",
        description = "where every database and Kafka keep their data (default: ${DEFAULT-VALUE})")
    Path data;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
        description = "the interface to listen on (default: ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--free-ports",
        description = "pick free ports instead of 50051 and 8081 (payments), 8090.. (bank)")
    boolean freePorts;

    @Option(names = "--seconds", paramLabel = "N", defaultValue = "0",
        description = "stop after N seconds; 0 runs until Ctrl-C (default: ${DEFAULT-VALUE})")
    long seconds;

    @Override
    public Integer call() throws Exception {
        Lifetime.checkSeconds(seconds);
        PrintWriter out = spec.commandLine().getOut();
        String key = ApiKeys.generate(new SecureRandom());
        PaymentsService payments;
        BankServer bank;
        try {
            payments = PaymentsService.start(new PaymentsService.Settings(host,
                freePorts ? 0 : 50051, freePorts ? 0 : 8081, data.resolve("payments"), null,
                "postgres", "", ApiKeys.of(Map.of(key, "dev")), 3_000, 0));
        } catch (RuntimeException e) {
            throw new UsageException("could not start payments: " + e.getMessage()
                + "; pass --free-ports if a port is taken");
        }
        try {
            BankServer.Options d = BankServer.Options.defaults(data.resolve("bank"));
            bank = BankServer.start(new BankServer.Options(d.role(), d.design(), null,
                d.dataDir(), null, d.dbUser(), d.dbNamespace(), host,
                freePorts ? 0 : d.httpPort(), d.partitions(), d.fillingInstances(), d.replicas(),
                d.sessionTimeoutMs()));
        } catch (RuntimeException e) {
            payments.close();
            throw new UsageException("could not start the bank: " + e.getMessage()
                + "; pass --free-ports if a port is taken");
        }
        out.println("faultline up: payments and bank, data in " + data);
        out.println("  payments grpc        " + host + ":" + payments.grpcPort());
        out.println("  payments http        http://" + host + ":" + payments.httpPort()
            + "  (api key " + key + ", development only)");
        out.println("  payments database    " + payments.database());
        bank.describe().forEach(line -> out.println("  bank " + line));
        out.println(seconds == 0 ? "Ctrl-C stops it all." : "Stops after " + seconds + " s.");
        out.flush();
        Lifetime.holdUntilStopped("up", seconds, () -> {
            bank.close();
            payments.close();
        });
        return ExitCodes.OK;
    }
}
