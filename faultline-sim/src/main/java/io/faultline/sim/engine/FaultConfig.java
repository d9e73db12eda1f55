package io.faultline.sim.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The rates and bounds of a simulation's faults, immutable. Build with {@link #builder()}; each
 * setter checks its range at once and names the parameter and the range.
 *
 * <p>Faults fire only before the heal point ({@link #healAtMs()}): after it no message is lost,
 * duplicated or altered, no node crashes, partitions heal and crashed nodes of the crash-recovery
 * model restart. Liveness properties must then hold within {@link #livenessBoundMs()}.
 */
public final class FaultConfig {

    private final double lossRate;
    private final double duplicateRate;
    private final double corruptRate;
    private final double spoofRate;
    private final double replayRate;
    private final double crashesPerSecond;
    private final double midHandlerCrashRate;
    private final long restartMinMs;
    private final long restartMaxMs;
    private final long deltaMs;
    private final long asyncDelayCapMs;
    private final double pausesPerSecond;
    private final long pauseCapMs;
    private final double partitionRate;
    private final List<Partition> partitions;
    private final long healAtMs;
    private final long livenessBoundMs;
    private final long maxEvents;

    private FaultConfig(Builder b) {
        this.lossRate = b.lossRate;
        this.duplicateRate = b.duplicateRate;
        this.corruptRate = b.corruptRate;
        this.spoofRate = b.spoofRate;
        this.replayRate = b.replayRate;
        this.crashesPerSecond = b.crashesPerSecond;
        this.midHandlerCrashRate = b.midHandlerCrashRate;
        this.restartMinMs = b.restartMinMs;
        this.restartMaxMs = b.restartMaxMs;
        this.deltaMs = b.deltaMs;
        this.asyncDelayCapMs = b.asyncDelayCapMs;
        this.pausesPerSecond = b.pausesPerSecond;
        this.pauseCapMs = b.pauseCapMs;
        this.partitionRate = b.partitionRate;
        this.partitions = List.copyOf(b.partitions);
        this.healAtMs = b.healAtMs;
        this.livenessBoundMs = b.livenessBoundMs;
        this.maxEvents = b.maxEvents;
    }

    /** The defaults: faults for 5 s of virtual time, then 20 s for liveness. */
    public static FaultConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from this configuration's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.lossRate = lossRate;
        b.duplicateRate = duplicateRate;
        b.corruptRate = corruptRate;
        b.spoofRate = spoofRate;
        b.replayRate = replayRate;
        b.crashesPerSecond = crashesPerSecond;
        b.midHandlerCrashRate = midHandlerCrashRate;
        b.restartMinMs = restartMinMs;
        b.restartMaxMs = restartMaxMs;
        b.deltaMs = deltaMs;
        b.asyncDelayCapMs = asyncDelayCapMs;
        b.pausesPerSecond = pausesPerSecond;
        b.pauseCapMs = pauseCapMs;
        b.partitionRate = partitionRate;
        b.partitions = new ArrayList<>(partitions);
        b.healAtMs = healAtMs;
        b.livenessBoundMs = livenessBoundMs;
        b.maxEvents = maxEvents;
        return b;
    }

    /** Probability that a message is lost (fair-loss and arbitrary networks). */
    public double lossRate() {
        return lossRate;
    }

    /** Probability that a message is delivered twice (fair-loss and arbitrary networks). */
    public double duplicateRate() {
        return duplicateRate;
    }

    /** Probability that the adversary alters a message (arbitrary network). */
    public double corruptRate() {
        return corruptRate;
    }

    /** Probability that the adversary also delivers a copy with a forged sender (arbitrary). */
    public double spoofRate() {
        return spoofRate;
    }

    /** Probability that the adversary replays an earlier message (arbitrary). */
    public double replayRate() {
        return replayRate;
    }

    /** Mean crashes per crashable node per second of virtual time, before the heal point. */
    public double crashesPerSecond() {
        return crashesPerSecond;
    }

    /** Probability that a crash strikes inside a handler, between its store writes and sends. */
    public double midHandlerCrashRate() {
        return midHandlerCrashRate;
    }

    public long restartMinMs() {
        return restartMinMs;
    }

    public long restartMaxMs() {
        return restartMaxMs;
    }

    /** The known delay bound: every delay is at most this under sync (and after GST). */
    public long deltaMs() {
        return deltaMs;
    }

    /** The simulator's practical cap on an unbounded (async, pre-GST) delay. */
    public long asyncDelayCapMs() {
        return asyncDelayCapMs;
    }

    /** Mean process pauses per node per second under async and before GST. */
    public double pausesPerSecond() {
        return pausesPerSecond;
    }

    public long pauseCapMs() {
        return pauseCapMs;
    }

    /** Probability that a run gets one random partition before the heal point. */
    public double partitionRate() {
        return partitionRate;
    }

    /** Partitions scheduled explicitly, on top of the random one. */
    public List<Partition> partitions() {
        return partitions;
    }

    /** When faults stop. */
    public long healAtMs() {
        return healAtMs;
    }

    /** How long after the heal point liveness properties have to hold. */
    public long livenessBoundMs() {
        return livenessBoundMs;
    }

    /** A bound on events per run, so that a livelock ends. */
    public long maxEvents() {
        return maxEvents;
    }

    /** The virtual time at which a run ends at the latest. */
    public long horizonMs() {
        return healAtMs + livenessBoundMs;
    }

    @Override
    public String toString() {
        return "loss=" + lossRate + " duplicate=" + duplicateRate + " corrupt=" + corruptRate
            + " spoof=" + spoofRate + " replay=" + replayRate + " crashes/s=" + crashesPerSecond
            + " mid-handler=" + midHandlerCrashRate + " restart=" + restartMinMs + ".."
            + restartMaxMs + "ms delta=" + deltaMs + "ms async-cap=" + asyncDelayCapMs
            + "ms pauses/s=" + pausesPerSecond + " pause-cap=" + pauseCapMs + "ms partition-rate="
            + partitionRate + " partitions=" + partitions + " heal-at=" + healAtMs
            + "ms liveness-bound=" + livenessBoundMs + "ms max-events=" + maxEvents;
    }

    /** Builds a {@link FaultConfig}; every setter checks its range. */
    public static final class Builder {
        private double lossRate = 0.2;
        private double duplicateRate = 0.1;
        private double corruptRate = 0.05;
        private double spoofRate = 0.02;
        private double replayRate = 0.02;
        private double crashesPerSecond = 0.4;
        private double midHandlerCrashRate = 0.5;
        private long restartMinMs = 50;
        private long restartMaxMs = 1_000;
        private long deltaMs = 10;
        private long asyncDelayCapMs = 10_000;
        private double pausesPerSecond = 0.5;
        private long pauseCapMs = 2_000;
        private double partitionRate = 0.5;
        private List<Partition> partitions = new ArrayList<>();
        private long healAtMs = 5_000;
        private long livenessBoundMs = 30_000;
        private long maxEvents = 2_000_000;

        private Builder() {
        }

        private static double probability(String name, double p) {
            if (!(p >= 0.0 && p <= 1.0)) {
                throw new IllegalArgumentException(name + " must be a probability in [0, 1], got "
                    + p);
            }
            return p;
        }

        private static long atLeast(String name, long v, long min) {
            if (v < min) {
                throw new IllegalArgumentException(name + " must be >= " + min + ", got " + v);
            }
            return v;
        }

        private static double rate(String name, double r) {
            if (!(r >= 0.0 && r <= 1_000.0)) {
                throw new IllegalArgumentException(name + " must be in [0, 1000] per second, got "
                    + r);
            }
            return r;
        }

        public Builder lossRate(double p) {
            this.lossRate = probability("loss rate", p);
            return this;
        }

        public Builder duplicateRate(double p) {
            this.duplicateRate = probability("duplicate rate", p);
            return this;
        }

        public Builder corruptRate(double p) {
            this.corruptRate = probability("corrupt rate", p);
            return this;
        }

        public Builder spoofRate(double p) {
            this.spoofRate = probability("spoof rate", p);
            return this;
        }

        public Builder replayRate(double p) {
            this.replayRate = probability("replay rate", p);
            return this;
        }

        public Builder crashesPerSecond(double r) {
            this.crashesPerSecond = rate("crashes per second", r);
            return this;
        }

        public Builder midHandlerCrashRate(double p) {
            this.midHandlerCrashRate = probability("mid-handler crash rate", p);
            return this;
        }

        public Builder restartDelayMs(long minMs, long maxMs) {
            this.restartMinMs = atLeast("restart delay min", minMs, 1);
            this.restartMaxMs = atLeast("restart delay max", maxMs, minMs);
            return this;
        }

        public Builder deltaMs(long ms) {
            this.deltaMs = atLeast("delta (the delay bound)", ms, 1);
            return this;
        }

        public Builder asyncDelayCapMs(long ms) {
            this.asyncDelayCapMs = atLeast("async delay cap", ms, 1);
            return this;
        }

        public Builder pausesPerSecond(double r) {
            this.pausesPerSecond = rate("pauses per second", r);
            return this;
        }

        public Builder pauseCapMs(long ms) {
            this.pauseCapMs = atLeast("pause cap", ms, 1);
            return this;
        }

        public Builder partitionRate(double p) {
            this.partitionRate = probability("partition rate", p);
            return this;
        }

        public Builder partition(Partition p) {
            this.partitions.add(Objects.requireNonNull(p, "partition"));
            return this;
        }

        public Builder healAtMs(long ms) {
            this.healAtMs = atLeast("heal-at", ms, 0);
            return this;
        }

        public Builder livenessBoundMs(long ms) {
            this.livenessBoundMs = atLeast("liveness bound", ms, 1);
            return this;
        }

        public Builder maxEvents(long n) {
            this.maxEvents = atLeast("max events", n, 1);
            return this;
        }

        /** Checks the options against each other and builds. */
        public FaultConfig build() {
            if (asyncDelayCapMs < deltaMs) {
                throw new IllegalArgumentException("async delay cap (" + asyncDelayCapMs
                    + "ms) must be at least delta (" + deltaMs + "ms)");
            }
            for (Partition p : partitions) {
                if (p.endMs() > healAtMs) {
                    throw new IllegalArgumentException("partition " + p
                        + " must heal by the heal point (" + healAtMs + "ms)");
                }
            }
            return new FaultConfig(this);
        }
    }
}
