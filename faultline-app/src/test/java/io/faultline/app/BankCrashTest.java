package io.faultline.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.bank.Event;
import io.faultline.bank.LedgerStore;
import io.faultline.runtime.store.SqliteStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bank's ledger as a real process, killed with SIGKILL while clients deposit, then restarted
 * on the same SQLite file. Every deposit that was answered must be there; every deposit retried
 * with its command id after the crash is applied exactly once, whether or not the first try got
 * in before the kill.
 */
class BankCrashTest {

    static final Pattern HTTP_LINE =
        Pattern.compile("polling server 1\\s+http://127\\.0\\.0\\.1:(\\d+)");
    static final int CLIENTS = 4;
    static final List<String> ACCOUNTS = List.of("a0", "a1", "a2", "a3");

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(2)).build();

    private ChildFaultline start() throws Exception {
        return ChildFaultline.start(HTTP_LINE, "bank", "serve", "--design", "polling",
            "--replicas", "1", "--http-port", "0", "--data", dir.toString());
    }

    private int post(int port, String path, String json) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private static String deposit(String id, String account) {
        return "{\"commandId\":\"" + id + "\",\"client\":\"" + account + "\",\"amount\":7}";
    }

    @Test
    void everyAnsweredDepositSurvivesAKillAndEveryRetryAppliesOnce() throws Exception {
        ChildFaultline first = start();
        for (String a : ACCOUNTS) {
            assertThat(post(first.port(), "/accounts", "{\"commandId\":\"open-" + a
                + "\",\"client\":\"" + a + "\"}")).isEqualTo(201);
        }
        Set<String> answered = ConcurrentHashMap.newKeySet();
        Set<String> sent = ConcurrentHashMap.newKeySet();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            String account = ACCOUNTS.get(c);
            Thread t = new Thread(() -> {
                for (int i = 0; !stop.get() && i < 100_000; i++) {
                    String id = account + "-" + i;
                    sent.add(id);
                    int status = post(first.port(), "/deposits", deposit(id, account));
                    if (status == 201) {
                        answered.add(id);
                    } else {
                        return;
                    }
                }
            });
            t.start();
            clients.add(t);
        }
        Thread.sleep(1_500);
        first.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        stop.set(true);
        for (Thread t : clients) {
            t.join(10_000);
        }
        assertThat(answered).as("deposits answered before the kill").isNotEmpty();

        ChildFaultline second = start();
        try {
            // The client cannot know whether an unanswered deposit got in: it retries them all
            // with the same command id.
            for (String id : new TreeSet<>(sent)) {
                String account = id.substring(0, id.indexOf('-'));
                int status = post(second.port(), "/deposits", deposit(id, account));
                assertThat(status).as(id).isIn(200, 201);
                if (answered.contains(id)) {
                    assertThat(status).as("answered before the kill, so replayed: " + id)
                        .isEqualTo(200);
                }
            }
        } finally {
            second.process().destroy(); // SIGTERM: a clean stop
            assertThat(second.process().waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(second.errors()).as("what the operator sees on SIGTERM")
                .contains("faultline bank: stopping\n")
                .containsPattern("faultline bank: stopped in [0-9]+ ms\n");
        }

        try (SqliteStore store = SqliteStore.open(dir.resolve("ledger.db"))) {
            LedgerStore ledger = new LedgerStore(store);
            assertThat(ledger.checkInvariants(0)).isEmpty();
            int deposits = 0;
            for (String a : ACCOUNTS) {
                Set<String> ids = new TreeSet<>();
                for (Event e : ledger.events(a)) {
                    if (!e.commandId().startsWith("open-")) {
                        assertThat(ids.add(e.commandId())).as("applied once: " + e).isTrue();
                    }
                }
                deposits += ids.size();
            }
            assertThat(deposits).as("every sent deposit, each once").isEqualTo(sent.size());
        }
    }
}
