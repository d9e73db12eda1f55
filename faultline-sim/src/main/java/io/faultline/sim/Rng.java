package io.faultline.sim;

import java.util.random.RandomGenerator;

/**
 * A seeded random stream (SplitMix64). Its output is fixed by its seed on every JVM, which
 * {@code java.util.Random} also is but {@code new Random()} and {@code Math.random} are not.
 * Streams for subsystems are split off a root with {@link #split(String)}, so that adding a draw in
 * one subsystem does not change what another subsystem draws.
 */
public final class Rng implements RandomGenerator {

    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private final long seed;
    private long state;

    public Rng(long seed) {
        this.seed = seed;
        this.state = seed;
    }

    /** The seed this stream started from. */
    public long seed() {
        return seed;
    }

    @Override
    public long nextLong() {
        long z = (state += GOLDEN_GAMMA);
        return mix(z);
    }

    /**
     * An independent stream for {@code name}, derived from this stream's seed and the name only,
     * never from how much of this stream was used.
     */
    public Rng split(String name) {
        long h = seed;
        for (int i = 0; i < name.length(); i++) {
            h = mix(h ^ name.charAt(i)) + GOLDEN_GAMMA;
        }
        return new Rng(mix(h));
    }

    /** True with probability {@code p}; never draws when p is 0 or 1. */
    public boolean chance(double p) {
        if (p <= 0) {
            return false;
        }
        if (p >= 1) {
            return true;
        }
        return nextDouble() < p;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
