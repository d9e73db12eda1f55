package io.faultline.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.app.CommandLineTest.Run;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PaymentsCommandsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "payments serve --db mysql://x|--db 'mysql://x' is not a PostgreSQL JDBC URL"
            + "|jdbc:postgresql://HOST:PORT/DATABASE",
        "payments serve --grpc-port 70000|--grpc-port must be in [0, 65535]|got 70000",
        "payments serve --http-port -1|--http-port must be in [0, 65535]|got -1",
        "payments serve --slow-card-ms -5|--slow-card-ms must be in|got -5",
        "payments serve --idempotency-retention-hours 1|--idempotency-retention-hours must be 0"
            + "|got 1",
        "bench payments --concurrency 0|--concurrency must be in [1, 10000]|got 0",
        "bench payments --seconds 0|--seconds must be in [1, 3600]|got 0",
        "bench payments --deadline-ms 0|--deadline-ms must be in [1, 60000]|got 0",
    })
    void badInputExits64NamingTheValueAndWhatIsValid(String args, String bad, String valid) {
        Run r = CommandLineTest.run(args.split(" "));
        assertThat(r.code()).as(r.err()).isEqualTo(64);
        assertThat(r.err()).contains(bad).contains(valid);
    }

    @Test
    void simOfThePaymentsScenarioHoldsWithTheSameKeyAndCatchesANewKeyPerRetry() {
        Run same = CommandLineTest.run("sim", "--scenario", "payments", "--network", "fair-loss",
            "--nodes", "crash-recovery", "--timing", "partial-sync", "--seeds", "30");
        assertThat(same.code()).as(same.out() + same.err()).isEqualTo(ExitCodes.OK);
        assertThat(same.out()).contains("held 30/30");

        Run fresh = CommandLineTest.run("sim", "--scenario", "payments", "--protocol",
            "new-key-per-retry", "--seeds", "30");
        assertThat(fresh.code()).isEqualTo(ExitCodes.SAFETY);
        assertThat(fresh.out()).contains("one-charge-per-order", "was charged 2 times",
            "--protocol new-key-per-retry");
    }

    @Test
    void benchPaymentsMeasuresBothTransportsAgainstTheirNoOpBaseline() {
        Run r = CommandLineTest.run("bench", "payments", "--seconds", "1", "--warmup-seconds",
            "0", "--concurrency", "4", "--rate", "50");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("gRPC  no-op    closed-4", "gRPC  durable  closed-4",
            "REST  no-op    closed-4", "REST  durable  closed-4", "open-50/s",
            "gRPC: durable/no-op throughput", "REST: durable/no-op throughput",
            "gRPC: CPU per request", "group commit (run and warm-up): ",
            "batches of both nodes in");
        assertThat(r.out()).doesNotContainPattern("errors [1-9]");
    }

    @Test
    void benchPaymentsBreakdownAddsDurabilityAloneAndTheNodePathWithoutStorage() {
        Run r = CommandLineTest.run("bench", "payments", "--seconds", "1", "--warmup-seconds",
            "0", "--concurrency", "4", "--rate", "50", "--transports", "gRPC", "--breakdown");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("gRPC  no-op    closed-4", "gRPC  insert   closed-4",
            "gRPC  memory   closed-4", "gRPC  durable  closed-4",
            "gRPC: durable/insert throughput", "us insert (one group-committed row)",
            "gRPC: memory (not durable)/no-op throughput", "us is the node path and");
        assertThat(r.out()).doesNotContain("REST ").doesNotContainPattern("errors [1-9]");
    }
}
