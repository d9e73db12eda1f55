package io.faultline.bank.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.bank.Event;
import io.faultline.bank.EventType;
import io.faultline.bank.ReadModel;
import io.faultline.bank.app.SynchronizedStore;
import io.faultline.sim.MemoryStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class NotificationFeedTest {

    private static Event event(long seq) {
        return new Event("alice", seq, seq == 1 ? EventType.OPENED : EventType.DEPOSITED,
            seq == 1 ? 0 : 1, seq - 1, "c" + seq, "-", seq);
    }

    @Test
    void sendsTheBacklogAfterTheCursorThenCatchesUpEvenWithoutANotification()
        throws Exception {
        String topic = SharedKafka.uniqueTopic("feed.notes");
        SharedKafka.get().createTopic(topic, 2);
        ReadModel readModel = new ReadModel(new SynchronizedStore(new MemoryStore()));
        for (long seq = 1; seq <= 3; seq++) {
            readModel.apply(event(seq));
        }
        List<Long> got = new CopyOnWriteArrayList<>();
        try (NotificationFeed feed = new NotificationFeed(SharedKafka.get().bootstrapServers(),
            topic, readModel, 2).start();
             AutoCloseable sub = feed.subscribe("alice", 1, e -> got.add(e.seq()))) {
            assertThat(got).containsExactly(2L, 3L);

            // Applied, but nobody announces it: the periodic sweep still delivers it.
            readModel.apply(event(4));
            long deadline = System.nanoTime() + (NotificationFeed.SWEEP_MS + 3_000) * 1_000_000L;
            while (got.size() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(got).containsExactly(2L, 3L, 4L);
        }
    }
}
