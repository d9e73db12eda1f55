package io.faultline.app;

import picocli.CommandLine.Option;

/** The seeds of each cell of a models table ({@code demo}, {@code detectors}): a picocli mixin. */
final class CellSeeds {

    @Option(names = "--seeds", paramLabel = "COUNT", defaultValue = "20",
        description = "seeds per cell (default: ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", converter = SeedConverter.class,
        description = "first seed (default: ${DEFAULT-VALUE})")
    long first;

    /** Checks the count: a usage error names it and the valid range. */
    CellSeeds check() {
        if (count < 1 || count > 100_000) {
            throw new UsageException("--seeds must be in [1, 100000], got " + count);
        }
        return this;
    }

    /** "20 seeds per cell (seeds 1..20)". */
    String describe() {
        return count + " seeds per cell (seeds " + Long.toUnsignedString(first) + ".."
            + Long.toUnsignedString(first + count - 1) + ")";
    }
}
