package io.faultline.bank.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One real broker shared by every test class of this JVM that only needs a broker (starting one
 * takes about ten seconds). Each test uses topics of its own. It stops when the JVM exits, and
 * its data directory is deleted then.
 */
public final class SharedKafka {

    private static EmbeddedKafka kafka;

    private SharedKafka() {
    }

    /** The shared broker, started on first use. */
    public static synchronized EmbeddedKafka get() {
        if (kafka == null || !kafka.isAlive()) {
            try {
                Path dir = Files.createTempDirectory("faultline-kafka-");
                EmbeddedKafka started = EmbeddedKafka.start(dir);
                // Each test JVM left its broker's 2 MB behind in the temporary directory.
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    started.close();
                    deleteQuietly(dir);
                }, "shared-kafka-cleanup"));
                kafka = started;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return kafka;
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A leftover temporary directory is harmless.
        }
    }

    /** A topic name no other test uses. */
    public static String uniqueTopic(String prefix) {
        return prefix + "." + System.nanoTime();
    }

}
