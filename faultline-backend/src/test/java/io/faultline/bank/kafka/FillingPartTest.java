package io.faultline.bank.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.bank.Event;
import io.faultline.bank.EventType;
import io.faultline.bank.LedgerStore;
import io.faultline.bank.ReadModel;
import io.faultline.bank.app.BankJson;
import io.faultline.bank.app.SynchronizedStore;
import io.faultline.sim.MemoryStore;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The filling part against records written straight to the topic, gaps and junk included. */
class FillingPartTest {

    private static Event event(String client, long seq, long balanceAfter, long amount) {
        return new Event(client, seq, seq == 1 ? EventType.OPENED : EventType.DEPOSITED,
            amount, balanceAfter, "c" + seq, "-", seq);
    }

    private static void publish(String topic, String key, byte[] value) {
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(
            OutboxRelay.producerProperties(SharedKafka.get().bootstrapServers()),
            new StringSerializer(), new ByteArraySerializer())) {
            p.send(new ProducerRecord<>(topic, 0, key, value));
        }
    }

    private static void publish(String topic, Event e) {
        publish(topic, e.client(), BankJson.write(e).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aGapOrAJunkRecordHoldsItsPartitionAndIsNeverSkipped() throws Exception {
        EmbeddedKafka kafka = SharedKafka.get();
        String events = SharedKafka.uniqueTopic("filling.events");
        String notes = SharedKafka.uniqueTopic("filling.notes");
        String junkTopic = SharedKafka.uniqueTopic("filling.junk");
        kafka.createTopic(events, 1);
        kafka.createTopic(notes, 1);
        kafka.createTopic(junkTopic, 1);
        publish(events, event("alice", 1, 0, 0));
        publish(events, event("alice", 3, 10, 10));
        publish(events, event("bob", 1, 0, 0));

        ReadModel readModel = new ReadModel(new SynchronizedStore(new MemoryStore()));
        FillingPart.Options options = FillingPart.Options.defaults().withTopics(events, notes)
            .withGroupId(SharedKafka.uniqueTopic("filling.group")).withSessionTimeoutMs(3_000);
        try (FillingPart filling = new FillingPart("f", kafka.bootstrapServers(), readModel,
            options).start()) {
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (filling.gapCount() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            // Retried after each pause and refused each time: alice stays at 1, never 3.
            assertThat(filling.gapCount()).isGreaterThanOrEqualTo(2);
            assertThat(readModel.account("alice")).contains(new LedgerStore.Account(0, 1));
            assertThat(readModel.view().events("alice")).extracting(Event::seq)
                .containsExactly(1L);
            // Another account's event behind the gap is applied; it will come again as a
            // duplicate once the partition moves on.
            assertThat(readModel.account("bob")).isPresent();
        }

        // Junk is held the same way: nothing after it is committed or skipped.
        publish(junkTopic, "alice", "{not json".getBytes(StandardCharsets.UTF_8));
        publish(junkTopic, event("carol", 1, 0, 0));
        ReadModel other = new ReadModel(new SynchronizedStore(new MemoryStore()));
        try (FillingPart filling = new FillingPart("g", kafka.bootstrapServers(), other,
            options.withTopics(junkTopic, notes).withGroupId(SharedKafka.uniqueTopic("g")))
            .start()) {
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (filling.malformedCount() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(filling.malformedCount()).isGreaterThanOrEqualTo(2);
            assertThat(other.account("carol")).isEmpty();
            assertThat(filling.appliedCount()).isZero();
        }
    }
}
