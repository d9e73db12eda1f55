package io.faultline.protocols.failover;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.protocols.failover.Messages.AcquireEpoch;
import io.faultline.protocols.failover.Messages.Fenced;
import io.faultline.protocols.failover.Messages.Loaded;
import io.faultline.protocols.failover.Messages.Read;
import io.faultline.protocols.failover.Messages.Write;
import io.faultline.protocols.failover.Messages.Written;
import io.faultline.sim.Address;
import io.faultline.sim.Context;
import io.faultline.sim.DurableStore;
import io.faultline.sim.HistoryRecorder;
import io.faultline.sim.Message;
import io.faultline.sim.Timer;
import io.faultline.sim.TimerId;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class FailoverStorageTest {

    private static final Address PRIMARY = FailoverScenario.PRIMARY;
    private static final Address BACKUP = FailoverScenario.BACKUP;
    private static final Account ONE = Account.EMPTY.deposit(0, 10);
    private static final Account TWO = ONE.deposit(1, 5);

    /** A context in which the storage only replies; the replies are kept. */
    private static final class Replies implements Context {
        final List<Message> sent = new ArrayList<>();

        @Override
        public Address self() {
            return FailoverScenario.STORAGE;
        }

        @Override
        public List<Address> nodes() {
            return List.of();
        }

        @Override
        public void send(Address to, Message message) {
            sent.add(message);
        }

        @Override
        public void reply(Message message) {
            sent.add(message);
        }

        @Override
        public TimerId setTimer(Timer timer, long delayMs) {
            throw new UnsupportedOperationException("the storage sets no timers");
        }

        @Override
        public void cancelTimer(TimerId id) {
            throw new UnsupportedOperationException("the storage sets no timers");
        }

        @Override
        public long now() {
            return 0;
        }

        @Override
        public RandomGenerator random() {
            throw new UnsupportedOperationException("the storage draws nothing");
        }

        @Override
        public DurableStore store() {
            throw new UnsupportedOperationException("the storage keeps its state in memory");
        }

        @Override
        public HistoryRecorder history() {
            throw new UnsupportedOperationException("the storage records no operations");
        }

        Message last() {
            return sent.get(sent.size() - 1);
        }
    }

    private final Replies ctx = new Replies();

    /** {@code replica} writes {@code account}: write {@code seq} of {@code session}. */
    private void write(Storage s, Address replica, long session, long seq, long epoch,
                       Account account) {
        s.onMessage(ctx, replica, new Write(replica, session, seq, epoch, account, 0));
    }

    private Storage started(boolean fenced) {
        Storage s = new Storage(fenced);
        s.init(ctx);
        return s;
    }

    @Test
    void fencedRefusesAWriteOfAnEpochOlderThanTheNewestHandedOut() {
        Storage s = started(true);
        write(s, PRIMARY, 11, 1, 1, ONE);
        s.onMessage(ctx, BACKUP, new AcquireEpoch(7));

        assertThat(ctx.last()).isEqualTo(new Loaded(7, 2, ONE));
        write(s, PRIMARY, 11, 2, 1, TWO);
        assertThat(ctx.last()).isEqualTo(new Fenced(11, 2, 2));
        assertThat(s.account()).isEqualTo(ONE);
        assertThat(s.refused()).isEqualTo(1);
        write(s, BACKUP, 22, 1, 2, TWO);
        assertThat(ctx.last()).isEqualTo(new Written(22, 1));
        assertThat(s.account()).isEqualTo(TWO);
        assertThat(s.epochConflict()).isEmpty();
    }

    @Test
    void aRepeatedRequestGetsTheSameEpochAndANewOneTheNext() {
        Storage s = started(true);
        s.onMessage(ctx, BACKUP, new AcquireEpoch(7));
        s.onMessage(ctx, BACKUP, new AcquireEpoch(7));
        s.onMessage(ctx, PRIMARY, new AcquireEpoch(8));

        assertThat(ctx.sent).extracting(m -> ((Loaded) m).epoch()).containsExactly(2L, 2L, 3L);
    }

    @Test
    void unfencedTakesEveryWriteAndTheLastWriterWins() {
        Storage s = started(false);
        write(s, PRIMARY, 11, 1, 0, TWO);
        write(s, BACKUP, 22, 1, 0, ONE);

        assertThat(ctx.sent).containsExactly(new Written(11, 1), new Written(22, 1));
        assertThat(s.account()).isEqualTo(ONE);
        assertThat(s.lastWrite().orElseThrow().replica()).isEqualTo(BACKUP);
        assertThat(s.storedBy(1).orElseThrow().replica()).isEqualTo(PRIMARY);
        s.onMessage(ctx, BACKUP, new AcquireEpoch(3));
        assertThat(ctx.sent).hasSize(2);
        s.onMessage(ctx, BACKUP, new Read(3));
        assertThat(ctx.last()).isEqualTo(new Loaded(3, 0, ONE));
    }

    @Test
    void aDuplicateOrReplayedWriteIsConfirmedAgainButChangesNothing() {
        Storage s = started(false);
        write(s, PRIMARY, 11, 1, 0, ONE);
        write(s, PRIMARY, 11, 2, 0, TWO);
        write(s, PRIMARY, 11, 1, 0, ONE);

        assertThat(s.account()).isEqualTo(TWO);
        assertThat(ctx.last()).isEqualTo(new Written(11, 1));
    }

    @Test
    void twoReplicasWritingUnderOneEpochAreRecorded() {
        Storage s = started(true);
        write(s, PRIMARY, 11, 1, 1, ONE);
        write(s, BACKUP, 22, 1, 1, TWO);

        assertThat(s.epochConflict()).hasValue("primary and backup both wrote under epoch 1"
            + " (the second at t=0ms)");
    }

    @Test
    void anAccountAppliesEachDepositOnce() {
        assertThat(TWO.deposit(0, 10)).isSameAs(TWO);
        assertThat(TWO).isEqualTo(new Account(15, List.of(0L, 1L)));
        assertThat(Account.EMPTY.deposit(5, 1).deposit(2, 3).applied()).containsExactly(2L, 5L);
    }
}
