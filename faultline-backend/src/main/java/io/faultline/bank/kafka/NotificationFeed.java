package io.faultline.bank.kafka;

import io.faultline.bank.Event;
import io.faultline.bank.ReadModel;
import io.faultline.bank.app.EventFeed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The response part's source of pushes: it listens to the notifications topic (every partition,
 * no consumer group: each response replica hears everything) and, for each notification about a
 * client, sends that client's subscribers every event after the last one they got, read from the
 * {@link ReadModel}.
 *
 * <p>Why no gap and no repeat: a subscriber's events always come from the read model, which holds
 * an account's events without a gap, starting after the last sequence number sent; a notification
 * is only a wake-up. The filling part announces an event after the read model holds it, so a
 * wake-up always finds it there. A resumed stream ({@code Last-Event-ID}) starts after that id.
 * Every {@link #SWEEP_MS} ms every subscriber is caught up anyway, so that a notification lost in
 * a crash delays an update by at most that long rather than until the client's next event.
 *
 * <p>Thread-safe. Deliveries to one subscriber are serialised; they run on the feed's thread or on
 * the subscribing thread (for the backlog).
 */
public final class NotificationFeed implements EventFeed, AutoCloseable {

    /** The default topic the filling part announces applied events on, keyed by client. */
    public static final String NOTIFICATIONS_TOPIC = "bank.notifications";
    private static final Duration POLL = Duration.ofMillis(100);
    /** How often every subscriber is caught up without a notification, in milliseconds. */
    static final long SWEEP_MS = 2_000;

    private final String bootstrapServers;
    private final String topic;
    private final ReadModel readModel;
    private final int pageMax;
    private final Map<String, List<Subscription>> subscribers = new ConcurrentHashMap<>();
    private final AtomicLong delivered = new AtomicLong();
    private final CountDownLatch assigned = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    /**
     * @param pageMax the most events read from the read model at once for one subscriber
     */
    public NotificationFeed(String bootstrapServers, String topic, ReadModel readModel,
                            int pageMax) {
        this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        this.topic = Objects.requireNonNull(topic, "topic");
        this.readModel = Objects.requireNonNull(readModel, "readModel");
        if (pageMax < 1 || pageMax > 100_000) {
            throw new IllegalArgumentException("pageMax must be in [1, 100000], was " + pageMax);
        }
        this.pageMax = pageMax;
    }

    /** Starts listening from the end of the topic; returns once every partition is assigned. */
    public synchronized NotificationFeed start() {
        if (thread != null) {
            throw new IllegalStateException("the feed is already started");
        }
        running = true;
        thread = new Thread(this::run, "notification-feed");
        thread.setDaemon(true);
        thread.start();
        try {
            if (!assigned.await(45, TimeUnit.SECONDS) || stopped.getCount() == 0) {
                throw new IllegalStateException("could not read topic " + topic + " at "
                    + bootstrapServers + " within 45 s, or the feed stopped");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the feed", e);
        }
        return this;
    }

    private void run() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1000");
        KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(),
            new ByteArrayDeserializer());
        consumer = c;
        try {
            List<TopicPartition> partitions = partitions(c);
            c.assign(partitions);
            c.seekToEnd(partitions);
            partitions.forEach(c::position);
            assigned.countDown();
            long sweepDue = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SWEEP_MS);
            while (running) {
                // Wake each client once per round however many notifications it got.
                Map<String, Boolean> woken = new LinkedHashMap<>();
                for (ConsumerRecord<String, byte[]> r : c.poll(POLL)) {
                    woken.put(r.key(), true);
                }
                for (String client : woken.keySet()) {
                    wake(client);
                }
                if (System.nanoTime() > sweepDue) {
                    // A notification lost with a crashed filling instance must not stall a
                    // stream until the client's next event: look at every subscriber now and then.
                    subscribers.keySet().forEach(this::wake);
                    sweepDue = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SWEEP_MS);
                }
            }
        } catch (WakeupException e) {
            // close() stops the loop.
        } finally {
            c.close(Duration.ofSeconds(2));
            stopped.countDown();
            assigned.countDown();
        }
    }

    /** The topic's partitions; a topic created a moment ago may take a while to be known. */
    private List<TopicPartition> partitions(KafkaConsumer<String, byte[]> c) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : c.partitionsFor(topic, Duration.ofSeconds(10))) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            if (!partitions.isEmpty()) {
                return partitions;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topic " + topic + " has no partitions at "
                    + bootstrapServers + "; create it first");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while looking up " + topic, e);
            }
        }
    }

    private void wake(String client) {
        List<Subscription> subs = subscribers.get(client);
        if (subs != null) {
            for (Subscription s : subs) {
                s.catchUp();
            }
        }
    }

    @Override
    public AutoCloseable subscribe(String client, long afterSeq, Consumer<Event> sink) {
        Subscription s = new Subscription(client, afterSeq, sink);
        subscribers.computeIfAbsent(client, k -> new CopyOnWriteArrayList<>()).add(s);
        s.catchUp();
        return s;
    }

    /** How many events were pushed to subscribers in total. */
    public long deliveredCount() {
        return delivered.get();
    }

    /** One client's stream: sends every event after {@code lastSent}, in order, once. */
    private final class Subscription implements AutoCloseable {
        private final String client;
        private final Consumer<Event> sink;
        private long lastSent;
        private volatile boolean closed;

        Subscription(String client, long afterSeq, Consumer<Event> sink) {
            this.client = client;
            this.lastSent = afterSeq;
            this.sink = sink;
        }

        synchronized void catchUp() {
            while (!closed) {
                List<Event> page = readModel.events(client, lastSent + 1, Long.MAX_VALUE, pageMax);
                for (Event e : page) {
                    if (closed) {
                        return;
                    }
                    sink.accept(e);
                    lastSent = e.seq();
                    delivered.incrementAndGet();
                }
                if (page.size() < pageMax) {
                    return;
                }
            }
        }

        @Override
        public void close() {
            closed = true;
            List<Subscription> subs = subscribers.get(client);
            if (subs != null) {
                subs.remove(this);
            }
        }
    }

    /** Stops listening; open subscriptions get nothing more. */
    @Override
    public void close() {
        running = false;
        ConsumerLoops.wakeAndAwait(consumer, thread, stopped, 10);
    }
}
