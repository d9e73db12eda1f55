package io.faultline.bank.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One real broker for the whole class: starting one takes about ten seconds. */
class EmbeddedKafkaTest {

    @TempDir
    static Path dir;
    static EmbeddedKafka kafka;

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafka.start(dir.resolve("kafka"));
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
            assertThat(kafka.isAlive()).isFalse();
        }
    }

    @Test
    void producesIdempotentlyWithAllAcksAndConsumesEveryRecordInOrderPerKey() throws Exception {
        kafka.createTopic("it.events", 3);

        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        try (KafkaProducer<String, String> producer =
                 new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 1_000; i++) {
                sent.add(producer.send(new ProducerRecord<>("it.events", "k" + (i % 7),
                    Integer.toString(i))));
            }
            producer.flush();
        }
        for (Future<RecordMetadata> f : sent) {
            assertThat(f.get().hasOffset()).isTrue();
        }

        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "it-group");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Map<String, List<Integer>> byKey = new TreeMap<>();
        int count = 0;
        try (KafkaConsumer<String, String> consumer =
                 new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("it.events"));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (count < 1_000 && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    byKey.computeIfAbsent(r.key(), k -> new ArrayList<>())
                        .add(Integer.parseInt(r.value()));
                    count++;
                }
            }
        }
        assertThat(count).isEqualTo(1_000);
        assertThat(byKey).hasSize(7);
        for (List<Integer> values : byKey.values()) {
            assertThat(values).isSorted();
        }
    }

    @Test
    void createsTopicsWithTheirExplicitPartitionCount() throws Exception {
        kafka.createTopic("it.wide", 5);
        kafka.createTopic("it.wide", 5);

        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        try (Admin admin = Admin.create(p)) {
            assertThat(admin.describeTopics(List.of("it.wide")).allTopicNames().get()
                .get("it.wide").partitions()).hasSize(5);
        }
        assertThatThrownBy(() -> kafka.createTopic("it.wide", 2))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("it.wide exists with 5 partitions, not the 2");
    }

    /**
     * The terminal sends Ctrl-C to every process of its foreground session: the broker must be
     * outside it, or it dies under clients that are still closing.
     */
    @Test
    void runsInASessionOfItsOwnSoCtrlCReachesOnlyItsOwner() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/setsid"))
            && Files.exists(Path.of("/proc/self/stat")), "needs Linux and setsid");
        assertThat(sessionOf(kafka.pid())).isEqualTo(kafka.pid())
            .isNotEqualTo(sessionOf(ProcessHandle.current().pid()));
    }

    /** The session id of a process: the sixth field of /proc/PID/stat. */
    private static long sessionOf(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(after[3]); // state, ppid, pgrp, session
    }

    @Test
    void keepsItsDataAndLogUnderTheChosenDirectory() {
        assertThat(kafka.dataDir()).isEqualTo(dir.resolve("kafka"));
        assertThat(Files.exists(dir.resolve("kafka/server.properties"))).isTrue();
        assertThat(Files.exists(dir.resolve("kafka/logs/meta.properties"))).isTrue();
        assertThat(kafka.bootstrapServers()).startsWith("127.0.0.1:").doesNotEndWith(":9092");
    }
}
