package io.faultline.payments.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import io.faultline.payments.grpc.proto.GetPaymentRequest;
import io.faultline.payments.grpc.proto.PaymentRequest;
import io.faultline.payments.grpc.proto.PaymentServiceGrpc;
import io.faultline.payments.grpc.proto.PaymentStatus;
import io.faultline.payments.issuer.IssuerNode;
import io.faultline.payments.issuer.TestCards;
import io.faultline.runtime.store.PostgresStore;
import io.faultline.runtime.store.SqliteStore;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PaymentsServiceTest {

    static final String KEY = "sk_test_cccccccccccccccccccccccccccccccc";
    static final String PG_URL = System.getenv().getOrDefault("FAULTLINE_PG_URL",
        "jdbc:postgresql://127.0.0.1:5432/test");
    static final String PG_USER = System.getenv().getOrDefault("FAULTLINE_PG_USER", "postgres");

    @TempDir
    Path dir;

    private PaymentsService.Settings settings(String postgresUrl, String prefix) {
        return new PaymentsService.Settings("127.0.0.1", 0, 0, dir, postgresUrl, PG_USER,
            prefix, ApiKeys.of(Map.of(KEY, "shop")), 1_000, 48);
    }

    private static PaymentStatus charge(PaymentsService service, String key) {
        return charge(service, key, TestCards.SUCCEEDS);
    }

    private static PaymentStatus charge(PaymentsService service, String key, String card) {
        ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", service.grpcPort())
            .usePlaintext().build();
        try {
            Metadata h = new Metadata();
            h.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
                "Bearer " + KEY);
            return PaymentServiceGrpc.newBlockingStub(ch)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(h))
                .withDeadlineAfter(10, TimeUnit.SECONDS)
                .processPayment(PaymentRequest.newBuilder()
                    .setCard(PaymentRequest.Card.newBuilder().setCardNumber(card)
                        .setExpiryMonth(12).setExpiryYear(2040).setCvc("123"))
                    .setAmount(399).setCurrency(PaymentRequest.Currency.GBP)
                    .setIdempotencyKey(key).build());
        } finally {
            ch.shutdownNow();
        }
    }

    private static HttpResponse<String> restGet(PaymentsService service, String id)
        throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + service.httpPort() + "/payments/" + id))
                .header("Authorization", "Bearer " + KEY).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    private void chargesAndKeepsPaymentsAcrossARestart(String postgresUrl, String prefix)
        throws Exception {
        String id;
        try (PaymentsService service = PaymentsService.start(settings(postgresUrl, prefix))) {
            PaymentStatus s = charge(service, "order-1");
            assertThat(s.getSuccess()).isTrue();
            id = s.getPaymentId();
            assertThat(restGet(service, id).statusCode()).isEqualTo(200);
        }
        try (PaymentsService again = PaymentsService.start(settings(postgresUrl, prefix))) {
            HttpResponse<String> r = restGet(again, id);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains(id, "succeeded");
            PaymentStatus retry = charge(again, "order-1");
            assertThat(retry.getPaymentId()).isEqualTo(id);
            assertThat(retry.getReplayed()).isTrue();
        }
    }

    @Test
    void servesBothApisOnSqliteAndKeepsPaymentsAcrossARestart() throws Exception {
        chargesAndKeepsPaymentsAcrossARestart(null, "");
        // One file for both nodes, each in its namespace; the issuer approved the one charge.
        try (SqliteStore payments = SqliteStore.open(dir.resolve("payments.db"), "payments");
             SqliteStore issuer = SqliteStore.open(dir.resolve("payments.db"), "issuer")) {
            assertThat(payments.scan("pay/")).hasSize(1);
            assertThat(IssuerNode.approvedKeys(issuer)).hasSize(1);
        }
        assertThat(dir.resolve("issuer.db")).doesNotExist();
        assertThat(Files.readString(dir.resolve("fingerprint.key")).trim()).hasSize(64);
    }

    /**
     * A database that refuses the payments node's commits crashes the node (its memory no longer
     * matches its store); the service restarts it from the store a second later, and once the
     * database takes writes again the service is back, without a restart of the process.
     */
    @Test
    void comesBackByItselfOnceTheDatabaseTakesWritesAgain() throws Exception {
        try (PaymentsService service = PaymentsService.start(settings(null, ""))) {
            String before = charge(service, "order-1").getPaymentId();
            sql("CREATE TRIGGER refuse BEFORE INSERT ON kv WHEN NEW.ns = 'payments'"
                + " BEGIN SELECT RAISE(ABORT, 'the disk says no'); END");

            long start = System.nanoTime();
            assertThatThrownBy(() -> charge(service, "order-2"))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(
                    e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
            assertThat(System.nanoTime() - start).as("told at once, not at the deadline")
                .isLessThan(TimeUnit.SECONDS.toNanos(5));

            sql("DROP TRIGGER refuse");
            PaymentStatus after = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (after == null && System.nanoTime() < deadline) {
                try {
                    after = charge(service, "order-2");
                } catch (StatusRuntimeException e) {
                    Thread.sleep(100); // down while it restarts, or refused once more
                }
            }
            assertThat(after).as("the service came back within 20 s").isNotNull();
            assertThat(after.getSuccess()).isTrue();
            PaymentStatus replay = charge(service, "order-1");
            assertThat(replay.getPaymentId()).isEqualTo(before);
            assertThat(replay.getReplayed()).isTrue();
        }
    }

    /** Runs {@code statement} on the service's SQLite file, next to the service's connections. */
    private void sql(String statement) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(
                "payments.db")); Statement st = c.createStatement()) {
            st.execute("PRAGMA busy_timeout=10000");
            st.execute(statement);
        }
    }

    @Test
    void refusesADataDirectoryThatKeptTheIssuerInAFileOfItsOwn() throws Exception {
        Files.writeString(dir.resolve("issuer.db"), "");
        assertThatThrownBy(() -> PaymentsService.start(settings(null, "")))
            .isInstanceOf(IOException.class)
            .hasMessageContaining(dir.toAbsolutePath() + " holds issuer.db")
            .hasMessageContaining("--data-dir");
        assertThat(dir.resolve("payments.db")).doesNotExist();
        assertThat(dir.resolve("fingerprint.key")).doesNotExist();
    }

    @Test
    void servesOnPostgresqlToo() throws Exception {
        requirePostgres();
        String prefix = "t" + Long.toHexString(System.nanoTime()) + "-";
        try {
            chargesAndKeepsPaymentsAcrossARestart(PG_URL, prefix);
        } finally {
            for (String name : new String[] {"payments", "issuer"}) {
                try (PostgresStore store = PostgresStore.open(PG_URL, PG_USER, prefix + name)) {
                    store.drop();
                }
            }
        }
    }

    @Test
    void stopLetsAnInFlightChargeFinishThenClosesBothPorts() throws Exception {
        PaymentsService service = PaymentsService.start(settings(null, ""));
        int grpcPort = service.grpcPort();
        int httpPort = service.httpPort();
        // The slow test card keeps the charge in flight for 1 s; the stop begins meanwhile.
        CompletableFuture<PaymentStatus> inFlight = CompletableFuture.supplyAsync(
            () -> charge(service, "slow-1", TestCards.SLOW));
        Thread.sleep(400);
        assertThat(inFlight).isNotDone();
        service.stop(Duration.ofSeconds(5));

        assertThat(inFlight.get(5, TimeUnit.SECONDS).getSuccess()).isTrue();
        assertThat(canConnect(grpcPort)).isFalse();
        assertThat(canConnect(httpPort)).isFalse();
    }

    /**
     * Returns when PostgreSQL answers; otherwise skips the test with the way to start it, except
     * under {@code CI=true}, where PostgreSQL tests must run (the runtime's tests do the same).
     */
    static void requirePostgres() {
        try (PostgresStore probe = PostgresStore.open(PG_URL, PG_USER, "probe")) {
            return;
        } catch (RuntimeException e) {
            String why = "PostgreSQL is not usable at " + PG_URL + " as " + PG_USER + " ("
                + e.getMessage() + "). Start it with: pg_ctlcluster --skip-systemctl-redirect"
                + " $(ls /etc/postgresql) main start";
            if ("true".equals(System.getenv("CI"))) {
                fail(why + " [CI=true: PostgreSQL tests must run]");
            }
            abort(why + " [skipped outside CI]");
        }
    }

    private static boolean canConnect(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
