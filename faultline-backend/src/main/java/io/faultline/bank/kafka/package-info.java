/**
 * The bank's Kafka adapters: {@link io.faultline.bank.kafka.EmbeddedKafka}, a real KRaft broker
 * started as a child JVM when no {@code --kafka} address is given; the outbox relay that publishes
 * the ledger's events; and the filling part that applies them to a read model.
 *
 * <h2>Example</h2>
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.start(Path.of("data/kafka"))) {
 *     kafka.createTopic("bank.events", 8);
 * }
 * }</pre>
 *
 * <h2>Thread-safety and costs</h2>
 * Starting a broker takes about ten seconds and one extra JVM (at most 512 MiB of heap). Classes
 * say whether they are thread-safe in their own Javadoc.
 */
package io.faultline.bank.kafka;
