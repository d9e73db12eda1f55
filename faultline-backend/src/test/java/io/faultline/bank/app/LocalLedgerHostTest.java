package io.faultline.bank.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.bank.Ledger;
import io.faultline.bank.LedgerConfig;
import io.faultline.bank.LedgerMessages.Applied;
import io.faultline.bank.LedgerMessages.Balance;
import io.faultline.bank.LedgerMessages.Deposit;
import io.faultline.bank.LedgerMessages.GetBalance;
import io.faultline.bank.LedgerMessages.OpenAccount;
import io.faultline.bank.LedgerMessages.Reply;
import io.faultline.bank.LedgerStore;
import io.faultline.runtime.store.SqliteStore;
import io.faultline.sim.DurableStore;
import io.faultline.sim.MemoryStore;
import io.faultline.sim.WriteBatch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalLedgerHostTest {

    @TempDir
    Path dir;

    @Test
    void commitsConcurrentRequestsInGroupsOverSqliteAndLosesNone() {
        try (SqliteStore store = SqliteStore.open(dir.resolve("ledger.db"));
             LocalLedgerHost host = new LocalLedgerHost(new Ledger(LedgerConfig.defaults()),
                 store, 1, 10_000)) {
            host.ask(new OpenAccount("o", "alice")).join();
            List<CompletableFuture<Reply>> replies = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                replies.add(host.ask(new Deposit("d" + i, "alice", 1)));
            }
            for (CompletableFuture<Reply> r : replies) {
                assertThat(r.join()).isInstanceOf(Applied.class);
            }

            assertThat(host.ask(new GetBalance("alice")).join())
                .isEqualTo(new Balance("alice", 300, 301));
            // Group commit: far fewer transactions than the 301 commands.
            assertThat(store.transactionCount()).isLessThan(301);
            assertThat(new LedgerStore(store).checkInvariants(0)).isEmpty();
        }
    }

    /** A store whose commits fail while {@code broken} is set. */
    private static final class FlakyStore implements DurableStore {
        final MemoryStore inner = new MemoryStore();
        volatile boolean broken;

        @Override
        public Optional<String> get(String key) {
            return inner.get(key);
        }

        @Override
        public SortedMap<String, String> scan(String prefix) {
            return inner.scan(prefix);
        }

        @Override
        public void write(WriteBatch batch) {
            if (broken) {
                throw new IllegalStateException("disk full");
            }
            inner.write(batch);
        }
    }

    @Test
    void aFailedCommitFailsTheRequestAndLeavesNoTrace() {
        FlakyStore store = new FlakyStore();
        try (LocalLedgerHost host = new LocalLedgerHost(new Ledger(LedgerConfig.defaults()),
            store, 1, 100)) {
            host.ask(new OpenAccount("o", "alice")).join();
            SortedMap<String, String> before = store.inner.snapshot();

            store.broken = true;
            assertThatThrownBy(() -> host.ask(new Deposit("d1", "alice", 5)).join())
                .isInstanceOf(CompletionException.class).hasMessageContaining("disk full");
            store.broken = false;

            assertThat(store.inner.snapshot()).isEqualTo(before);
            // The failed command left no outcome under its id: a retry applies it.
            Applied retry = (Applied) host.ask(new Deposit("d1", "alice", 5)).join();
            assertThat(retry.replayed()).isFalse();
            assertThat(retry.events().get(0).seq()).isEqualTo(2);
        }
    }

    @Test
    void refusesRequestsBeyondItsQueueOrAfterClose() {
        LocalLedgerHost host = new LocalLedgerHost(new Ledger(LedgerConfig.defaults()),
            new MemoryStore(), 1, 1);
        host.close();
        assertThatThrownBy(() -> host.ask(new GetBalance("alice")).join())
            .hasMessageContaining("overloaded").hasMessageContaining("stopped");
    }
}
