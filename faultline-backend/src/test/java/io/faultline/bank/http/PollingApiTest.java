package io.faultline.bank.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.bank.LedgerStore;
import io.faultline.runtime.NodeHost;
import io.faultline.runtime.store.SqliteStore;
import io.faultline.sim.DurableStore;
import io.faultline.sim.MemoryStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SortedMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The polling design over real HTTP on a free port, straight from the ledger, which runs on the
 * runtime's {@link NodeHost} over an SQLite file.
 */
class PollingApiTest {

    @TempDir
    Path dir;

    private LedgerOverHttp bank;
    private NodeHost host;
    private DurableStore store;
    private Http http;

    @BeforeEach
    void start() {
        bank = LedgerOverHttp.start(dir.resolve("ledger.db"), null);
        host = bank.host;
        store = host.committedStore();
        http = new Http(bank.port());
    }

    @AfterEach
    void stop() {
        bank.close();
    }

    private void open(String client, long amount) {
        assertThat(http.post("/accounts", "{\"commandId\":\"open-" + client + "\",\"client\":\""
            + client + "\"}").status()).isEqualTo(201);
        if (amount > 0) {
            assertThat(http.post("/deposits", "{\"commandId\":\"fund-" + client
                + "\",\"client\":\"" + client + "\",\"amount\":" + amount + "}").status())
                .isEqualTo(201);
        }
    }

    @Test
    void servesBalancesAndEventsAfterCommands() {
        open("alice", 1_000);
        open("bob", 0);
        Http.Answer t = http.post("/transfers",
            "{\"commandId\":\"t1\",\"from\":\"alice\",\"to\":\"bob\",\"amount\":250}");
        assertThat(t.status()).isEqualTo(201);
        assertThat(t.json().get("events")).hasSize(2);

        Http.Answer balance = http.get("/balance/alice");
        assertThat(balance.status()).isEqualTo(200);
        assertThat(balance.json().get("balance").asLong()).isEqualTo(750);
        assertThat(balance.json().get("lastSeq").asLong()).isEqualTo(3);
        assertThat(http.get("/balance/bob").json().get("balance").asLong()).isEqualTo(250);

        Http.Answer range = http.get("/events/alice?from=2&to=3");
        assertThat(range.json().get("events")).extracting(e -> e.get("seq").asLong())
            .containsExactly(2L, 3L);
        assertThat(range.json().get("events").get(1).get("type").asText())
            .isEqualTo("TRANSFERRED_OUT");
        Http.Answer after = http.get("/events/alice?after=1&limit=1");
        assertThat(after.json().get("events")).extracting(e -> e.get("seq").asLong())
            .containsExactly(2L);
        assertThat(http.get("/events/alice").json().get("events")).hasSize(3);
    }

    @Test
    void aRetriedCommandReturnsTheFirstOutcomeMarkedReplayed() {
        open("alice", 100);
        String body = "{\"commandId\":\"w1\",\"client\":\"alice\",\"amount\":40}";
        Http.Answer first = http.post("/withdrawals", body);
        Http.Answer again = http.post("/withdrawals", body);

        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.raw().headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(again.json().get("events")).isEqualTo(first.json().get("events"));
        assertThat(http.get("/balance/alice").json().get("balance").asLong()).isEqualTo(60);
    }

    @Test
    void badInputGetsATypedErrorNamingTheValueAndChangesNothing() {
        open("alice", 100);
        open("bob", 0);
        SortedMap<String, String> before = store.scan("");

        assertError(http.get("/balance/carol"), 404, "UNKNOWN_CLIENT", "'carol'");
        assertError(http.get("/events/carol?after=0"), 404, "UNKNOWN_CLIENT", "'carol'");
        assertError(http.post("/deposits",
            "{\"commandId\":\"x\",\"client\":\"carol\",\"amount\":5}"), 404, "UNKNOWN_CLIENT",
            "'carol'");
        assertError(http.post("/deposits",
            "{\"commandId\":\"x\",\"client\":\"alice\",\"amount\":0}"), 400, "INVALID_AMOUNT",
            "amount 0");
        assertError(http.post("/withdrawals",
            "{\"commandId\":\"x\",\"client\":\"alice\",\"amount\":-3}"), 400, "INVALID_AMOUNT",
            "amount -3");
        assertError(http.post("/transfers",
            "{\"commandId\":\"x\",\"from\":\"alice\",\"to\":\"alice\",\"amount\":5}"), 400,
            "SAME_ACCOUNT", "'alice'");
        assertError(http.post("/deposits", "{\"commandId\":\"x\",\"client\":\"alice\","),
            400, "MALFORMED_JSON", "not valid JSON");
        assertError(http.post("/deposits",
            "{\"commandId\":\"x\",\"client\":\"alice\",\"amont\":5}"), 400, "MALFORMED_JSON",
            "'amont'");
        assertError(http.post("/deposits", "{\"commandId\":\"x\",\"client\":\"alice\"}"), 400,
            "MISSING_FIELD", "'amount'");
        assertError(http.post("/deposits",
            "{\"commandId\":\"x\",\"client\":\"alice\",\"amount\":\"lots\"}"), 400,
            "MALFORMED_JSON", "lots");
        assertError(http.get("/events/alice?after=abc"), 400, "INVALID_PARAMETER", "after='abc'");
        assertError(http.get("/events/alice?after=-1"), 400, "INVALID_PARAMETER", "after='-1'");
        assertError(http.get("/events/alice?after=1&from=2"), 400, "INVALID_PARAMETER",
            "either after=1 or from/to");
        assertError(http.get("/events/alice?from=3&to=2"), 400, "INVALID_RANGE", "3..2");
        assertError(http.get("/events/alice?limit=5000"), 400, "INVALID_RANGE", "limit 5000");
        assertError(http.get("/nowhere"), 404, "NOT_FOUND", "GET /nowhere");
        assertThat(store.scan("")).isEqualTo(before);

        // Overdrawing is refused with 422; its outcome is kept under the command id only.
        assertError(http.post("/withdrawals",
            "{\"commandId\":\"x\",\"client\":\"alice\",\"amount\":101}"), 422,
            "INSUFFICIENT_FUNDS", "from 100 to -1");
        assertThat(new LedgerStore(store).accounts()).isEqualTo(
            new LedgerStore(toStore(before)).accounts());
    }

    private static MemoryStore toStore(SortedMap<String, String> data) {
        MemoryStore s = new MemoryStore();
        data.forEach(s::put);
        return s;
    }

    private static void assertError(Http.Answer a, int status, String code, String mentions) {
        assertThat(a.status()).as(a.raw().body()).isEqualTo(status);
        assertThat(a.json().get("error").asText()).as(a.raw().body()).isEqualTo(code);
        assertThat(a.json().get("message").asText()).contains(mentions);
    }

    @Test
    void aServerWithoutALedgerBehindItAnswers503() {
        BankHttp stuck = BankHttp.builder()
            .reads(r -> new CompletableFuture<>())
            .askTimeout(Duration.ofMillis(50)).build().start("127.0.0.1", 0);
        try {
            Http.Answer a = new Http(stuck.port()).get("/balance/alice");
            assertError(a, 503, "UNAVAILABLE", "50 ms");
            assertError(new Http(stuck.port()).post("/deposits", "{}"), 404, "NOT_FOUND",
                "POST /deposits");
        } finally {
            stuck.close();
        }
    }

    @Test
    void aCrashAndRestartOfTheLedgerKeepsWhatWasCommitted() {
        open("zoe", 12);
        assertThat(http.get("/balance/zoe").json().get("balance").asLong()).isEqualTo(12);

        // The restarted node opens its database again, as a restarted process would.
        host.crash();
        assertError(http.get("/balance/zoe"), 503, "UNAVAILABLE", "down");
        host.restart();
        assertThat(http.get("/events/zoe?after=0").json().get("events")).hasSize(2);
        assertThat(http.post("/deposits", "{\"commandId\":\"fund-zoe\",\"client\":\"zoe\","
            + "\"amount\":12}").status()).as("a retry after the restart").isEqualTo(200);
        try (var reopened = SqliteStore.open(dir.resolve("ledger.db"))) {
            assertThat(new LedgerStore(reopened).checkInvariants(0)).isEmpty();
            assertThat(new LedgerStore(reopened).account("zoe"))
                .contains(new LedgerStore.Account(12, 2));
        }
    }
}
