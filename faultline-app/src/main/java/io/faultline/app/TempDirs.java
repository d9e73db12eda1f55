package io.faultline.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Temporary directories of real runs' node stores. */
public final class TempDirs {

    private TempDirs() {
    }

    /** Deletes {@code dir} and everything in it; a leftover is harmless, so failures are not. */
    public static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // Leaving a temporary directory behind is harmless; the run's result stands.
        }
    }
}
