package io.faultline.bank.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.bank.http.Http;
import io.faultline.bank.kafka.SharedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BankServerTest {

    @TempDir
    Path dir;

    private BankServer.Options options(BankServer.Design design, String kafka) {
        return new BankServer.Options(BankServer.Role.ALL, design, kafka, dir, null, "postgres",
            "127.0.0.1", 0, 4, 2, 2, 3_000);
    }

    private static void awaitBalance(Http http, String client, long balance) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            Http.Answer a = http.get("/balance/" + client);
            if (a.status() == 200 && a.json().get("balance").asLong() == balance) {
                return;
            }
            Thread.sleep(20);
        }
        assertThat(http.get("/balance/" + client).json().get("balance").asLong())
            .isEqualTo(balance);
    }

    @Test
    void roleAllRunsLedgerRelayFillingAndResponseOverSqliteFiles() throws Exception {
        // Topics of a fixed name: this test owns the shared broker's bank.* topics.
        try (BankServer bank = BankServer.start(options(BankServer.Design.BROKER,
            SharedKafka.get().bootstrapServers()))) {
            Http ledger = new Http(bank.ledgerHttp().orElseThrow().port());
            assertThat(ledger.post("/accounts", "{\"commandId\":\"o1\",\"client\":\"alice\"}")
                .status()).isEqualTo(201);
            assertThat(ledger.post("/deposits",
                "{\"commandId\":\"d1\",\"client\":\"alice\",\"amount\":70}").status())
                .isEqualTo(201);

            for (var replica : bank.replicas()) {
                awaitBalance(new Http(replica.port()), "alice", 70);
            }
            assertThat(bank.describe()).anyMatch(l -> l.startsWith("response replica 2"));
            assertThat(Files.exists(dir.resolve("ledger.db"))).isTrue();
            assertThat(Files.exists(dir.resolve("readmodel.db"))).isTrue();
        }
    }

    @Test
    void thePollingDesignIsTwoServersOverOneLedgerDatabase() throws Exception {
        try (BankServer bank = BankServer.start(options(BankServer.Design.POLLING, null))) {
            assertThat(bank.kafka()).isEmpty();
            Http first = new Http(bank.replicas().get(0).port());
            Http second = new Http(bank.replicas().get(1).port());
            first.post("/accounts", "{\"commandId\":\"o1\",\"client\":\"bob\"}");
            second.post("/deposits", "{\"commandId\":\"d1\",\"client\":\"bob\",\"amount\":9}");

            assertThat(first.get("/balance/bob").json().get("balance").asLong()).isEqualTo(9);
            bank.killReplica(0);
            assertThat(second.get("/events/bob?after=0").json().get("events")).hasSize(2);
        }
        // The ledger's state is durable in its SQLite file: a new process sees it.
        try (BankServer again = BankServer.start(options(BankServer.Design.POLLING, null))) {
            assertThat(new Http(again.replicas().get(0).port()).get("/balance/bob").json()
                .get("balance").asLong()).isEqualTo(9);
        }
    }

    @Test
    void badOptionsNameTheValueAndTheValidOnes() {
        assertThatThrownBy(() -> BankServer.Role.parse("boss"))
            .hasMessageContaining("'boss'").hasMessageContaining("all, ledger, filling, response");
        assertThatThrownBy(() -> BankServer.Design.parse("push"))
            .hasMessageContaining("'push'").hasMessageContaining("broker, polling");
        assertThatThrownBy(() -> new BankServer.Options(BankServer.Role.RESPONSE,
            BankServer.Design.BROKER, null, dir, null, "postgres", "127.0.0.1", 0, 4, 2, 2,
            3_000)).hasMessageContaining("--kafka");
        assertThatThrownBy(() -> new BankServer.Options(BankServer.Role.ALL,
            BankServer.Design.BROKER, null, dir, null, "postgres", "127.0.0.1", 0, 0, 2, 2,
            3_000)).hasMessageContaining("partitions must be in [1, 1000], was 0");
    }
}
