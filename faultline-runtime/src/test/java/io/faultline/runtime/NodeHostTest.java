package io.faultline.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.runtime.CounterNode.Add;
import io.faultline.runtime.CounterNode.Added;
import io.faultline.runtime.CounterNode.Boom;
import io.faultline.runtime.CounterNode.Get;
import io.faultline.runtime.CounterNode.StartTicking;
import io.faultline.runtime.CounterNode.State;
import io.faultline.runtime.store.GroupCommitter;
import io.faultline.runtime.store.HeldCommit;
import io.faultline.runtime.store.SqliteStore;
import io.faultline.runtime.store.StoreException;
import io.faultline.sim.Address;
import io.faultline.sim.Message;
import io.faultline.sim.WriteBatch;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeHostTest {

    private static final Duration ASK = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private final HeldCommit<WriteBatch> disk = HeldCommit.passing(this::commitToCurrentStore);
    private final AtomicReference<SqliteStore> openStore = new AtomicReference<>();
    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private NodeHost host;

    private void commitToCurrentStore(List<WriteBatch> batches) {
        for (WriteBatch b : batches) {
            if (b.writes().stream().anyMatch(w -> w.key().equals(refusedKey))) {
                throw new StoreException("the database refuses " + refusedKey);
            }
        }
        openStore.get().writeAll(batches);
    }

    /** A key whose every transaction the database refuses, as it would a row it cannot take. */
    private volatile String refusedKey;

    /** Storage on a real SQLite file whose commits the test can hold back. */
    private NodeStorage openStorage() {
        SqliteStore store = SqliteStore.open(dir.resolve("counter.db"));
        openStore.set(store);
        return NodeStorage.groupCommitted(store, GroupCommitter.create("counter", disk, 64, 64));
    }

    /** The counter node on {@link #openStorage}, logging to {@code logBytes}. */
    private NodeHost.Builder counterHost() {
        return NodeHost.builder(Address.of("counter"), CounterNode::new)
            .storage(this::openStorage)
            .log(new PrintStream(logBytes, true, StandardCharsets.UTF_8));
    }

    private NodeHost start(NodeHost.Builder builder) {
        host = builder.build();
        host.start();
        return host;
    }

    private NodeHost startHost(java.util.function.LongSupplier clock) {
        return start(counterHost().clock(clock).seed(42));
    }

    private NodeHost startHost() {
        return startHost(HostClock.startingNow());
    }

    /** A host that restarts its node by itself {@code delay} after a failure. */
    private NodeHost startSupervisedHost(Duration delay) {
        return start(counterHost().restartAfterFailure(delay));
    }

    /** Waits up to 10 s for {@code condition}; false if it never held. */
    private static boolean within10s(java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    @AfterEach
    void closeHost() {
        if (host != null) {
            host.close();
        }
    }

    private static Message get(CompletableFuture<Message> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS);
    }

    @Test
    void answersAnAskWithTheNodesReplyAndCommitsItsWrites() throws Exception {
        startHost();
        assertThat(get(host.ask(new Add("r1", 10), ASK))).isEqualTo(new Added("r1", 10));
        assertThat(get(host.ask(new Add("r2", 5), ASK))).isEqualTo(new Added("r2", 15));
        assertThat(get(host.ask(new Add("r1", 10), ASK))).as("a repeat is not applied again")
            .isEqualTo(new Added("r1", 10));
        assertThat(openStore.get().get("total")).contains("15");
    }

    @Test
    void typedAskReturnsTheReplyOrNamesTheUnexpectedOne() throws Exception {
        startHost();
        Added added = host.ask(new Add("r1", 4), ASK, Added.class).get(10, TimeUnit.SECONDS);
        assertThat(added).isEqualTo(new Added("r1", 4));
        CompletableFuture<Added> wrong = host.ask(new Get(), ASK, Added.class);
        assertThatThrownBy(() -> wrong.get(10, TimeUnit.SECONDS))
            .isInstanceOf(ExecutionException.class)
            .hasCauseInstanceOf(IllegalStateException.class)
            .hasMessageContaining("State[").hasMessageContaining("not a Added");
    }

    /**
     * Under overload an ask can wait in the inbox past its timeout; by then nobody waits for its
     * answer, and handling it would only take time from requests someone still waits for.
     */
    @Test
    void anAskWhoseTimeoutPassedInTheInboxIsDroppedUnhandled() throws Exception {
        startHost();
        CountDownLatch unblock = new CountDownLatch(1);
        List<String> blockedThread = new ArrayList<>();
        disk.holdNext();
        CompletableFuture<Message> first = host.ask(new Add("r1", 1), ASK);
        // The reply is released on the node's loop: this continuation holds the loop there.
        CompletableFuture<Void> loopHeld = first.thenRun(() -> {
            blockedThread.add(Thread.currentThread().getName());
            awaitQuietly(unblock);
        });
        disk.awaitHeld();
        disk.release();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (blockedThread.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(blockedThread).singleElement().asString().startsWith("node-counter");

        CompletableFuture<Message> late1 = host.ask(new Add("r2", 10), Duration.ofMillis(200));
        CompletableFuture<Message> late2 = host.ask(new Add("r3", 100), Duration.ofMillis(200));
        assertThatThrownBy(() -> late1.get(5, TimeUnit.SECONDS))
            .hasCauseInstanceOf(TimeoutException.class);
        assertThatThrownBy(() -> late2.get(5, TimeUnit.SECONDS))
            .hasCauseInstanceOf(TimeoutException.class);
        unblock.countDown();
        loopHeld.get(10, TimeUnit.SECONDS);

        State state = (State) get(host.ask(new Get(), ASK));
        assertThat(state.total()).as("r2 and r3 were not applied").isEqualTo(1);
        assertThat(host.stats().abandoned()).isEqualTo(2);
        assertThat(openStore.get().get("total")).contains("1");
    }

    @Test
    void asksBeyondAsksMaxAreRefusedAtOnceAndAdmittedAgainOnceSomeFinish() throws Exception {
        start(counterHost().asksMax(2));
        disk.holdNext();
        CompletableFuture<Message> first = host.ask(new Add("r1", 1), ASK);
        disk.awaitHeld();
        CompletableFuture<Message> second = host.ask(new Add("r2", 10), ASK);

        CompletableFuture<Message> third = host.ask(new Add("r3", 100), ASK);
        assertThat(third).isCompletedExceptionally();
        assertThatThrownBy(third::join).hasCauseInstanceOf(NodeUnavailableException.class)
            .hasMessageContaining("already has 2 requests in progress");

        disk.release();
        assertThat(get(first)).isEqualTo(new Added("r1", 1));
        assertThat(get(second)).isEqualTo(new Added("r2", 11));
        assertThat(get(host.ask(new Add("r3", 100), ASK))).isEqualTo(new Added("r3", 111));
        assertThat(host.stats().inboundDropped()).isEqualTo(1);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void replyIsNeverReleasedBeforeItsCommit() throws Exception {
        startHost();
        disk.holdNext();
        CompletableFuture<Message> answer = host.ask(new Add("r1", 10), ASK);
        disk.awaitHeld();
        List<Boolean> committedAtReply = new ArrayList<>();
        CompletableFuture<Message> checked = answer.whenComplete(
            (m, e) -> committedAtReply.add(openStore.get().get("total").isPresent()));

        Thread.sleep(300);
        assertThat(answer).as("reply released while its commit is held").isNotDone();
        assertThat(openStore.get().get("total")).isEmpty();

        disk.release();
        assertThat(get(checked)).isEqualTo(new Added("r1", 10));
        assertThat(committedAtReply).containsExactly(true);
    }

    @Test
    void aReplyThatRestsOnAWaitingWriteWaitsForItsCommit() throws Exception {
        startHost();
        disk.holdNext();
        CompletableFuture<Message> first = host.ask(new Add("r1", 10), ASK);
        disk.awaitHeld();
        // The repeat writes nothing, but it answers from the first one's uncommitted write.
        CompletableFuture<Message> repeat = host.ask(new Add("r1", 10), ASK);

        Thread.sleep(300);
        assertThat(first).isNotDone();
        assertThat(repeat).as("answered from a write that is not yet durable").isNotDone();

        disk.release();
        assertThat(get(repeat)).isEqualTo(new Added("r1", 10));
        assertThat(get(first)).isEqualTo(new Added("r1", 10));
    }

    @Test
    void aCrashFailsOnlyTheAsksOfTheLifeThatHadThem() throws Exception {
        startHost();
        disk.holdNext();
        List<CompletableFuture<Message>> old = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            old.add(host.ask(new Add("old-" + i, 1), ASK)); // all wait behind the held commit
        }
        disk.awaitHeld();
        List<CompletableFuture<Message>> later = new ArrayList<>();
        AtomicBoolean restarted = new AtomicBoolean();
        // Runs on the crashing thread, while it is still failing the old life's asks: the
        // instant in which another thread could restart the node and ask the new life.
        old.forEach(f -> f.whenComplete((m, e) -> {
            if (restarted.compareAndSet(false, true)) {
                disk.release();  // the old life's commit ends, so its storage can close
                disk.holdNext(); // and the new life's first commit waits: its asks stay pending
                host.restart();
                for (int i = 0; i < 20; i++) {
                    later.add(host.ask(new Add("new-" + i, 1), ASK));
                }
            }
        }));

        host.crash();

        assertThat(old).allSatisfy(f -> assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS))
            .hasCauseInstanceOf(NodeCrashedException.class));
        assertThat(later).hasSize(20).noneMatch(CompletableFuture::isDone);
        disk.release();
        for (CompletableFuture<Message> f : later) {
            assertThat(get(f)).isInstanceOf(Added.class);
        }
    }

    @Test
    void crashDropsUnreleasedOutputAndUncommittedWritesAndRestartRecoversTheRest()
            throws Exception {
        startHost();
        assertThat(get(host.ask(new Add("r1", 1), ASK))).isEqualTo(new Added("r1", 1));

        disk.holdNext();
        CompletableFuture<Message> inCommit = host.ask(new Add("r2", 10), Duration.ofMillis(800));
        disk.awaitHeld();
        CompletableFuture<Message> queued = host.ask(new Add("r3", 100), Duration.ofMillis(800));
        Thread.sleep(100); // let r3's handler run and queue its batch behind the held commit

        host.crash();
        assertThat(host.isUp()).isFalse();
        // Both asks learn at once, long before their timeouts, that no answer will come.
        assertThat(inCommit).isCompletedExceptionally();
        assertThat(queued).isCompletedExceptionally();
        disk.release(); // r2's transaction had started: it may land; r3's had not: it must not

        assertThatThrownBy(() -> inCommit.get(5, TimeUnit.SECONDS))
            .hasCauseInstanceOf(NodeCrashedException.class)
            .hasMessageContaining("may or may not have taken effect");
        assertThatThrownBy(() -> queued.get(5, TimeUnit.SECONDS))
            .hasCauseInstanceOf(NodeCrashedException.class);
        // The outputs are counted as dropped once their commits end, after the asks failed.
        assertThat(within10s(() -> host.stats().outputDropped() >= 2)).isTrue();
        assertThat(host.deliver(Address.of("x"), new Get())).as("delivery while down").isFalse();

        host.restart();
        State state = (State) get(host.ask(new Get(), ASK));
        assertThat(state.total()).isEqualTo(11);
        assertThat(state.recoveries()).isEqualTo(1);
        assertThat(openStore.get().get("done/r3")).isEmpty();
        assertThat(host.incarnation()).isEqualTo(2);
        // The committed answer is remembered: the client's retry of r2 gets it, not a second add.
        assertThat(get(host.ask(new Add("r2", 10), ASK))).isEqualTo(new Added("r2", 11));
    }

    @Test
    void timersFireInOrderAndACancelledTimerNever() throws Exception {
        startHost();
        host.tell(new StartTicking(3, 20));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        State state;
        do {
            Thread.sleep(20);
            state = (State) get(host.ask(new Get(), ASK));
        } while (state.ticks().size() < 3 && System.nanoTime() < deadline);
        Thread.sleep(100);
        state = (State) get(host.ask(new Get(), ASK));
        assertThat(state.ticks()).containsExactly(1, 2, 3);
        assertThat(host.isUp()).as("the cancelled timer did not fire").isTrue();
        assertThat(openStore.get().scan("tick/")).hasSize(3);
    }

    @Test
    void nowComesFromTheInjectedClock() throws Exception {
        startHost(() -> 4242L);
        assertThat(((State) get(host.ask(new Get(), ASK))).nowMs()).isEqualTo(4242L);
    }

    @Test
    void aSupervisedHostRestartsAFailedNodeFromItsStore() throws Exception {
        startSupervisedHost(Duration.ofMillis(100));
        get(host.ask(new Add("r1", 7), ASK));
        host.tell(new Boom());

        assertThat(within10s(() -> host.incarnation() == 2 && host.isUp())).isTrue();
        assertThat(host.failure()).hasValueSatisfying(
            e -> assertThat(e).hasRootCauseMessage("boom, as asked"));
        State state = (State) get(host.ask(new Get(), ASK));
        assertThat(state.total()).isEqualTo(7);
        assertThat(state.recoveries()).isEqualTo(1);
        assertThat(logBytes.toString(StandardCharsets.UTF_8))
            .contains("restarting it in 100 ms", "node counter restarted after its failure");

        // Only failures are undone: a crash by hand is the caller's to undo.
        host.crash();
        Thread.sleep(500);
        assertThat(host.isUp()).isFalse();
        assertThat(host.incarnation()).isEqualTo(2);
    }

    @Test
    void aSupervisedHostKeepsTryingWhileTheStoreCannotBeOpened() throws Exception {
        AtomicReference<Boolean> refuseOpen = new AtomicReference<>(false);
        start(counterHost()
            .storage(() -> {
                if (refuseOpen.get()) {
                    throw new StoreException("cannot open the store (test)");
                }
                return openStorage();
            })
            .restartAfterFailure(Duration.ofMillis(50)));
        get(host.ask(new Add("r1", 3), ASK));
        refuseOpen.set(true);
        host.tell(new Boom());
        assertThat(within10s(() -> logBytes.toString(StandardCharsets.UTF_8)
            .contains("could not restart"))).isTrue();
        assertThat(host.isUp()).isFalse();

        refuseOpen.set(false);
        assertThat(within10s(host::isUp)).isTrue();
        assertThat(host.incarnation()).as("failed openings are no lives").isEqualTo(2);
        assertThat(((State) get(host.ask(new Get(), ASK))).total()).isEqualTo(3);
    }

    @Test
    void closingASupervisedHostCancelsTheRestartItOwes() throws Exception {
        startSupervisedHost(Duration.ofMillis(300));
        host.tell(new Boom());
        assertThat(within10s(() -> !host.isUp())).isTrue();
        host.close();

        Thread.sleep(800);
        assertThat(host.isUp()).isFalse();
        assertThat(host.incarnation()).isEqualTo(1);
    }

    @Test
    void aHandlerThatThrowsCrashesTheNodeUntilRestart() throws Exception {
        startHost();
        get(host.ask(new Add("r1", 7), ASK));
        host.tell(new Boom());
        assertThat(within10s(() -> !host.isUp())).isTrue();
        assertThat(host.failure()).hasValueSatisfying(
            e -> assertThat(e).hasRootCauseMessage("boom, as asked"));
        assertThat(logBytes.toString(StandardCharsets.UTF_8)).contains("node counter crashed");

        host.restart();
        assertThat(((State) get(host.ask(new Get(), ASK))).total()).isEqualTo(7);
    }

    @Test
    void noBatchOfALifeIsCommittedAfterAnEarlierOneFailed() throws Exception {
        startHost();
        get(host.ask(new Add("r0", 1), ASK));
        disk.holdNext();
        CompletableFuture<Message> held = host.ask(new Add("held", 2), ASK);
        disk.awaitHeld();
        // Each of these handlers reads the writes of the ones before it while they wait: r2's
        // total includes r1's amount. They share the next transaction.
        refusedKey = "done/r1";
        List<CompletableFuture<Message>> chained = new ArrayList<>();
        for (String id : List.of("r1", "r2", "r3")) {
            chained.add(host.ask(new Add(id, id.equals("r1") ? 10 : 100), Duration.ofMillis(800)));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (host.stats().handled() < 6 && System.nanoTime() < deadline) {
            Thread.sleep(5); // init, r0, held, r1, r2, r3
        }
        assertThat(host.stats().handled()).isEqualTo(6);

        disk.release();
        assertThat(get(held)).isEqualTo(new Added("held", 3));
        for (CompletableFuture<Message> f : chained) {
            assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS)).as("acknowledged")
                .isInstanceOf(ExecutionException.class);
        }
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (host.isUp() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(host.failure()).hasValueSatisfying(e -> assertThat(e)
            .hasMessageContaining("a commit failed").hasRootCauseMessage(
                "the database refuses done/r1"));
        // r1 failed on its own; r2 and r3 rest on it, so they must not land either, although
        // the database would take them.
        assertThat(openStore.get().scan("done/").keySet()).containsExactly("done/held",
            "done/r0");
        assertThat(openStore.get().get("total")).contains("3");

        refusedKey = null;
        host.restart();
        assertThat(get(host.ask(new Add("r2", 100), ASK))).isEqualTo(new Added("r2", 103));
    }

    @Test
    void refusesLifecycleMisuseWithAClearMessage() {
        startHost();
        assertThatThrownBy(host::start).hasMessageContaining("already started");
        assertThatThrownBy(host::restart).hasMessageContaining("crash() it before restart()");
        assertThatThrownBy(() -> host.ask(new Get(), Duration.ZERO))
            .hasMessageContaining("timeout must be positive");
    }

    @Test
    void manyConcurrentAsksShareCommits() throws Exception {
        startHost();
        List<CompletableFuture<Message>> answers = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            answers.add(host.ask(new Add("r" + i, 1), ASK));
        }
        for (CompletableFuture<Message> a : answers) {
            assertThat(get(a)).isInstanceOf(Added.class);
        }
        assertThat(openStore.get().get("total")).contains("300");
        // The init handler writes nothing; 300 adds, each one batch, in fewer transactions.
        assertThat(openStore.get().batchCount()).isEqualTo(300);
        assertThat(openStore.get().transactionCount()).isLessThan(300);
        assertThat(host.commitStats()).isEqualTo(new NodeStorage.CommitStats(
            openStore.get().transactionCount(), 300));
        host.crash();
        host.restart();
        get(host.ask(new Add("after", 1), ASK));
        assertThat(host.commitStats().batches()).as("counted over both lives")
            .isEqualTo(300 + 2); // the restart's recover() writes too
    }

    @Test
    void aPausedNodeHandlesNothingUntilThePauseEndsThenWhatWaitedInOrder() throws Exception {
        startHost();
        get(host.ask(new Add("r1", 1), ASK));
        host.tell(new StartTicking(1, 100)); // its tick falls due during the pause
        long pausedAt = System.nanoTime();
        assertThat(host.pause(Duration.ofMillis(700))).isTrue();
        CompletableFuture<Message> during = host.ask(new Add("r2", 10), ASK);
        assertThat(within10s(() -> host.stats().handled() >= 3)).as("init, r1, StartTicking")
            .isTrue();

        Thread.sleep(400);
        assertThat(during).as("handled during the pause").isNotDone();
        assertThat(host.stats().handled()).as("neither r2 nor the tick").isEqualTo(3);
        assertThat(host.isUp()).isTrue();

        assertThat(get(during)).as("handled after, from memory kept").isEqualTo(new Added("r2",
            11));
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - pausedAt))
            .isGreaterThanOrEqualTo(650);
        State state = (State) get(host.ask(new Get(), ASK));
        assertThat(state.ticks()).as("the tick due during the pause fired after it")
            .containsExactly(1);
        assertThat(state.total()).isEqualTo(11);
    }

    @Test
    void aCrashEndsAPauseAndARestartBringsTheNodeBack() throws Exception {
        startHost();
        get(host.ask(new Add("r1", 1), ASK));
        assertThat(host.pause(Duration.ofMinutes(10))).isTrue();
        CompletableFuture<Message> during = host.ask(new Add("r2", 10), ASK);
        Thread.sleep(100);
        long crashedAt = System.nanoTime();

        host.crash();
        assertThatThrownBy(() -> during.get(5, TimeUnit.SECONDS))
            .hasCauseInstanceOf(NodeCrashedException.class);
        host.restart(); // waits for the old loop to stop: the pause must have ended
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - crashedAt))
            .as("the crash interrupted the pause").isLessThan(5_000);
        State state = (State) get(host.ask(new Get(), ASK));
        assertThat(state.total()).as("r2 was never handled").isEqualTo(1);
        assertThat(state.recoveries()).isEqualTo(1);
        assertThat(logBytes.toString(StandardCharsets.UTF_8)).doesNotContain("still running");
    }

    @Test
    void pausingANodeThatIsDownPausesNothingAndABadLengthIsRefused() throws Exception {
        startHost();
        assertThatThrownBy(() -> host.pause(Duration.ZERO))
            .hasMessage("a pause must be 1 ms to 10 minutes, was PT0S");
        assertThatThrownBy(() -> host.pause(Duration.ofMinutes(11)))
            .hasMessageContaining("1 ms to 10 minutes");
        host.crash();
        assertThat(host.pause(Duration.ofSeconds(1))).isFalse();
        host.restart();
        assertThat(get(host.ask(new Get(), ASK))).isInstanceOf(State.class);
    }

    @Test
    void anAskToANodeThatIsDownFailsAtOnce() {
        startHost();
        host.crash();
        CompletableFuture<Message> f = host.ask(new Get(), Duration.ofSeconds(30));
        assertThat(f).isCompletedExceptionally();
        assertThatThrownBy(f::join).hasCauseInstanceOf(NodeUnavailableException.class)
            .hasMessageContaining("node counter is down");
    }

    @Test
    void everyAcknowledgedWriteSurvivesACrashUnderLoad() throws Exception {
        startHost();
        List<String> acknowledged = java.util.Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<Message>> answers =
            java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(64);
        Thread load = new Thread(() -> {
            for (int i = 0; i < 3_000; i++) {
                String id = "r" + i;
                inFlight.acquireUninterruptibly();
                answers.add(host.ask(new Add(id, 1), Duration.ofSeconds(2)).whenComplete(
                    (m, e) -> {
                        inFlight.release();
                        if (m != null) {
                            acknowledged.add(id);
                        }
                    }));
            }
        });
        load.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (acknowledged.size() < 300 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        // A slow disk at the worst moment: one commit is held while more handlers queue their
        // batches behind it, then the node crashes. Queued batches must not be acknowledged.
        disk.holdNext();
        disk.awaitHeld();
        Thread.sleep(50);
        host.crash();
        disk.release();
        load.join();
        for (CompletableFuture<Message> a : new ArrayList<>(answers)) {
            try {
                a.get(10, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                // Lost with the crash: the client cannot know, and that is allowed.
            }
        }
        host.restart();
        State state = (State) get(host.ask(new Get(), ASK));

        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(300).hasSizeLessThan(3_000);
        for (String id : new ArrayList<>(acknowledged)) {
            assertThat(openStore.get().get("done/" + id)).as("acknowledged " + id).isPresent();
        }
        // Exactly the committed adds make up the total: none lost, none applied twice.
        assertThat(state.total()).isEqualTo(openStore.get().scan("done/").size());
    }

    /** A node that must never see a message before its init or recover has run. */
    static final class StrictStartNode implements io.faultline.sim.Node {
        private boolean started;

        @Override
        public void init(io.faultline.sim.Context ctx) {
            started = true;
        }

        @Override
        public void onMessage(io.faultline.sim.Context ctx, Address from, Message message) {
            if (!started) {
                throw new IllegalStateException("a message before init or recover");
            }
        }

        @Override
        public void onTimer(io.faultline.sim.Context ctx, io.faultline.sim.Timer timer) {
        }
    }

    @Test
    void noMessageIsHandledBeforeInitOrRecoverEvenWhenOneArrivesDuringTheRestart()
            throws Exception {
        host = NodeHost.builder(Address.of("strict"), StrictStartNode::new)
            .storage(() -> NodeStorage.immediate(new io.faultline.sim.MemoryStore()))
            .log(new PrintStream(logBytes, true, StandardCharsets.UTF_8))
            .build();
        java.util.concurrent.atomic.AtomicBoolean stop =
            new java.util.concurrent.atomic.AtomicBoolean();
        Thread sender = new Thread(() -> {
            while (!stop.get()) {
                host.tell(new Get());
            }
        });
        sender.start();
        try {
            host.start();
            for (int i = 0; i < 200 && host.failure().isEmpty(); i++) {
                host.crash();
                host.restart();
            }
        } finally {
            stop.set(true);
            sender.join();
        }
        assertThat(host.failure()).isEmpty();
    }

    @Test
    void anAskThatGetsNoReplyTimesOut() {
        startHost();
        CompletableFuture<Message> f =
            host.ask(new StartTicking(1, 10_000), Duration.ofMillis(100));
        assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS))
            .isInstanceOf(ExecutionException.class)
            .hasCauseInstanceOf(TimeoutException.class);
    }
}
