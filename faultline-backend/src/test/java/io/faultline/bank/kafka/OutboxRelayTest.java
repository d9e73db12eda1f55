package io.faultline.bank.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.bank.Event;
import io.faultline.bank.LedgerMessages.Deposit;
import io.faultline.bank.LedgerMessages.OpenAccount;
import io.faultline.bank.LedgerMessages.OutboxRow;
import io.faultline.bank.LedgerMessages.Request;
import io.faultline.bank.LedgerMessages.Transfer;
import io.faultline.bank.LedgerStore;
import io.faultline.bank.ReadModel;
import io.faultline.bank.app.LedgerGateway;
import io.faultline.bank.app.LedgerHosts;
import io.faultline.runtime.NodeHost;
import io.faultline.sim.DurableStore;
import io.faultline.sim.MemoryStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxRelayTest {

    private static final List<String> CLIENTS = List.of("alice", "bob", "carol", "dave");

    static EmbeddedKafka kafka;

    @TempDir
    Path dir;

    /** The ledger's committed data: read-only, safe to read while the ledger commits. */
    private DurableStore ledgerStore;
    private NodeHost ledgerHost;
    private LedgerGateway ledger;
    private String topic;

    @BeforeAll
    static void startKafka() {
        kafka = SharedKafka.get();
    }

    @BeforeEach
    void setUp() {
        ledgerHost = LedgerHosts.startOnSqlite(dir.resolve("ledger.db"));
        ledger = LedgerHosts.gateway(ledgerHost);
        ledgerStore = ledgerHost.committedStore();
        topic = SharedKafka.uniqueTopic("relay.events");
        kafka.createTopic(topic, 3);
    }

    @AfterEach
    void tearDown() {
        ledgerHost.close();
    }

    private void run(Request r) {
        ledger.ask(r).join(); // answered after its commit
    }

    /** Commits a mix of commands; returns how many events they wrote. */
    private int commitSomeCommands() {
        for (String c : CLIENTS) {
            run(new OpenAccount("open-" + c, c));
            run(new Deposit("fund-" + c, c, 1_000));
        }
        for (int i = 0; i < 40; i++) {
            run(new Transfer("t" + i, CLIENTS.get(i % 4), CLIENTS.get((i + 1) % 4), 7));
        }
        return CLIENTS.size() * 2 + 80;
    }

    private List<Event> ledgerEvents() {
        List<Event> all = new ArrayList<>();
        for (String c : CLIENTS) {
            all.addAll(new LedgerStore(ledgerStore).events(c));
        }
        return all;
    }

    @Test
    void aCrashBetweenCommitAndPublishLosesNothing() {
        // The commands commit while no relay runs: the crash before publishing.
        int events = commitSomeCommands();

        try (OutboxRelay relay = new OutboxRelay(ledger, kafka.bootstrapServers(), topic, 25)) {
            while (relay.relayOnce() > 0) {
                // Until the outbox is empty; each round is at most one page of 25.
            }
            assertThat(relay.publishedCount()).isEqualTo(events);
        }

        List<TopicReader.Received> got = TopicReader.readAll(kafka.bootstrapServers(), topic,
            events);
        assertThat(got).hasSize(events);
        assertThat(got).extracting(TopicReader.Received::event)
            .containsExactlyInAnyOrderElementsOf(ledgerEvents());
        assertThat(new LedgerStore(ledgerStore).pendingOutbox()).isEmpty();
    }

    @Test
    void keysByAccountSoEachAccountsEventsArriveInOrderInOnePartition() {
        int events = commitSomeCommands();
        try (OutboxRelay relay = new OutboxRelay(ledger, kafka.bootstrapServers(), topic, 500)) {
            relay.relayOnce();
        }

        List<TopicReader.Received> got = TopicReader.readAll(kafka.bootstrapServers(), topic,
            events);
        Map<String, List<Long>> seqs = new TreeMap<>();
        Map<String, Integer> partition = new TreeMap<>();
        for (TopicReader.Received r : got) {
            assertThat(r.key()).isEqualTo(r.event().client());
            assertThat(partition.computeIfAbsent(r.key(), k -> r.partition()))
                .isEqualTo(r.partition());
            seqs.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.event().seq());
        }
        for (List<Long> s : seqs.values()) {
            for (int i = 0; i < s.size(); i++) {
                assertThat(s.get(i)).isEqualTo(i + 1L);
            }
        }
    }

    @Test
    void aCrashBetweenPublishAndAckRepublishesAndTheConsumerDropsTheDuplicates() {
        int events = commitSomeCommands();
        try (OutboxRelay crashed = new OutboxRelay(ledger, kafka.bootstrapServers(), topic, 30)) {
            List<OutboxRow> page = crashed.readPage();
            crashed.publish(page);
            // The relay dies here: published, never acknowledged to the ledger.
        }
        try (OutboxRelay next = new OutboxRelay(ledger, kafka.bootstrapServers(), topic, 30)) {
            while (next.relayOnce() > 0) {
                // Drain the outbox, starting again at the unacknowledged page.
            }
        }

        List<TopicReader.Received> got = TopicReader.readAll(kafka.bootstrapServers(), topic,
            events + 30);
        assertThat(got).hasSize(events + 30);
        ReadModel readModel = new ReadModel(new MemoryStore());
        Map<ReadModel.Outcome, Integer> outcomes = new TreeMap<>();
        for (TopicReader.Received r : got) {
            outcomes.merge(readModel.apply(r.event()), 1, Integer::sum);
        }
        assertThat(outcomes).containsEntry(ReadModel.Outcome.APPLIED, events)
            .containsEntry(ReadModel.Outcome.DUPLICATE, 30)
            .doesNotContainKey(ReadModel.Outcome.GAP);
        for (String c : CLIENTS) {
            assertThat(readModel.view().events(c))
                .isEqualTo(new LedgerStore(ledgerStore).events(c));
            assertThat(readModel.account(c)).isEqualTo(new LedgerStore(ledgerStore).account(c));
        }
    }

    @Test
    void aRunningRelayPublishesNewCommitsWithoutBeingAsked() throws Exception {
        try (OutboxRelay relay = new OutboxRelay(ledger, kafka.bootstrapServers(), topic, 100)) {
            relay.start();
            run(new OpenAccount("o1", "erin"));
            run(new Deposit("d1", "erin", 5));
            List<TopicReader.Received> got = TopicReader.readAll(kafka.bootstrapServers(), topic,
                2);
            assertThat(got).extracting(r -> r.event().seq()).containsExactly(1L, 2L);
            assertThat(relay.failureCount()).isZero();
        }
    }
}
