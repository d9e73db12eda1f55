package io.faultline.bank.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.bank.LedgerMessages.Applied;
import io.faultline.bank.LedgerMessages.Balance;
import io.faultline.bank.LedgerMessages.Deposit;
import io.faultline.bank.LedgerMessages.GetBalance;
import io.faultline.bank.LedgerMessages.OpenAccount;
import io.faultline.bank.LedgerMessages.Reply;
import io.faultline.bank.LedgerStore;
import io.faultline.runtime.NodeHost;
import io.faultline.runtime.NodeStorage;
import io.faultline.runtime.NodeUnavailableException;
import io.faultline.runtime.store.GroupCommitter;
import io.faultline.runtime.store.SqliteStore;
import io.faultline.runtime.store.StoreException;
import io.faultline.sim.DurableStore;
import io.faultline.sim.MemoryStore;
import io.faultline.sim.WriteBatch;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ledger as {@code bank serve} hosts it, on the runtime's {@link NodeHost} behind
 * {@link NodeHostGateway}: group commit, what a failed commit leaves, and the bounded inbox.
 */
class LedgerOnNodeHostTest {

    @TempDir
    Path dir;

    private NodeHost host;

    @AfterEach
    void closeHost() {
        if (host != null) {
            host.close();
        }
    }

    private static Reply get(CompletableFuture<Reply> reply) throws Exception {
        return reply.get(20, TimeUnit.SECONDS);
    }

    private static void await(String what, BooleanSupplier condition)
        throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(condition.getAsBoolean()).as(what).isTrue();
    }

    @Test
    void commitsConcurrentRequestsInGroupsOverSqliteAndLosesNone() throws Exception {
        host = LedgerHosts.startOnSqlite(dir.resolve("ledger.db"));
        LedgerGateway ledger = LedgerHosts.gateway(host);
        get(ledger.ask(new OpenAccount("o", "alice")));
        List<CompletableFuture<Reply>> replies = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            replies.add(ledger.ask(new Deposit("d" + i, "alice", 1)));
        }
        for (CompletableFuture<Reply> r : replies) {
            assertThat(get(r)).isInstanceOf(Applied.class);
        }

        assertThat(get(ledger.ask(new GetBalance("alice"))))
            .isEqualTo(new Balance("alice", 300, 301));
        // Group commit: the 301 commands' batches in far fewer transactions.
        assertThat(host.commitStats().batches()).isEqualTo(301);
        assertThat(host.commitStats().transactions()).isLessThan(301);
        assertThat(new LedgerStore(host.committedStore()).checkInvariants(0)).isEmpty();
    }

    /**
     * A commit function over a real SQLite file that the test can hold (a slow disk) and make
     * fail (a full disk) a number of times.
     */
    private static final class Disk {
        final AtomicReference<SqliteStore> store = new AtomicReference<>();
        final AtomicInteger failures = new AtomicInteger();
        volatile CountDownLatch held = new CountDownLatch(0);

        NodeStorage open(Path file) {
            SqliteStore s = SqliteStore.open(file);
            store.set(s);
            return NodeStorage.groupCommitted(s, GroupCommitter.create("ledger", this::commit,
                64, 64));
        }

        void commit(List<WriteBatch> batches) {
            try {
                held.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new StoreException("disk full");
            }
            store.get().writeAll(batches);
        }
    }

    @Test
    void aFailedCommitFailsEveryRequestThatRestsOnItAndLeavesNoTrace() throws Exception {
        Disk disk = new Disk();
        Path file = dir.resolve("ledger.db");
        host = LedgerHosts.start(LedgerHosts.builder(() -> disk.open(file)));
        LedgerGateway ledger = new NodeHostGateway(host, Duration.ofSeconds(2));
        get(ledger.ask(new OpenAccount("o", "alice")));
        SortedMap<String, String> before = host.committedStore().scan("");

        // d1's commit waits on a slow disk; d2..d4 are handled meanwhile, each over the writes
        // of the ones before it, and their batches queue behind d1's.
        disk.held = new CountDownLatch(1);
        List<CompletableFuture<Reply>> replies = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            replies.add(ledger.ask(new Deposit("d" + i, "alice", i)));
        }
        await("d1..d4 handled", () -> host.stats().handled() == 6); // init, open, d1..d4
        // The disk fails twice: d1's commit, and once more, which d2 alone would get past.
        disk.failures.set(2);
        disk.held.countDown();

        for (CompletableFuture<Reply> r : replies) {
            assertThatThrownBy(() -> r.get(20, TimeUnit.SECONDS)).as("acknowledged")
                .isInstanceOf(ExecutionException.class);
        }
        await("the ledger down", () -> !host.isUp());
        assertThat(host.failure()).hasValueSatisfying(e -> assertThat(e)
            .hasMessageContaining("a commit failed").hasRootCauseMessage("disk full"));
        assertThat(host.committedStore().scan("")).as("nothing of the failed group")
            .isEqualTo(before);
        assertThat(new LedgerStore(host.committedStore()).checkInvariants(0)).isEmpty();

        // Restarted on the same file, the ledger has no outcome under the failed ids: a retry
        // applies them, gap-free after the opening.
        disk.failures.set(0);
        host.restart();
        ledger = LedgerHosts.gateway(host);
        for (int i = 1; i <= 4; i++) {
            Applied retry = (Applied) get(ledger.ask(new Deposit("d" + i, "alice", i)));
            assertThat(retry.replayed()).isFalse();
            assertThat(retry.events().get(0).seq()).isEqualTo(i + 1);
        }
        assertThat(new LedgerStore(host.committedStore()).checkInvariants(0)).isEmpty();
    }

    /** Storage whose commits, once armed, hold the node's loop until released: a stuck disk. */
    private static final class StuckStorage implements NodeStorage {
        final MemoryStore store = new MemoryStore();
        final CountDownLatch committing = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean stuck;

        @Override
        public DurableStore committed() {
            return store;
        }

        @Override
        public CompletableFuture<Void> commit(WriteBatch batch, BooleanSupplier live) {
            if (stuck) {
                committing.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            store.write(batch);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void close() {
        }
    }

    @Test
    void refusesRequestsAtOnceWhenItsInboxIsFullOrItIsDown() throws Exception {
        StuckStorage storage = new StuckStorage();
        host = LedgerHosts.start(LedgerHosts.builder(() -> storage).inboxMax(2));
        LedgerGateway ledger = LedgerHosts.gateway(host);
        get(ledger.ask(new OpenAccount("o", "alice")));

        storage.stuck = true;
        CompletableFuture<Reply> running = ledger.ask(new Deposit("d1", "alice", 5));
        assertThat(storage.committing.await(10, TimeUnit.SECONDS)).as("loop held").isTrue();
        List<CompletableFuture<Reply>> waiting = List.of(ledger.ask(new GetBalance("alice")),
            ledger.ask(new GetBalance("alice")));
        CompletableFuture<Reply> refused = ledger.ask(new GetBalance("alice"));

        assertThat(refused).isCompletedExceptionally();
        assertThatThrownBy(refused::join).hasCauseInstanceOf(NodeUnavailableException.class)
            .hasMessageContaining("inbox is full (2 messages)");
        storage.stuck = false;
        storage.release.countDown();
        assertThat(get(running)).isInstanceOf(Applied.class);
        for (CompletableFuture<Reply> w : waiting) {
            assertThat(get(w)).isEqualTo(new Balance("alice", 5, 2));
        }

        host.close();
        CompletableFuture<Reply> afterClose = ledger.ask(new GetBalance("alice"));
        assertThat(afterClose).isCompletedExceptionally();
        assertThatThrownBy(afterClose::join).hasMessageContaining("is down");
    }
}
