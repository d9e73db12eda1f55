package io.faultline.app.bench;

import io.faultline.protocols.retry.RetryScenario;
import io.faultline.sim.Address;
import io.faultline.sim.engine.FaultConfig;
import io.faultline.sim.engine.NetworkModel;
import io.faultline.sim.engine.NodeModel;
import io.faultline.sim.engine.SimResult;
import io.faultline.sim.engine.Simulation;
import io.faultline.sim.engine.SystemModel;
import io.faultline.sim.engine.TimingModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.PriorityQueue;
import java.util.concurrent.Callable;

/**
 * {@code faultline bench sim}: simulated deliveries per second of wall time on one thread, against
 * the cost of the bare event queue the simulator is built on, measured in the same run; and the
 * retry scenario's seeds per second and ratio of simulated to wall time.
 */
@Command(name = "sim",
    description = "Simulator speed: deliveries per second on one thread, and the retry scenario's "
        + "seeds per second.",
    mixinStandardHelpOptions = true,
    footer = {"", "Examples:", "  faultline bench sim", "  faultline bench sim --seeds 1000 "
        + "--deliveries 5000000"})
public final class SimBench implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--deliveries", paramLabel = "N", defaultValue = "4000000",
        description = "messages to deliver in the flood benchmark (default: ${DEFAULT-VALUE})")
    long deliveries;

    @Option(names = "--seeds", paramLabel = "N", defaultValue = "1000",
        description = "seeds of the retry scenario (default: ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "3",
        description = "measured rounds after one warm-up; the best is reported "
            + "(default: ${DEFAULT-VALUE})")
    int rounds;

    @Override
    public Integer call() {
        if (deliveries < 1_000 || deliveries > 1_000_000_000L) {
            throw new io.faultline.app.UsageException("--deliveries must be in [1000, 1e9], got "
                + deliveries);
        }
        if (seeds < 1 || seeds > 1_000_000) {
            throw new io.faultline.app.UsageException("--seeds must be in [1, 1000000], got "
                + seeds);
        }
        if (rounds < 1 || rounds > 100) {
            throw new io.faultline.app.UsageException("--rounds must be in [1, 100], got "
                + rounds);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("faultline bench sim: one thread, best of " + rounds + " rounds after a "
            + "warm-up");
        double queueRate = best(this::queueBaseline);
        double simRate = best(this::flood);
        out.printf("  bare event queue (baseline):   %,14.0f events/s%n", queueRate);
        out.printf("  simulator, reliable/sync:      %,14.0f deliveries/s  (%.2f of the baseline)"
            + "%n", simRate, simRate / queueRate);
        double[] retry = retrySweep();
        out.printf("  retry scenario, %,d seeds:   %,10.2f s wall, %,.0f seeds/s, simulated/wall "
            + "time %,.0fx%n", seeds, retry[0], seeds / retry[0], retry[1] / retry[0]);
        return 0;
    }

    private double best(java.util.function.DoubleSupplier measure) {
        measure.getAsDouble();
        double best = 0;
        for (int i = 0; i < rounds; i++) {
            best = Math.max(best, measure.getAsDouble());
        }
        return best;
    }

    /** Events per second of a bare priority queue ordered like the simulator's. */
    private double queueBaseline() {
        record E(long time, long seq) implements Comparable<E> {
            @Override
            public int compareTo(E o) {
                int c = Long.compare(time, o.time);
                return c != 0 ? c : Long.compare(seq, o.seq);
            }
        }
        PriorityQueue<E> q = new PriorityQueue<>();
        long seq = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < 64; i++) {
            q.add(new E(i, seq++));
        }
        long x = 0x9e3779b97f4a7c15L;
        for (long n = 0; n < deliveries; n++) {
            E e = q.poll();
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            q.add(new E(e.time + 1 + Math.floorMod(x, 10), seq++));
        }
        return deliveries / ((System.nanoTime() - t0) / 1e9);
    }

    /** Deliveries per second of the simulator passing tokens among 8 nodes. */
    private double flood() {
        int nodes = 8;
        int window = 8;
        long hops = deliveries / (nodes * window);
        Simulation.Builder b = Simulation.builder().seed(1)
            .model(new SystemModel(NetworkModel.RELIABLE, NodeModel.BYZANTINE, TimingModel.SYNC))
            .faults(FaultConfig.builder().healAtMs(0).livenessBoundMs(Long.MAX_VALUE / 4)
                .maxEvents(Long.MAX_VALUE / 4).build());
        for (int i = 0; i < nodes; i++) {
            b.node(Address.of("n" + i), () -> new FloodNode(window, hops));
        }
        Simulation sim = b.build();
        long t0 = System.nanoTime();
        SimResult r = sim.run();
        double seconds = (System.nanoTime() - t0) / 1e9;
        return r.counters().get("delivered") / seconds;
    }

    /** Wall seconds and simulated seconds of the retry scenario over many seeds. */
    private double[] retrySweep() {
        RetryScenario scenario = new RetryScenario();
        SystemModel model = new SystemModel(NetworkModel.FAIR_LOSS, NodeModel.CRASH_RECOVERY,
            TimingModel.PARTIAL_SYNC);
        FaultConfig faults = FaultConfig.defaults();
        for (int i = 0; i < Math.min(seeds, 200); i++) {
            scenario.configure("exactly-once", model, faults, i).build().run();
        }
        long simulatedMs = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < seeds; i++) {
            simulatedMs += scenario.configure("exactly-once", model, faults, 1_000_000 + i).build()
                .run().endTimeMs();
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        return new double[] {wall, simulatedMs / 1000.0};
    }
}
