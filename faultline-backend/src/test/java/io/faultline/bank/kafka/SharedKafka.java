package io.faultline.bank.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One real broker shared by every test class of this JVM that only needs a broker (starting one
 * takes about ten seconds). Each test uses topics of its own. It stops when the JVM exits.
 */
public final class SharedKafka {

    private static EmbeddedKafka kafka;

    private SharedKafka() {
    }

    /** The shared broker, started on first use. */
    public static synchronized EmbeddedKafka get() {
        if (kafka == null || !kafka.isAlive()) {
            try {
                kafka = EmbeddedKafka.start(Files.createTempDirectory("faultline-kafka-"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return kafka;
    }

    /** A topic name no other test uses. */
    public static String uniqueTopic(String prefix) {
        return prefix + "." + System.nanoTime();
    }

}
