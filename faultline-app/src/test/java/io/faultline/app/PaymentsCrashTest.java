package io.faultline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.faultline.payments.Payment;
import io.faultline.payments.PaymentStatus;
import io.faultline.payments.grpc.proto.PaymentRequest;
import io.faultline.payments.grpc.proto.PaymentServiceGrpc;
import io.faultline.payments.issuer.IssuerNode;
import io.faultline.payments.issuer.TestCards;
import io.faultline.runtime.store.SqliteStore;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The course's question with a real process: {@code faultline payments serve} is killed with
 * SIGKILL while clients charge cards over REST and gRPC, then restarted on the same data. Every
 * charge that was answered as succeeded must be there, and no idempotency key may be charged twice.
 */
class PaymentsCrashTest {

    static final String KEY = "sk_test_crashcrashcrashcrashcrashcrash";
    static final int CLIENTS = 8;
    static final Pattern HTTP_LINE = Pattern.compile("^  http\\s+http://127\\.0\\.0\\.1:(\\d+)");
    static final Pattern GRPC_LINE = Pattern.compile("^  grpc\\s+127\\.0\\.0\\.1:(\\d+)");
    /** The banner's start-up time: how long opening the database and its key filters took. */
    static final Pattern STARTED_LINE = Pattern.compile("^  started\\s+in (\\d+) ms \\(database"
        + " opened, its keys read into each node's key filter\\)$");

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(2)).build();

    /** A running {@code faultline payments serve} process and its ports. */
    record Server(ChildFaultline child, int grpcPort, int httpPort, long startMs) {
        Process process() {
            return child.process();
        }
    }

    private Server startServer() throws Exception {
        ChildFaultline child = ChildFaultline.start(List.of(GRPC_LINE, HTTP_LINE, STARTED_LINE),
            "payments", "serve", "--grpc-port", "0", "--http-port", "0", "--data-dir",
            dir.toString(), "--api-key", KEY, "--grace-ms", "2000");
        Server server = new Server(child, child.ports().get(0), child.ports().get(1),
            child.ports().get(2));
        assertThat(server.startMs()).as("start-up time in the banner").isBetween(1L, 60_000L);
        return server;
    }

    private static String body() {
        return "{\"amount\": 12.34, \"currency\": \"GBP\", \"card\": {\"card_number\": \""
            + TestCards.SUCCEEDS + "\", \"expiry_month\": 12, \"expiry_year\": 2040, "
            + "\"cvc\": \"123\"}}";
    }

    private HttpResponse<String> charge(int port, String idemKey) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/payments"))
            .header("Authorization", "Bearer " + KEY).header("Idempotency-Key", idemKey)
            .header("Content-Type", "application/json").timeout(Duration.ofSeconds(5))
            .POST(HttpRequest.BodyPublishers.ofString(body())).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    /** Charges over gRPC with the same payload as {@link #body()}: the payment id if succeeded. */
    private static String chargeGrpc(ManagedChannel channel, String idemKey) {
        Metadata h = new Metadata();
        h.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + KEY);
        io.faultline.payments.grpc.proto.PaymentStatus s = PaymentServiceGrpc
            .newBlockingStub(channel)
            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(h))
            .withDeadlineAfter(5, TimeUnit.SECONDS)
            .processPayment(PaymentRequest.newBuilder()
                .setCard(PaymentRequest.Card.newBuilder().setCardNumber(TestCards.SUCCEEDS)
                    .setExpiryMonth(12).setExpiryYear(2040).setCvc("123"))
                .setAmount(1234).setCurrency(PaymentRequest.Currency.GBP)
                .setIdempotencyKey(idemKey).build());
        return s.getSuccess() ? s.getPaymentId() : null;
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        return m.find() ? m.group(1) : null;
    }

    @Test
    void aSecondServerOnTheSameDataIsRefusedUntilTheFirstIsKilled() throws Exception {
        Server first = startServer();
        try {
            // Were it not refused, it would serve until stopped: the timeout turns that into a
            // failure instead of a hung build.
            CommandLineTest.Run second = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> CommandLineTest.run("payments", "serve", "--grpc-port", "0", "--http-port",
                    "0", "--data-dir", dir.toString()));

            assertThat(second.code()).isEqualTo(70);
            assertThat(second.err()).contains("is in use").contains(".lock")
                .contains("one node per namespace");
        } finally {
            first.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }

        // kill -9 ended the first server's claim: the next one starts on the same data.
        Server next = startServer();
        try {
            assertThat(charge(next.httpPort(), "after-the-kill").statusCode()).isEqualTo(201);
        } finally {
            next.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void killDashNineUnderLoadLosesNoAcknowledgedChargeAndChargesNoKeyTwice() throws Exception {
        Server first = startServer();
        Map<String, String> acked = new ConcurrentHashMap<>();
        Set<String> tried = ConcurrentHashMap.newKeySet();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> clients = new ArrayList<>();
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", first.grpcPort())
            .usePlaintext().build();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            // Half the clients use gRPC, half REST; a key's retry later goes over REST.
            boolean grpc = c % 2 == 0;
            Thread t = new Thread(() -> {
                for (int i = 0; !stop.get(); i++) {
                    String idemKey = "c" + client + "-order-" + i;
                    tried.add(idemKey);
                    try {
                        if (grpc) {
                            String id = chargeGrpc(channel, idemKey);
                            if (id != null) {
                                acked.put(idemKey, id);
                            }
                            continue;
                        }
                        HttpResponse<String> r = charge(first.httpPort(), idemKey);
                        boolean succeeded = r.statusCode() == 201
                            && "succeeded".equals(field(r.body(), "status"));
                        if (succeeded) {
                            acked.put(idemKey, field(r.body(), "id"));
                        }
                    } catch (Exception e) {
                        // No answer: the outcome is unknown; the key is retried after the restart.
                    }
                }
            }, "client-" + c);
            t.start();
            clients.add(t);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (acked.size() < 200 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        first.process().destroyForcibly(); // SIGKILL, mid-load
        first.process().waitFor(10, TimeUnit.SECONDS);
        Thread.sleep(200);
        stop.set(true);
        for (Thread t : clients) {
            t.join(10_000);
        }
        channel.shutdownNow();
        assertThat(acked).hasSizeGreaterThanOrEqualTo(200);
        Map<String, String> ackedAtKill = new TreeMap<>(acked);
        assertThat(ackedAtKill.keySet()).as("acknowledged over gRPC")
            .anyMatch(k -> k.startsWith("c0-"));
        assertThat(ackedAtKill.keySet()).as("acknowledged over REST")
            .anyMatch(k -> k.startsWith("c1-"));

        Server second = startServer();
        try {
            // Every key retried with its payload: an acknowledged one replays the same payment.
            int replayed = 0;
            for (String idemKey : tried) {
                HttpResponse<String> r = charge(second.httpPort(), idemKey);
                assertThat(r.statusCode()).as(idemKey + ": " + r.body()).isEqualTo(201);
                String id = field(r.body(), "id");
                if (ackedAtKill.containsKey(idemKey)) {
                    assertThat(id).as(idemKey).isEqualTo(ackedAtKill.get(idemKey));
                    assertThat(r.headers().firstValue("Idempotent-Replayed")).hasValue("true");
                    assertThat(field(r.body(), "status")).isEqualTo("succeeded");
                    replayed++;
                }
            }
            assertThat(replayed).isEqualTo(ackedAtKill.size());
        } finally {
            second.process().destroy(); // SIGTERM: a clean stop
            assertThat(second.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(second.child().errors()).as("what the operator sees on SIGTERM")
                .contains("faultline payments: stopping\n")
                .containsPattern("faultline payments: stopped in [0-9]+ ms\n");
        }

        // Count in the data itself: one payment per key, one approval per succeeded payment.
        Map<String, Integer> paymentsPerKey = new TreeMap<>();
        int succeeded = 0;
        try (SqliteStore store = SqliteStore.open(dir.resolve("payments.db"), "payments")) {
            for (String v : store.scan("pay/").values()) {
                Payment p = Payment.decode(v);
                paymentsPerKey.merge(p.idempotencyKey(), 1, Integer::sum);
                succeeded += p.status() == PaymentStatus.SUCCEEDED ? 1 : 0;
            }
        }
        try (SqliteStore issuer = SqliteStore.open(dir.resolve("payments.db"), "issuer")) {
            assertThat(IssuerNode.approvedKeys(issuer)).hasSize(succeeded);
        }
        assertThat(paymentsPerKey.values()).containsOnly(1);
        assertThat(paymentsPerKey.keySet()).containsExactlyInAnyOrderElementsOf(tried);
    }
}
