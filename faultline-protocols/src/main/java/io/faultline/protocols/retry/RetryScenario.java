package io.faultline.protocols.retry;

import io.faultline.protocols.retry.Messages.Reply;
import io.faultline.protocols.retry.Messages.Request;
import io.faultline.sim.Address;
import io.faultline.sim.DurableStore;
import io.faultline.sim.Message;
import io.faultline.sim.Op;
import io.faultline.sim.Rng;
import io.faultline.sim.engine.Explorer;
import io.faultline.sim.engine.FaultConfig;
import io.faultline.sim.engine.NodeModel;
import io.faultline.sim.engine.Property;
import io.faultline.sim.engine.Scenario;
import io.faultline.sim.engine.SimView;
import io.faultline.sim.engine.Simulation;
import io.faultline.sim.engine.SystemModel;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * "Is it safe to retry?": a client adds numbers to a counter on a server, under a chosen retry
 * protocol and system model. The server may crash (and, under crash-recovery, restart); under the
 * Byzantine model the server is the one that lies.
 *
 * <p>Properties:
 * <ul>
 *   <li>{@code no-double-apply} (safety): no client operation takes effect twice;</li>
 *   <li>{@code acknowledged-means-applied} (safety): every operation the client saw succeed took
 *       effect exactly once, and the counter equals the sum of what took effect;</li>
 *   <li>{@code every-op-resolved} (liveness): once faults stop, every operation completes with a
 *       known outcome, so the counter equals the sum of the operations that succeeded.</li>
 * </ul>
 */
public final class RetryScenario implements Scenario {

    public static final Address CLIENT = Address.of("client");
    public static final Address SERVER = Address.of("server");

    @Override
    public String name() {
        return "retry";
    }

    @Override
    public String summary() {
        return "is it safe to retry? a client adds to a counter on a server that may crash";
    }

    @Override
    public List<String> protocols() {
        // Exactly-once first: it is the default, the one that should be used.
        return List.of(Protocol.EXACTLY_ONCE.cliName(), Protocol.AT_LEAST_ONCE.cliName(),
            Protocol.AT_MOST_ONCE.cliName());
    }

    @Override
    public Simulation.Builder configure(String protocol, SystemModel model, FaultConfig faults,
                                        long seed) {
        RetryConfig config = RetryConfig.defaults(Protocol.parse(protocol), faults.deltaMs(),
            faults.healAtMs());
        return configure(config, model, faults, seed);
    }

    /** A builder for an explicit configuration. */
    public Simulation.Builder configure(RetryConfig config, SystemModel model, FaultConfig faults,
                                        long seed) {
        Simulation.Builder b = Simulation.builder()
            .seed(seed)
            .model(model)
            .faults(faults)
            .node(CLIENT, () -> new RetryClient(SERVER, config))
            .node(SERVER, () -> new RetryServer(config))
            .crashable(List.of(SERVER))
            .corruptor(RetryScenario::corrupt)
            .properties(properties(config.ops()));
        if (model.nodes() == NodeModel.BYZANTINE) {
            b.adversary(SERVER, () -> new ByzantineServer(config));
        }
        return b;
    }

    /**
     * One operation, at most three tries, and an adversary with one loss, one duplicate and one
     * crash (with restart under crash-recovery) where the model allows them; timers race messages
     * unless timing is synchronous.
     */
    @Override
    public Explorer.Builder explorer(String protocol, SystemModel model) {
        RetryConfig config = new RetryConfig(Protocol.parse(protocol), 1, 0, 41, 1_000, 3,
            "retry-demo-key");
        Explorer.Builder b = Explorer.builder()
            .node(CLIENT, () -> new RetryClient(SERVER, config))
            .node(SERVER, () -> new RetryServer(config))
            .properties(properties(config.ops()))
            .boundsFor(model, List.of(SERVER))
            .maxDepth(14)
            .maxRuns(300_000);
        if (model.nodes() == NodeModel.BYZANTINE) {
            b.adversary(SERVER, () -> new ByzantineServer(config));
        }
        return b;
    }

    /** The adversary changes numbers but cannot recompute the MAC. */
    static Message corrupt(Message m, Rng rng) {
        if (m instanceof Request r) {
            return new Request(r.requestId(), r.op(), r.amount() + 1 + rng.nextInt(100), r.mac());
        }
        if (m instanceof Reply r) {
            return new Reply(r.requestId(), r.counter() + 1 + rng.nextInt(100), r.mac());
        }
        return null;
    }

    /** The scenario's properties for a client that performs {@code ops} operations. */
    public static List<Property> properties(int ops) {
        return List.of(
            Property.safety("no-double-apply", RetryScenario::noDoubleApply),
            Property.safety("acknowledged-means-applied", RetryScenario::acknowledgedMeansApplied),
            Property.liveness("every-op-resolved", view -> everyOpResolved(view, ops)));
    }

    private static Map<Long, Long> applied(SimView view) {
        Map<Long, Long> out = new HashMap<>();
        DurableStore store = view.store(SERVER);
        store.scan(RetryServer.GHOST_PREFIX).forEach((k, v) -> out.put(
            Long.parseLong(k.substring(RetryServer.GHOST_PREFIX.length())), Long.parseLong(v)));
        return out;
    }

    static Optional<String> noDoubleApply(SimView view) {
        for (Map.Entry<Long, Long> e : applied(view).entrySet()) {
            if (e.getValue() > 1) {
                Op invoke = view.history().invocation(e.getKey());
                return Optional.of("operation " + e.getKey() + " (add " + invoke.value()
                    + ") took effect " + e.getValue() + " times");
            }
        }
        return Optional.empty();
    }

    static Optional<String> acknowledgedMeansApplied(SimView view) {
        Map<Long, Long> applied = applied(view);
        long expected = 0;
        for (Map.Entry<Long, Long> e : applied.entrySet()) {
            expected += e.getValue() * (Long) view.history().invocation(e.getKey()).value();
        }
        long counter = view.store(SERVER).get(RetryServer.COUNTER).map(Long::parseLong).orElse(0L);
        if (counter != expected) {
            return Optional.of("the counter is " + counter + " but the operations that took effect"
                + " add up to " + expected);
        }
        for (Op op : view.history().completions()) {
            if (op.type() == Op.Type.OK && applied.getOrDefault(op.id(), 0L) != 1) {
                return Optional.of("operation " + op.id() + " was acknowledged to the client but"
                    + " took effect " + applied.getOrDefault(op.id(), 0L) + " times");
            }
        }
        return Optional.empty();
    }

    static Optional<String> everyOpResolved(SimView view, int ops) {
        List<Op> done = view.history().completions();
        for (Op op : done) {
            if (op.type() != Op.Type.OK) {
                return Optional.of("operation " + op.id() + " ended :" + op.type().jepsenName()
                    + " (" + op.value() + ")");
            }
        }
        if (done.size() < ops) {
            return Optional.of("only " + done.size() + " of " + ops + " operations completed");
        }
        return Optional.empty();
    }
}
