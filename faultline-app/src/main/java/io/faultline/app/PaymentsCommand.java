package io.faultline.app;

import io.faultline.payments.issuer.TestCards;
import io.faultline.payments.server.ApiKeys;
import io.faultline.payments.server.PaymentsService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code faultline payments}: the payments service. */
@Command(name = "payments",
    description = "The payments service: the course's PaymentService over gRPC and REST.",
    mixinStandardHelpOptions = true,
    subcommands = {PaymentsCommand.Serve.class},
    footer = {"", "Examples:", "  faultline payments serve --grpc-port 50051 --http-port 8081",
        "  faultline payments serve --db jdbc:postgresql://127.0.0.1:5432/test"})
final class PaymentsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code faultline payments serve}. */
    @Command(name = "serve",
        description = "Serve the payments API over gRPC and REST until SIGTERM or Ctrl-C: "
            + "then health turns NOT_SERVING, new requests are refused and in-flight ones finish.",
        mixinStandardHelpOptions = true,
        footer = {"", "Examples:",
            "  faultline payments serve --grpc-port 50051 --http-port 8081",
            "  faultline payments serve --db jdbc:postgresql://127.0.0.1:5432/test",
            "", "Test cards: " + TestCards.SUCCEEDS + " succeeds, " + TestCards.DECLINED
            + " is declined, " + TestCards.INSUFFICIENT_FUNDS + " has insufficient funds, "
            + TestCards.SLOW + " is slow, " + TestCards.FAILS + " fails."})
    static final class Serve implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "the interface to listen on (default: ${DEFAULT-VALUE})")
        String host;

        @Option(names = "--grpc-port", defaultValue = "50051", paramLabel = "PORT",
            description = "the gRPC port, 0 for a free one (default: ${DEFAULT-VALUE})")
        int grpcPort;

        @Option(names = "--http-port", defaultValue = "8081", paramLabel = "PORT",
            description = "the REST port, 0 for a free one (default: ${DEFAULT-VALUE})")
        int httpPort;

        @Mixin
        PostgresOptions database;

        @Option(names = "--data-dir", defaultValue = ".faultline/payments", paramLabel = "DIR",
            description = "where the SQLite file (payments.db) and the card fingerprint key live "
                + "(default: ${DEFAULT-VALUE})")
        Path dataDir;

        @Option(names = "--api-key", paramLabel = "KEY",
            description = "the development API key (client 'dev'); default: a new random one")
        String apiKey;

        @Option(names = "--slow-card-ms", defaultValue = "3000", paramLabel = "MS",
            description = "how long the issuer's slow test card takes (default: ${DEFAULT-VALUE})")
        long slowCardMs;

        @Option(names = "--idempotency-retention-hours", defaultValue = "0", paramLabel = "HOURS",
            description = "how long idempotency keys are kept: 0 (the default) keeps them "
                + "forever, otherwise at least 24")
        long retentionHours;

        @Option(names = "--grace-ms", defaultValue = "10000", paramLabel = "MS",
            description = "how long in-flight requests get to finish on shutdown "
                + "(default: ${DEFAULT-VALUE})")
        long graceMs;

        @Override
        public Integer call() throws Exception {
            checkPort("--grpc-port", grpcPort);
            checkPort("--http-port", httpPort);
            String db = database.url();
            if (slowCardMs < 0 || slowCardMs > 3_600_000) {
                throw new UsageException("--slow-card-ms must be in [0, 3600000], got "
                    + slowCardMs);
            }
            if (graceMs < 0 || graceMs > 600_000) {
                throw new UsageException("--grace-ms must be in [0, 600000], got " + graceMs);
            }
            if (retentionHours != 0 && (retentionHours < 24 || retentionHours > 876_000)) {
                throw new UsageException("--idempotency-retention-hours must be 0 (forever) or in "
                    + "[24, 876000], got " + retentionHours);
            }
            String key = apiKey != null ? apiKey : ApiKeys.generate(new SecureRandom());
            PaymentsService service;
            long startNanos = System.nanoTime();
            try {
                service = PaymentsService.start(new PaymentsService.Settings(host, grpcPort,
                    httpPort, dataDir, db, database.user(), "", ApiKeys.of(Map.of(key, "dev")),
                    slowCardMs, retentionHours));
            } catch (IOException | RuntimeException e) {
                spec.commandLine().getErr().println("faultline payments serve: " + e.getMessage());
                return 70;
            }
            printBanner(spec.commandLine().getOut(), service, key,
                (System.nanoTime() - startNanos) / 1_000_000);
            Lifetime.holdUntilStopped("payments", 0, () -> {
                try {
                    service.stop(Duration.ofMillis(graceMs));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            return ExitCodes.OK;
        }

        private void printBanner(PrintWriter out, PaymentsService service, String key,
                                 long startMs) {
            out.println("faultline payments: serving");
            out.println("  grpc      " + host + ":" + service.grpcPort()
                + "  (faultline.payments.v1.PaymentService, health, reflection)");
            out.println("  http      http://" + host + ":" + service.httpPort()
                + "  (OpenAPI at /openapi.json)");
            out.println("  database  " + service.database());
            // Opening reads every key of both nodes into their key filters: about 0.7 s per
            // million keys on SQLite, so a large database explains a slow start.
            out.println("  started   in " + startMs + " ms (database opened, its keys read into"
                + " each node's key filter)");
            out.println("  api key   " + key + "  (client 'dev'; development only)");
            out.println("  try       curl -s -H 'Authorization: Bearer " + key + "' "
                + "-H 'Idempotency-Key: order-1' -H 'Content-Type: application/json' "
                + "-d '{\"amount\": 3.99, \"currency\": \"GBP\", "
                + "\"card\": {\"card_number\": \"" + TestCards.SUCCEEDS + "\", \"expiry_month\": "
                + "12, \"expiry_year\": 2030, \"cvc\": \"123\"}}' http://" + host + ":"
                + service.httpPort() + "/payments");
            out.println("Stop with Ctrl-C or SIGTERM: health turns NOT_SERVING, in-flight "
                + "requests finish.");
            out.flush();
        }

        private static void checkPort(String name, int port) {
            if (port < 0 || port > 65_535) {
                throw new UsageException(name + " must be in [0, 65535], got " + port);
            }
        }
    }
}
