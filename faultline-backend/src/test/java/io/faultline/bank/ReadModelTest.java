package io.faultline.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.sim.MemoryStore;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;

class ReadModelTest {

    private final MemoryStore store = new MemoryStore();
    private final ReadModel model = new ReadModel(store);

    private static Event event(long seq, EventType type, long amount, long balanceAfter) {
        return new Event("alice", seq, type, amount, balanceAfter, "c" + seq, "-", seq * 10);
    }

    @Test
    void appliesEventsInSequenceAndKeepsTheBalance() {
        assertThat(model.apply(event(1, EventType.OPENED, 0, 0)))
            .isEqualTo(ReadModel.Outcome.APPLIED);
        assertThat(model.apply(event(2, EventType.DEPOSITED, 50, 50)))
            .isEqualTo(ReadModel.Outcome.APPLIED);
        assertThat(model.apply(event(3, EventType.WITHDRAWN, 20, 30)))
            .isEqualTo(ReadModel.Outcome.APPLIED);

        assertThat(model.account("alice")).contains(new LedgerStore.Account(30, 3));
        assertThat(model.events("alice", 2, 3, 10)).extracting(Event::seq).containsExactly(2L, 3L);
    }

    @Test
    void aDuplicateChangesNothing() {
        model.apply(event(1, EventType.OPENED, 0, 0));
        model.apply(event(2, EventType.DEPOSITED, 50, 50));
        SortedMap<String, String> before = store.snapshot();

        assertThat(model.apply(event(2, EventType.DEPOSITED, 50, 50)))
            .isEqualTo(ReadModel.Outcome.DUPLICATE);
        assertThat(model.apply(event(1, EventType.OPENED, 0, 0)))
            .isEqualTo(ReadModel.Outcome.DUPLICATE);
        assertThat(store.snapshot()).isEqualTo(before);
    }

    @Test
    void aGapIsRefusedAndNeverPaperedOver() {
        model.apply(event(1, EventType.OPENED, 0, 0));
        SortedMap<String, String> before = store.snapshot();

        assertThat(model.apply(event(3, EventType.DEPOSITED, 5, 5)))
            .isEqualTo(ReadModel.Outcome.GAP);
        assertThat(store.snapshot()).isEqualTo(before);
        assertThat(model.apply(event(2, EventType.DEPOSITED, 5, 5)))
            .isEqualTo(ReadModel.Outcome.APPLIED);
        assertThat(model.apply(event(3, EventType.DEPOSITED, 5, 10)))
            .isEqualTo(ReadModel.Outcome.APPLIED);
    }

    @Test
    void aDuplicateWithOtherContentOrABrokenBalanceChainStopsTheConsumer() {
        model.apply(event(1, EventType.OPENED, 0, 0));
        model.apply(event(2, EventType.DEPOSITED, 50, 50));

        assertThatThrownBy(() -> model.apply(event(2, EventType.DEPOSITED, 51, 51)))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("alice#2");
        assertThatThrownBy(() -> model.apply(event(3, EventType.DEPOSITED, 5, 99)))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("balance 99");
    }

    @Test
    void appliesAWholePollInOneWriteWithDuplicatesAndGapsInside() {
        long writesBefore = store.writeCount();
        java.util.List<ReadModel.Outcome> outcomes = model.applyAll(java.util.List.of(
            event(1, EventType.OPENED, 0, 0),
            event(2, EventType.DEPOSITED, 50, 50),
            event(2, EventType.DEPOSITED, 50, 50),
            event(4, EventType.DEPOSITED, 1, 51),
            event(3, EventType.WITHDRAWN, 10, 40)));

        assertThat(outcomes).containsExactly(ReadModel.Outcome.APPLIED,
            ReadModel.Outcome.APPLIED, ReadModel.Outcome.DUPLICATE, ReadModel.Outcome.GAP,
            ReadModel.Outcome.APPLIED);
        assertThat(store.writeCount()).isEqualTo(writesBefore + 1);
        assertThat(model.account("alice")).contains(new LedgerStore.Account(40, 3));
    }

    @Test
    void aContradictionInAPollWritesNothingOfIt() {
        model.apply(event(1, EventType.OPENED, 0, 0));
        SortedMap<String, String> before = store.snapshot();

        assertThatThrownBy(() -> model.applyAll(java.util.List.of(
            event(2, EventType.DEPOSITED, 50, 50),
            event(3, EventType.DEPOSITED, 5, 99))))
            .isInstanceOf(IllegalStateException.class);
        assertThat(store.snapshot()).isEqualTo(before);
    }
}
