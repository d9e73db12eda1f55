package io.faultline.sim.report;

import io.faultline.sim.History;
import io.faultline.sim.Op;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a history says about the service its clients used: how many operations succeeded, failed
 * or were left in doubt, and how long each took.
 *
 * <h2>How outcomes count</h2>
 * <ul>
 *   <li>{@code ok}: a success.</li>
 *   <li>{@code fail}: the operation definitely did not happen. It counts against availability:
 *       the client asked and the service did not serve it.</li>
 *   <li>{@code info}: the outcome is unknown (a timeout, a crash, the run ended). It also counts
 *       against availability: whatever happened on the server, the client got no answer.</li>
 *   <li>Still open (invoked, never completed): not counted in the fraction, which is over
 *       completed operations only, but reported. The simulator closes open operations as info
 *       when a run ends, so after a run there are none.</li>
 * </ul>
 * The success fraction is therefore {@code ok / (ok + fail + info)}. Each count is reported, so a
 * reader can recompute any other definition.
 *
 * <p>The latency of an operation is its completion's time minus its invocation's time, in the
 * history's milliseconds (virtual in the simulator). Immutable.
 *
 * @param invoked operations invoked
 * @param ok operations completed ok
 * @param fail operations completed fail
 * @param info operations completed info
 * @param open operations invoked and not completed
 * @param latencies one entry per completed operation, in completion order
 */
public record OperationStats(long invoked, long ok, long fail, long info, long open,
                             List<OpLatency> latencies) {

    /**
     * The latency of one completed operation.
     *
     * @param id the operation's id
     * @param process the client that performed it
     * @param f the operation's name
     * @param outcome ok, fail or info
     * @param invokedAtMs when it was invoked
     * @param latencyMs completion time minus invocation time
     */
    public record OpLatency(long id, String process, String f, Op.Type outcome, long invokedAtMs,
                            long latencyMs) {
    }

    public OperationStats {
        latencies = List.copyOf(latencies);
        if (ok + fail + info + open != invoked || latencies.size() != ok + fail + info) {
            throw new IllegalArgumentException("inconsistent counts: invoked " + invoked + ", ok "
                + ok + ", fail " + fail + ", info " + info + ", open " + open + ", latencies "
                + latencies.size() + "; every invoked operation is completed once or open");
        }
    }

    /** The statistics of {@code history} as it is now. */
    public static OperationStats of(History history) {
        return of(history.ops());
    }

    /**
     * The statistics of a list of history entries in history order.
     *
     * @throws IllegalArgumentException when an operation completes without an invocation, or
     *     completes twice, or is invoked twice
     */
    public static OperationStats of(List<Op> ops) {
        Map<Long, Op> openById = new LinkedHashMap<>();
        List<OpLatency> latencies = new ArrayList<>();
        long invoked = 0;
        long[] outcomes = new long[Op.Type.values().length];
        for (Op op : ops) {
            if (op.type() == Op.Type.INVOKE) {
                if (openById.putIfAbsent(op.id(), op) != null) {
                    throw new IllegalArgumentException("operation " + op.id()
                        + " is invoked twice: " + op);
                }
                invoked++;
                continue;
            }
            Op invocation = openById.remove(op.id());
            if (invocation == null) {
                throw new IllegalArgumentException("operation " + op.id()
                    + " completes without an open invocation: " + op);
            }
            outcomes[op.type().ordinal()]++;
            latencies.add(new OpLatency(op.id(), invocation.process(), invocation.f(), op.type(),
                invocation.timeMs(), op.timeMs() - invocation.timeMs()));
        }
        return new OperationStats(invoked, outcomes[Op.Type.OK.ordinal()],
            outcomes[Op.Type.FAIL.ordinal()], outcomes[Op.Type.INFO.ordinal()], openById.size(),
            latencies);
    }

    /** Operations completed: ok + fail + info. */
    public long completed() {
        return ok + fail + info;
    }

    /** ok / completed, or empty when nothing completed. */
    public Optional<Availability> successFraction() {
        return completed() == 0 ? Optional.empty()
            : Optional.of(Availability.ofCounts(ok, completed()));
    }

    /** The latencies of the operations that completed with {@code outcome}. */
    public LatencySummary latencyOf(Op.Type outcome) {
        return LatencySummary.of(latencies.stream()
            .filter(l -> l.outcome() == outcome).mapToLong(OpLatency::latencyMs).toArray());
    }

    /** The latencies of every completed operation, whatever its outcome. */
    public LatencySummary latencyOfCompleted() {
        return LatencySummary.of(latencies.stream().mapToLong(OpLatency::latencyMs).toArray());
    }

    /** The completed operations invoked in {@code [fromMs, toMs)}, as statistics of their own. */
    public OperationStats invokedIn(long fromMs, long toMs) {
        List<OpLatency> in = new ArrayList<>();
        for (OpLatency l : latencies) {
            if (l.invokedAtMs() >= fromMs && l.invokedAtMs() < toMs) {
                in.add(l);
            }
        }
        return ofCompleted(in);
    }

    /** The statistics of completed operations only, such as those of one window. */
    static OperationStats ofCompleted(List<OpLatency> completed) {
        long[] outcomes = new long[Op.Type.values().length];
        for (OpLatency l : completed) {
            outcomes[l.outcome().ordinal()]++;
        }
        return new OperationStats(completed.size(), outcomes[Op.Type.OK.ordinal()],
            outcomes[Op.Type.FAIL.ordinal()], outcomes[Op.Type.INFO.ordinal()], 0, completed);
    }
}
