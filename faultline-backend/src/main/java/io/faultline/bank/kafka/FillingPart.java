package io.faultline.bank.kafka;

import io.faultline.bank.Event;
import io.faultline.bank.ReadModel;
import io.faultline.bank.app.BankJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The filling part: one member of a Kafka consumer group that applies the ledger's events to a
 * {@link ReadModel} and then announces each applied event on the notifications topic (the "also
 * broker" of the course: any service may listen there for pushes, keyed by client).
 *
 * <p>Offsets are committed only after the read model holds the events and their notifications
 * were acknowledged, so a crash redelivers; the read model drops redelivered events as
 * duplicates (and they are announced again, harmlessly, in case the crash lost an announcement).
 * An event that would leave a gap is not applied: its partition is rewound to it and paused for
 * {@link #GAP_RETRY_MS} ms, and never skipped. Run two or more instances with the same group id:
 * when one dies, the group rebalances and another takes its partitions over.
 *
 * <pre>{@code
 * FillingPart filling = new FillingPart("filling-1", kafka.bootstrapServers(), readModel,
 *     FillingPart.Options.defaults());
 * filling.start();
 * }</pre>
 * Thread-safe: the consumer lives on the instance's own thread.
 */
public final class FillingPart implements AutoCloseable {

    /** How long a partition waits after a gap before it reads the missing event again. */
    public static final long GAP_RETRY_MS = 500;
    private static final Duration POLL = Duration.ofMillis(100);

    /**
     * Settings of a filling-part instance.
     *
     * @param eventsTopic where the relay publishes the ledger's events
     * @param notificationsTopic where applied events are announced
     * @param groupId the consumer group shared by all instances
     * @param sessionTimeoutMs how long the group waits for a silent member before rebalancing
     * @param maxPollRecords the most records handled in one round
     */
    public record Options(String eventsTopic, String notificationsTopic, String groupId,
                          int sessionTimeoutMs, int maxPollRecords) {
        public Options {
            Objects.requireNonNull(eventsTopic, "eventsTopic");
            Objects.requireNonNull(notificationsTopic, "notificationsTopic");
            Objects.requireNonNull(groupId, "groupId");
            if (sessionTimeoutMs < 1_000 || sessionTimeoutMs > 300_000) {
                throw new IllegalArgumentException("sessionTimeoutMs must be in [1000, 300000],"
                    + " was " + sessionTimeoutMs);
            }
            if (maxPollRecords < 1 || maxPollRecords > 10_000) {
                throw new IllegalArgumentException("maxPollRecords must be in [1, 10000], was "
                    + maxPollRecords);
            }
        }

        /** {@code bank.events} to {@code bank.notifications}, group {@code bank.filling}, 6 s. */
        public static Options defaults() {
            return new Options(OutboxRelay.EVENTS_TOPIC, NotificationFeed.NOTIFICATIONS_TOPIC,
                "bank.filling", 6_000, 500);
        }

        public Options withTopics(String events, String notifications) {
            return new Options(events, notifications, groupId, sessionTimeoutMs, maxPollRecords);
        }

        public Options withGroupId(String group) {
            return new Options(eventsTopic, notificationsTopic, group, sessionTimeoutMs,
                maxPollRecords);
        }

        public Options withSessionTimeoutMs(int ms) {
            return new Options(eventsTopic, notificationsTopic, groupId, ms, maxPollRecords);
        }
    }

    private final String name;
    private final String bootstrapServers;
    private final ReadModel readModel;
    private final Options options;
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong gaps = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final Map<TopicPartition, Long> pausedUntilMs = new HashMap<>();
    private final Map<Integer, Boolean> owned = new ConcurrentHashMap<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running;
    private volatile boolean crash;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    public FillingPart(String name, String bootstrapServers, ReadModel readModel,
                       Options options) {
        this.name = Objects.requireNonNull(name, "name");
        this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        this.readModel = Objects.requireNonNull(readModel, "readModel");
        this.options = Objects.requireNonNull(options, "options");
    }

    /** Joins the group and starts applying on this instance's thread. */
    public synchronized FillingPart start() {
        if (thread != null) {
            throw new IllegalStateException(name + " is already started");
        }
        running = true;
        thread = new Thread(this::run, "filling-" + name);
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    private Properties consumerProperties() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, options.groupId());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "filling-" + name);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(options.maxPollRecords()));
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG,
            Integer.toString(options.sessionTimeoutMs()));
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
            Integer.toString(Math.max(100, options.sessionTimeoutMs() / 4)));
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return p;
    }

    private void run() {
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
            OutboxRelay.producerProperties(bootstrapServers), new StringSerializer(),
            new ByteArraySerializer());
        KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(consumerProperties(),
            new StringDeserializer(), new ByteArrayDeserializer());
        consumer = c;
        try {
            c.subscribe(List.of(options.eventsTopic()), new Ownership());
            while (running) {
                resumeDuePartitions(c);
                ConsumerRecords<String, byte[]> records = c.poll(POLL);
                if (!records.isEmpty() && running) {
                    handle(c, producer, records);
                }
            }
        } catch (WakeupException e) {
            // close() or kill() woke the consumer to stop it.
        } finally {
            if (crash) {
                // A crash: no commit and no goodbye; the group notices by the session timeout.
                c.close(CloseOptions.groupMembershipOperation(
                    CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP)
                    .withTimeout(Duration.ZERO));
                producer.close(Duration.ZERO);
            } else {
                commitOnStop(c);
                c.close(CloseOptions.timeout(Duration.ofSeconds(2)));
                producer.close(Duration.ofSeconds(2));
            }
            owned.clear();
            stopped.countDown();
        }
    }

    /**
     * Applies one poll's records in one read-model commit, then announces them and commits the
     * offsets. Per partition, the first record that is malformed or would leave a gap is a stop
     * point: the partition is rewound to it and paused, and nothing from it on is committed.
     * Records after a stop point may still have been applied (other accounts); they come again
     * and are then duplicates.
     */
    private void handle(KafkaConsumer<String, byte[]> c, KafkaProducer<String, byte[]> producer,
                        ConsumerRecords<String, byte[]> records) {
        List<ConsumerRecord<String, byte[]>> usable = new ArrayList<>();
        List<Event> events = new ArrayList<>();
        Map<TopicPartition, Long> stopAt = new HashMap<>();
        for (TopicPartition tp : records.partitions()) {
            for (ConsumerRecord<String, byte[]> r : records.records(tp)) {
                try {
                    events.add(BankJson.readEvent(r.value()));
                    usable.add(r);
                } catch (RuntimeException notAnEvent) {
                    malformed.incrementAndGet();
                    stopAt.put(tp, r.offset());
                    break;
                }
            }
        }
        List<ReadModel.Outcome> outcomes;
        try {
            synchronized (readModel) {
                outcomes = readModel.applyAll(events);
            }
        } catch (IllegalStateException corrupt) {
            // An event contradicts the read model: hold every partition of this poll where it
            // started, rather than skip anything; an operator must look.
            malformed.incrementAndGet();
            for (TopicPartition tp : records.partitions()) {
                holdBack(c, tp, records.records(tp).get(0).offset());
            }
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        for (int i = 0; i < usable.size(); i++) {
            ConsumerRecord<String, byte[]> r = usable.get(i);
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            if (stopAt.containsKey(tp) && stopAt.get(tp) <= r.offset()) {
                continue;
            }
            ReadModel.Outcome outcome = outcomes.get(i);
            if (outcome == ReadModel.Outcome.GAP) {
                gaps.incrementAndGet();
                stopAt.put(tp, r.offset());
                continue;
            }
            (outcome == ReadModel.Outcome.APPLIED ? applied : duplicates).incrementAndGet();
            producer.send(new ProducerRecord<>(options.notificationsTopic(), r.key(), r.value()));
            commit.put(tp, new OffsetAndMetadata(r.offset() + 1));
        }
        for (Map.Entry<TopicPartition, Long> stop : stopAt.entrySet()) {
            holdBack(c, stop.getKey(), stop.getValue());
        }
        producer.flush();
        if (!commit.isEmpty() && !crash) {
            // Asynchronous: a lost commit only means redelivery, which the read model absorbs;
            // offsets are committed synchronously when the instance stops.
            c.commitAsync(commit, null);
        }
    }

    private static void commitOnStop(KafkaConsumer<String, byte[]> c) {
        try {
            c.commitSync(Duration.ofSeconds(2));
        } catch (RuntimeException e) {
            // Offsets not committed are redelivered to the next owner and dropped as duplicates.
        }
    }

    private void holdBack(KafkaConsumer<String, byte[]> c, TopicPartition tp, long offset) {
        c.seek(tp, offset);
        c.pause(List.of(tp));
        pausedUntilMs.put(tp, System.currentTimeMillis() + GAP_RETRY_MS);
    }

    private void resumeDuePartitions(KafkaConsumer<String, byte[]> c) {
        long now = System.currentTimeMillis();
        List<TopicPartition> due = new ArrayList<>();
        pausedUntilMs.entrySet().removeIf(e -> {
            if (e.getValue() <= now) {
                due.add(e.getKey());
                return true;
            }
            return false;
        });
        due.retainAll(c.assignment());
        if (!due.isEmpty()) {
            c.resume(due);
        }
    }

    /** Tracks which partitions this instance owns, for tests and the failover report. */
    private final class Ownership implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            partitions.forEach(tp -> owned.remove(tp.partition()));
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            partitions.forEach(tp -> owned.put(tp.partition(), true));
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            onPartitionsRevoked(partitions);
        }
    }

    /** This instance's name. */
    public String name() {
        return name;
    }

    /** How many events this instance applied to the read model. */
    public long appliedCount() {
        return applied.get();
    }

    /** How many redelivered events this instance recognised and dropped. */
    public long duplicateCount() {
        return duplicates.get();
    }

    /** How many times an event arrived ahead of a missing one and was held back. */
    public long gapCount() {
        return gaps.get();
    }

    /** How many times a record that is not a valid next event held its partition back. */
    public long malformedCount() {
        return malformed.get();
    }

    /** How many partitions this instance owns now. */
    public int ownedPartitionCount() {
        return owned.size();
    }

    /** Whether the thread is still running. */
    public boolean isRunning() {
        return stopped.getCount() > 0 && thread != null;
    }

    /**
     * Dies as a crashed process would: stops at once, commits nothing more and does not leave
     * the group, which therefore rebalances only after the session timeout.
     */
    public void kill() {
        crash = true;
        stop();
    }

    /** Stops cleanly: finishes the round, commits, leaves the group so it rebalances at once. */
    @Override
    public void close() {
        stop();
    }

    private void stop() {
        running = false;
        ConsumerLoops.wakeAndAwait(consumer, thread, stopped, 20);
    }
}
