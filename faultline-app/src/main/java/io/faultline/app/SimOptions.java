package io.faultline.app;

import io.faultline.sim.engine.FaultConfig;
import io.faultline.sim.engine.NetworkModel;
import io.faultline.sim.engine.NodeModel;
import io.faultline.sim.engine.Partition;
import io.faultline.sim.engine.SystemModel;
import io.faultline.sim.engine.TimingModel;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/**
 * The system model and fault options shared by the commands that simulate. Every option that was
 * given is remembered, so that a replay command can repeat exactly the same run.
 */
final class SimOptions {

    @Option(names = "--network", paramLabel = "MODEL", defaultValue = "fair-loss",
        description = "reliable, fair-loss or arbitrary (default: ${DEFAULT-VALUE})")
    String network;

    @Option(names = "--nodes", paramLabel = "MODEL", defaultValue = "crash-recovery",
        description = "crash-stop, crash-recovery or byzantine (default: ${DEFAULT-VALUE})")
    String nodes;

    @Option(names = "--timing", paramLabel = "MODEL", defaultValue = "partial-sync",
        description = "sync, partial-sync or async (default: ${DEFAULT-VALUE})")
    String timing;

    @Option(names = "--loss", paramLabel = "P", description = "message loss probability (0..1)")
    Double loss;

    @Option(names = "--duplicate", paramLabel = "P", description = "duplication probability")
    Double duplicate;

    @Option(names = "--corrupt", paramLabel = "P",
        description = "probability the arbitrary network alters a message")
    Double corrupt;

    @Option(names = "--spoof", paramLabel = "P",
        description = "probability the arbitrary network forges a sender")
    Double spoof;

    @Option(names = "--replay", paramLabel = "P",
        description = "probability the arbitrary network replays an old message")
    Double replay;

    @Option(names = "--crash-rate", paramLabel = "R",
        description = "mean crashes per crashable node per second of virtual time")
    Double crashRate;

    @Option(names = "--partition-rate", paramLabel = "P",
        description = "probability of one random partition (fair-loss and arbitrary networks)")
    Double partitionRate;

    @Option(names = "--partition", paramLabel = "KIND@START-END",
        description = "a scheduled partition, repeatable: symmetric, asymmetric, isolate or "
            + "majority-minority, times in ms, e.g. isolate@1000-3000")
    List<String> partitions = new ArrayList<>();

    @Option(names = "--delta", paramLabel = "MS", description = "the known delay bound (ms)")
    Long deltaMs;

    @Option(names = "--heal-at", paramLabel = "MS",
        description = "when faults stop and partitions heal (ms of virtual time)")
    Long healAtMs;

    @Option(names = "--liveness-bound", paramLabel = "MS",
        description = "how long after the heal point liveness properties may take (ms)")
    Long livenessBoundMs;

    /** The system model, or a usage error naming the bad value. */
    SystemModel model() {
        try {
            return new SystemModel(NetworkModel.parse(network), NodeModel.parse(nodes),
                TimingModel.parse(timing));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** The fault configuration, or a usage error naming the bad value. */
    FaultConfig faults() {
        try {
            FaultConfig.Builder b = FaultConfig.builder();
            if (loss != null) {
                b.lossRate(loss);
            }
            if (duplicate != null) {
                b.duplicateRate(duplicate);
            }
            if (corrupt != null) {
                b.corruptRate(corrupt);
            }
            if (spoof != null) {
                b.spoofRate(spoof);
            }
            if (replay != null) {
                b.replayRate(replay);
            }
            if (crashRate != null) {
                b.crashesPerSecond(crashRate);
            }
            if (partitionRate != null) {
                b.partitionRate(partitionRate);
            }
            if (deltaMs != null) {
                b.deltaMs(deltaMs);
            }
            if (healAtMs != null) {
                b.healAtMs(healAtMs);
            }
            if (livenessBoundMs != null) {
                b.livenessBoundMs(livenessBoundMs);
            }
            for (String p : partitions) {
                b.partition(Partition.parse(p));
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** The options as given, for a replay command. */
    String asArgs() {
        return " --network " + network + " --nodes " + nodes + " --timing " + timing
            + faultArgs();
    }

    /** The fault options given besides the model (loss, rates, bounds...), for a replay. */
    String faultArgs() {
        StringBuilder sb = new StringBuilder();
        append(sb, "--loss", loss);
        append(sb, "--duplicate", duplicate);
        append(sb, "--corrupt", corrupt);
        append(sb, "--spoof", spoof);
        append(sb, "--replay", replay);
        append(sb, "--crash-rate", crashRate);
        append(sb, "--partition-rate", partitionRate);
        append(sb, "--delta", deltaMs);
        append(sb, "--heal-at", healAtMs);
        append(sb, "--liveness-bound", livenessBoundMs);
        for (String p : partitions) {
            sb.append(" --partition ").append(p);
        }
        return sb.toString();
    }

    private static void append(StringBuilder sb, String name, Object value) {
        if (value != null) {
            sb.append(' ').append(name).append(' ').append(value);
        }
    }
}
