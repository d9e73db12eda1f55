package io.faultline.bank.kafka;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/** How this package's consumer threads are stopped: wake the consumer, wait for the thread. */
final class ConsumerLoops {

    private ConsumerLoops() {
    }

    /**
     * Wakes {@code consumer} (its blocked poll throws a wakeup exception) and waits up to
     * {@code waitSeconds} for the loop to count {@code stopped} down. The caller has already told
     * the loop to stop; either argument may be null when the loop never started.
     */
    static void wakeAndAwait(KafkaConsumer<?, ?> consumer, Thread thread, CountDownLatch stopped,
                             long waitSeconds) {
        if (consumer != null) {
            consumer.wakeup();
        }
        if (thread != null) {
            try {
                stopped.await(waitSeconds, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
