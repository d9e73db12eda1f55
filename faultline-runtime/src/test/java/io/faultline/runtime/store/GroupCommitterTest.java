package io.faultline.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.sim.WriteBatch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupCommitterTest {

    @TempDir
    Path dir;

    private static Thread started(Runnable r) {
        Thread t = new Thread(r);
        t.start();
        return t;
    }

    @Test
    void manyHandlersShareOneCommitAndNoneIsAcknowledgedBeforeIt() throws Exception {
        try (SqliteStore store = SqliteStore.open(dir.resolve("n.db"))) {
            HeldCommit<WriteBatch> held = HeldCommit.holdingFirst(store::writeAll);
            try (GroupCommitter<WriteBatch> committer =
                     GroupCommitter.create("t", held, 1024, 256)) {
                CompletableFuture<Void> firstDone =
                    committer.submit(WriteBatch.create().put("first", "1"));
                held.awaitHeld();
                // 8 threads act as the handlers of many nodes while the first commit is held.
                List<CompletableFuture<Void>> rest = new CopyOnWriteArrayList<>();
                List<String> seenMissingAtAck = new CopyOnWriteArrayList<>();
                List<Thread> threads = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    int thread = t;
                    threads.add(started(() -> {
                        for (int i = 0; i < 25; i++) {
                            String key = "h" + thread + "/" + i;
                            CompletableFuture<Void> f =
                                committer.submit(WriteBatch.create().put(key, "v"));
                            rest.add(f.thenRun(() -> {
                                if (store.get(key).isEmpty()) {
                                    seenMissingAtAck.add(key);
                                }
                            }));
                        }
                    }));
                }
                for (Thread t : threads) {
                    t.join();
                }
                assertThat(firstDone).isNotDone();
                assertThat(rest).noneMatch(CompletableFuture::isDone);
                assertThat(store.get("first")).isEmpty();

                held.release();
                firstDone.get(10, TimeUnit.SECONDS);
                CompletableFuture.allOf(rest.toArray(CompletableFuture[]::new))
                    .get(10, TimeUnit.SECONDS);

                assertThat(seenMissingAtAck).as("acknowledged before committed").isEmpty();
                assertThat(committer.itemCount()).isEqualTo(201);
                // The first commit carried one batch; the 200 that queued behind it shared one.
                assertThat(committer.commitCount()).isEqualTo(2);
                assertThat(committer.groupSizeMaxSeen()).isEqualTo(200);
                assertThat(store.transactionCount()).isEqualTo(2);
                assertThat(store.scan("h")).hasSize(200);
            }
        }
    }

    @Test
    void aGroupNeverExceedsItsMaximumSize() throws Exception {
        HeldCommit<Integer> held = HeldCommit.holdingFirst(items -> { });
        try (GroupCommitter<Integer> committer = GroupCommitter.create("t", held, 100, 7)) {
            committer.submit(0);
            held.awaitHeld();
            List<CompletableFuture<Void>> all = new ArrayList<>();
            for (int i = 1; i <= 30; i++) {
                all.add(committer.submit(i));
            }
            held.release();
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
                .get(10, TimeUnit.SECONDS);
            assertThat(held.groups()).allSatisfy(g -> assertThat(g).hasSizeLessThanOrEqualTo(7));
            assertThat(held.groups().stream().mapToInt(List::size).sum()).isEqualTo(31);
            assertThat(committer.commitCount()).isEqualTo(1 + 5); // 0, then 7+7+7+7+2
        }
    }

    @Test
    void aFullQueueMakesTheSubmitterWait() throws Exception {
        HeldCommit<Integer> held = HeldCommit.holdingFirst(items -> { });
        try (GroupCommitter<Integer> committer = GroupCommitter.create("t", held, 2, 1)) {
            committer.submit(0);
            held.awaitHeld();
            committer.submit(1);
            committer.submit(2);
            CountDownLatch returned = new CountDownLatch(1);
            Thread blocked = started(() -> {
                committer.submit(3);
                returned.countDown();
            });
            assertThat(returned.await(300, TimeUnit.MILLISECONDS)).as("submit returned").isFalse();
            held.release();
            assertThat(returned.await(10, TimeUnit.SECONDS)).isTrue();
            blocked.join();
        }
    }

    @Test
    void aFailingBatchFailsOnlyItself() throws Exception {
        List<String> committed = new CopyOnWriteArrayList<>();
        HeldCommit<String> held = HeldCommit.holdingFirst(items -> {
            if (items.contains("bad")) {
                throw new StoreException("refused " + items);
            }
            committed.addAll(items);
        });
        try (GroupCommitter<String> committer = GroupCommitter.create("t", held, 16, 16)) {
            committer.submit("first");
            held.awaitHeld();
            CompletableFuture<Void> a = committer.submit("a");
            CompletableFuture<Void> bad = committer.submit("bad");
            CompletableFuture<Void> c = committer.submit("c");
            held.release();

            a.get(10, TimeUnit.SECONDS);
            c.get(10, TimeUnit.SECONDS);
            assertThatThrownBy(() -> bad.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(StoreException.class);
            assertThat(committed).containsExactly("first", "a", "c");
        }
    }

    @Test
    void afterAFailedItemNoLaterItemOfItsSequenceIsCommitted() throws Exception {
        List<String> committed = new CopyOnWriteArrayList<>();
        HeldCommit<String> held = HeldCommit.holdingFirst(items -> {
            if (items.contains("a1")) {
                throw new StoreException("refused " + items);
            }
            committed.addAll(items);
        });
        try (GroupCommitter<String> committer = GroupCommitter.create("t", held, 16, 16)) {
            committer.submit("first");
            held.awaitHeld();
            GroupCommitter.Sequence a = new GroupCommitter.Sequence();
            CompletableFuture<Void> a0 = committer.submit("a0", () -> true, a);
            CompletableFuture<Void> a1 = committer.submit("a1", () -> true, a);
            CompletableFuture<Void> a2 = committer.submit("a2", () -> true, a);
            CompletableFuture<Void> b0 = committer.submit("b0", () -> true,
                new GroupCommitter.Sequence());
            held.release();

            a0.get(10, TimeUnit.SECONDS);
            b0.get(10, TimeUnit.SECONDS);
            assertThatThrownBy(() -> a1.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(StoreException.class);
            // a2 would commit on its own, but it may rest on a1's writes.
            assertThatThrownBy(() -> a2.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(IllegalStateException.class)
                .hasMessageContaining("an earlier item of its sequence")
                .hasRootCauseMessage("refused [a1]");
            // So may every later item of the sequence, in a transaction of its own too.
            CompletableFuture<Void> a3 = committer.submit("a3", () -> true, a);
            assertThatThrownBy(() -> a3.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(IllegalStateException.class);
            CompletableFuture<Void> b1 = committer.submit("b1", () -> true,
                new GroupCommitter.Sequence());
            b1.get(10, TimeUnit.SECONDS);
            assertThat(committed).containsExactly("first", "a0", "b0", "b1");
        }
    }

    @Test
    void dropsWhatItsDeadSubmitterLeftQueued() throws Exception {
        List<String> committed = new CopyOnWriteArrayList<>();
        HeldCommit<String> held = HeldCommit.holdingFirst(committed::addAll);
        try (GroupCommitter<String> committer = GroupCommitter.create("t", held, 16, 16)) {
            committer.submit("first");
            held.awaitHeld();
            AtomicBoolean alive = new AtomicBoolean(true);
            CompletableFuture<Void> orphan = committer.submit("orphan", alive::get);
            CompletableFuture<Void> other = committer.submit("other");
            alive.set(false); // its node crashed while the write waited
            held.release();

            other.get(10, TimeUnit.SECONDS);
            assertThatThrownBy(() -> orphan.get(10, TimeUnit.SECONDS))
                .isInstanceOf(CancellationException.class);
            committer.awaitIdle();
            assertThat(committed).containsExactly("first", "other");
            assertThat(committer.droppedCount()).isEqualTo(1);
        }
    }

    @Test
    void rejectsLimitsOutOfRange() {
        assertThatThrownBy(() -> GroupCommitter.<String>create("t", x -> { }, 0, 1))
            .hasMessageContaining("queueCapacity must be in 1..1000000, was 0");
        assertThatThrownBy(() -> GroupCommitter.<String>create("t", x -> { }, 8, 9))
            .hasMessageContaining("groupSizeMax must be in 1..8 (the queue capacity), was 9");
    }
}
