package io.faultline.bank.kafka;

import io.faultline.bank.LedgerMessages.AckOutbox;
import io.faultline.bank.LedgerMessages.OutboxAcked;
import io.faultline.bank.LedgerMessages.OutboxRow;
import io.faultline.bank.LedgerMessages.OutboxRows;
import io.faultline.bank.LedgerMessages.ReadOutbox;
import io.faultline.bank.LedgerMessages.Reply;
import io.faultline.bank.app.BankJson;
import io.faultline.bank.app.LedgerGateway;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes the ledger's outbox to a Kafka topic, keyed by account, and marks rows sent only after
 * the broker acknowledged them (idempotent producer, {@code acks=all}).
 *
 * <p>Why nothing is lost or applied twice: the ledger writes each event and its outbox row in one
 * batch, so a crash before publishing leaves the row in the outbox and the next relay publishes it.
 * A crash after publishing but before {@link AckOutbox} publishes the row again; the copy has the
 * same (account, sequence number), which consumers ({@link io.faultline.bank.ReadModel}) treat as
 * a duplicate. Keying by account puts an account's events in one partition, in order.
 *
 * <pre>{@code
 * try (OutboxRelay relay = new OutboxRelay(ledger, kafka.bootstrapServers(), "bank.events", 500)) {
 *     relay.start();   // a background thread; or call relayOnce() yourself
 * }
 * }</pre>
 * Thread-safe: {@link #relayOnce()} is serialised; {@link #start()} runs it on one thread.
 */
public final class OutboxRelay implements AutoCloseable {

    /** The default topic of the ledger's events. */
    public static final String EVENTS_TOPIC = "bank.events";
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(30);
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    private static final long BACKOFF_MS_MIN = 50;
    private static final long BACKOFF_MS_MAX = 2_000;
    /** How often, at most, the relay tells the ledger how far the outbox is published. */
    public static final long ACK_INTERVAL_MS = 100;

    private final LedgerGateway ledger;
    private final String topic;
    private final int pageMax;
    private final KafkaProducer<String, byte[]> producer;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    /** The newest outbox id published to the broker, and the newest acknowledged to the ledger. */
    private long publishedUpTo;
    private long ackedUpTo;
    private long lastAckNanos;
    private volatile boolean running;
    private Thread thread;

    /**
     * @param pageMax the most outbox rows read, published and acknowledged in one round
     */
    public OutboxRelay(LedgerGateway ledger, String bootstrapServers, String topic, int pageMax) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.topic = Objects.requireNonNull(topic, "topic");
        if (pageMax < 1 || pageMax > 10_000) {
            throw new IllegalArgumentException("pageMax must be in [1, 10000], was " + pageMax);
        }
        this.pageMax = pageMax;
        this.producer = new KafkaProducer<>(producerProperties(bootstrapServers),
            new StringSerializer(), new ByteArraySerializer());
    }

    static Properties producerProperties(String bootstrapServers) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        // No lingering: each hop of an update adds its linger to the update's latency.
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        return p;
    }

    /**
     * Reads the next page of the outbox after what this relay already published, publishes it and
     * waits for the broker's acknowledgements; then, at most every {@link #ACK_INTERVAL_MS} ms,
     * tells the ledger how far the outbox is published so it can drop those rows. Acknowledging
     * less often than publishing keeps the ledger's thread free of a commit per event; a crash
     * before the acknowledgement publishes those rows again, which consumers drop as duplicates.
     *
     * @return how many rows were published
     * @throws IllegalStateException when the ledger or the broker fails; the relay then starts
     *     again after the last acknowledged row
     */
    public synchronized int relayOnce() {
        List<OutboxRow> rows;
        try {
            rows = readPage();
            if (!rows.isEmpty()) {
                publish(rows);
                publishedUpTo = rows.get(rows.size() - 1).outboxId();
            }
        } catch (RuntimeException e) {
            publishedUpTo = ackedUpTo;
            throw e;
        }
        if (publishedUpTo > ackedUpTo
            && System.nanoTime() - lastAckNanos >= TimeUnit.MILLISECONDS.toNanos(ACK_INTERVAL_MS)) {
            ackPublished();
        }
        return rows.size();
    }

    /** Tells the ledger now that every row this relay published may be dropped. */
    public synchronized void ackPublished() {
        if (publishedUpTo > ackedUpTo) {
            ack(publishedUpTo);
            ackedUpTo = publishedUpTo;
        }
        lastAckNanos = System.nanoTime();
    }

    List<OutboxRow> readPage() {
        Reply reply = await(ledger.ask(new ReadOutbox(publishedUpTo, pageMax)), ASK_TIMEOUT,
            "read outbox");
        if (reply instanceof OutboxRows r) {
            return r.rows();
        }
        throw new IllegalStateException("the ledger refused to read its outbox: " + reply);
    }

    void publish(List<OutboxRow> rows) {
        List<Future<RecordMetadata>> acks = new ArrayList<>(rows.size());
        for (OutboxRow row : rows) {
            byte[] value = BankJson.write(row.event()).getBytes(StandardCharsets.UTF_8);
            acks.add(producer.send(new ProducerRecord<>(topic, row.event().client(), value)));
        }
        producer.flush();
        for (Future<RecordMetadata> ack : acks) {
            await(ack, PUBLISH_TIMEOUT, "publish to " + topic);
        }
        published.addAndGet(rows.size());
    }

    private void ack(long upTo) {
        Reply reply = await(ledger.ask(new AckOutbox(upTo)), ASK_TIMEOUT, "acknowledge outbox");
        if (!(reply instanceof OutboxAcked)) {
            throw new IllegalStateException("the ledger refused the outbox ack up to " + upTo
                + ": " + reply);
        }
    }

    private static <T> T await(Future<T> future, Duration timeout, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(what + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(what + " took longer than " + timeout.toMillis()
                + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " was interrupted", e);
        }
    }

    /** Starts relaying on a background thread until {@link #close()}. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("the relay is already started");
        }
        running = true;
        thread = new Thread(this::run, "outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        long backoffMs = BACKOFF_MS_MIN;
        while (running) {
            try {
                if (relayOnce() == 0) {
                    LockSupport.parkNanos(IDLE_PARK_NANOS);
                }
                backoffMs = BACKOFF_MS_MIN;
            } catch (RuntimeException e) {
                // Nothing was acknowledged: the same rows go out again after the pause.
                failures.incrementAndGet();
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(backoffMs));
                backoffMs = Math.min(BACKOFF_MS_MAX, backoffMs * 2);
            }
        }
    }

    /** How many rows this relay published (duplicates after a failure included). */
    public long publishedCount() {
        return published.get();
    }

    /** How many rounds failed and were retried. */
    public long failureCount() {
        return failures.get();
    }

    /**
     * Stops the thread (if started), acknowledges what was published and closes the producer.
     * A relay that dies without this leaves its last rows to be published again.
     */
    @Override
    public void close() {
        running = false;
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            try {
                t.join(2_000);
                if (t.isAlive()) {
                    // Stuck waiting for a broker that is gone: nothing was acknowledged, so
                    // interrupting loses nothing.
                    t.interrupt();
                    t.join(5_000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            ackPublished();
        } catch (RuntimeException e) {
            // The ledger is gone or refuses: the rows stay in the outbox and go out again.
        }
        producer.close(Duration.ofSeconds(5));
    }
}
