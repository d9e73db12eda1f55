package io.faultline.bank.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.bank.LedgerMessages.Deposit;
import io.faultline.bank.LedgerMessages.OpenAccount;
import io.faultline.bank.LedgerMessages.Request;
import io.faultline.bank.LedgerMessages.Transfer;
import io.faultline.bank.LedgerStore;
import io.faultline.bank.ReadModel;
import io.faultline.bank.app.LedgerGateway;
import io.faultline.bank.app.LedgerHosts;
import io.faultline.bank.app.StoreReadGateway;
import io.faultline.bank.app.SynchronizedStore;
import io.faultline.bank.kafka.EmbeddedKafka;
import io.faultline.bank.kafka.FillingPart;
import io.faultline.bank.kafka.NotificationFeed;
import io.faultline.bank.kafka.OutboxRelay;
import io.faultline.bank.kafka.SharedKafka;
import io.faultline.runtime.NodeHost;
import io.faultline.sim.DurableStore;
import io.faultline.sim.MemoryStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker design end to end on a real Kafka: ledger, outbox relay, two filling-part instances,
 * read model, and a response replica with SSE over real HTTP.
 */
class BrokerDesignTest {

    private static final List<String> CLIENTS = List.of("alice", "bob", "carol", "dave");
    private static final Duration WAIT = Duration.ofSeconds(30);

    static EmbeddedKafka kafka;
    private static int run;

    @TempDir
    Path dir;

    /** The ledger's committed data: read-only, safe to read while the ledger commits. */
    private DurableStore ledgerStore;
    private NodeHost ledgerHost;
    private LedgerGateway ledger;
    private OutboxRelay relay;
    private ReadModel readModel;
    private final List<FillingPart> filling = new ArrayList<>();
    private NotificationFeed feed;
    private BankHttp response;
    private FillingPart.Options fillingOptions;

    @BeforeAll
    static void startKafka() {
        kafka = SharedKafka.get();
    }

    @BeforeEach
    void start() {
        int n = run++;
        String events = SharedKafka.uniqueTopic("design.events");
        String notifications = SharedKafka.uniqueTopic("design.notifications");
        kafka.createTopic(events, 4);
        kafka.createTopic(notifications, 4);
        ledgerHost = LedgerHosts.startOnSqlite(dir.resolve("ledger.db"));
        ledger = LedgerHosts.gateway(ledgerHost);
        ledgerStore = ledgerHost.committedStore();
        relay = new OutboxRelay(ledger, kafka.bootstrapServers(), events, 500);
        relay.start();
        readModel = new ReadModel(new SynchronizedStore(new MemoryStore()));
        fillingOptions = FillingPart.Options.defaults().withTopics(events, notifications)
            .withGroupId("design.filling." + n).withSessionTimeoutMs(3_000);
        for (int i = 1; i <= 2; i++) {
            filling.add(new FillingPart("f" + i, kafka.bootstrapServers(), readModel,
                fillingOptions).start());
        }
        feed = new NotificationFeed(kafka.bootstrapServers(), notifications, readModel, 500)
            .start();
        response = BankHttp.builder().reads(new StoreReadGateway(readModel.view(), 1_000))
            .feed(feed)
            .heartbeatMs(200).build().start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        response.close();
        feed.close();
        filling.forEach(FillingPart::close);
        filling.clear();
        relay.close();
        ledgerHost.close();
    }

    private void run(Request r) {
        ledger.ask(r).join(); // answered after its commit
    }

    private void openAll() {
        for (String c : CLIENTS) {
            run(new OpenAccount("open-" + c, c));
            run(new Deposit("fund-" + c, c, 10_000));
        }
    }

    private void transfers(String prefix, int count) {
        for (int i = 0; i < count; i++) {
            run(new Transfer(prefix + i, CLIENTS.get(i % 4), CLIENTS.get((i + 1) % 4),
                1 + i % 13));
        }
    }

    /** Waits until every balance and event list of the read model equals the ledger's. */
    private void awaitConvergence() throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!converged() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        LedgerStore source = new LedgerStore(ledgerStore);
        for (String c : CLIENTS) {
            assertThat(readModel.view().events(c)).as(c).isEqualTo(source.events(c));
            assertThat(readModel.account(c)).as(c).isEqualTo(source.account(c));
        }
    }

    private boolean converged() {
        LedgerStore source = new LedgerStore(ledgerStore);
        for (Map.Entry<String, LedgerStore.Account> a : source.accounts().entrySet()) {
            if (!readModel.account(a.getKey()).equals(java.util.Optional.of(a.getValue()))) {
                return false;
            }
        }
        return true;
    }

    @Test
    void theReadModelConvergesToTheLedgerAndServesTheSameAnswers() throws Exception {
        openAll();
        transfers("t", 200);

        awaitConvergence();

        Http http = new Http(response.port());
        Http.Answer balance = http.get("/balance/alice");
        assertThat(balance.json().get("balance").asLong()).isEqualTo(
            new LedgerStore(ledgerStore).account("alice").orElseThrow().balance());
        assertThat(http.get("/events/bob?after=0&limit=1000").json().get("events"))
            .hasSize(new LedgerStore(ledgerStore).events("bob").size());
        assertThat(filling.stream().mapToLong(FillingPart::gapCount).sum()).isZero();
        assertThat(filling.stream().mapToLong(FillingPart::appliedCount).sum())
            .isEqualTo(CLIENTS.size() * 2 + 400);
        assertThat(http.post("/deposits", "{}").status()).isEqualTo(404);
    }

    @Test
    void pushesEveryEventOverSseAndResumesAfterLastEventIdWithoutGapOrRepeat()
        throws Exception {
        openAll();
        // The response part knows a client once the filling part has applied its opening.
        awaitConvergence();
        String url = "http://127.0.0.1:" + response.port() + "/stream/alice";
        SseReader first = new SseReader(url, null);
        assertThat(first.status).isEqualTo(200);
        transfers("a", 40);
        // alice: opened, funded, then she sends or receives in 20 of the 40 transfers.
        List<SseReader.Frame> got = first.await(22, WAIT);
        assertThat(got).extracting(SseReader.Frame::id)
            .isEqualTo(seqs(1, 22));
        assertThat(got.get(0).data().get("type").asText()).isEqualTo("OPENED");
        Thread.sleep(450);
        assertThat(first.comments.get()).as("heartbeat comments").isPositive();
        first.close();

        transfers("b", 40);
        SseReader resumed = new SseReader(url, 22L);
        List<SseReader.Frame> rest = resumed.await(20, WAIT);
        Thread.sleep(200);
        assertThat(resumed.frames).extracting(SseReader.Frame::id).isEqualTo(seqs(23, 42));
        assertThat(rest.get(0).data().get("client").asText()).isEqualTo("alice");
        resumed.close();
    }

    @Test
    void heartbeatsNoticeADeadClientAndFreeItsStream() throws Exception {
        openAll();
        awaitConvergence();
        SseReader reader = new SseReader("http://127.0.0.1:" + response.port()
            + "/stream/bob", null);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (response.streamCount() < 1 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(response.streamCount()).isEqualTo(1);

        reader.close();
        // The next heartbeat (every 200 ms here) fails to write and drops the stream.
        deadline = System.nanoTime() + WAIT.toNanos();
        while (response.streamCount() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(response.streamCount()).isZero();
    }

    private static List<Long> seqs(long from, long to) {
        List<Long> out = new ArrayList<>();
        for (long s = from; s <= to; s++) {
            out.add(s);
        }
        return out;
    }

    @Test
    void refusesABadLastEventIdAndAnUnknownClientStream() throws Exception {
        openAll();
        awaitConvergence();
        Http http = new Http(response.port());
        try (SseReader good = new SseReader(http.base() + "/stream/alice", null)) {
            assertThat(good.status).isEqualTo(200);
        }
        HttpResponse<String> r = stream(http, "alice", "seven");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("INVALID_LAST_EVENT_ID", "'seven'");
        assertThat(stream(http, "zed", null).statusCode()).isEqualTo(404);
        assertThat(stream(http, "zed", null).body()).contains("UNKNOWN_CLIENT", "'zed'");
        // Without the event-stream Accept header there is no stream, and the answer says why.
        assertThat(http.get("/stream/alice").status()).isEqualTo(406);
        assertThat(http.get("/stream/alice").json().get("message").asText())
            .contains("Accept: text/event-stream");
    }

    private static HttpResponse<String> stream(Http http, String client, String lastEventId)
        throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(http.base() + "/stream/"
            + client)).header("Accept", "text/event-stream");
        if (lastEventId != null) {
            b.header("Last-Event-ID", lastEventId);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void whenOneFillingInstanceDiesTheGroupRebalancesAndTheOtherCatchesUp() throws Exception {
        openAll();
        transfers("t", 50);
        awaitConvergence();
        FillingPart dead = filling.get(0);
        FillingPart survivor = filling.get(1);

        dead.kill();
        transfers("u", 200);
        awaitConvergence();

        assertThat(dead.isRunning()).isFalse();
        assertThat(survivor.ownedPartitionCount()).isEqualTo(4);
        assertThat(filling.stream().mapToLong(FillingPart::gapCount).sum()).isZero();
    }
}
