package io.faultline.app;

import io.faultline.protocols.retry.Messages;
import io.faultline.protocols.retry.Protocol;
import io.faultline.protocols.retry.RetryClient;
import io.faultline.protocols.retry.RetryConfig;
import io.faultline.protocols.retry.RetryScenario;
import io.faultline.protocols.retry.RetryServer;
import io.faultline.runtime.NodeProgram;
import io.faultline.sim.Address;
import io.faultline.sim.Message;
import io.faultline.sim.Node;
import java.util.List;
import java.util.Map;

/**
 * The retry scenario's nodes for the real runtime, built the same way in the driver's JVM and in
 * a node process ({@code faultline run --process}). Parameters: {@code protocol} (a protocol's
 * command-line name), {@code ops} and {@code timeout-ms}.
 */
public final class RetryProgram implements NodeProgram {

    static final String SECRET = "retry-demo-key";

    /** The retry configuration of a real run: short think time, backoff up to 4 timeouts. */
    static RetryConfig config(Protocol protocol, int ops, long timeoutMs) {
        return new RetryConfig(protocol, ops, 50, timeoutMs, 4 * timeoutMs, 1_000, SECRET);
    }

    /** The parameters that make a node process build what {@link #config} builds. */
    static Map<String, String> params(Protocol protocol, int ops, long timeoutMs) {
        return Map.of("protocol", protocol.cliName(), "ops", Integer.toString(ops),
            "timeout-ms", Long.toString(timeoutMs));
    }

    @Override
    public List<Class<? extends Message>> messages() {
        return List.of(Messages.RetryMessage.class);
    }

    @Override
    public Node create(Address self, Map<String, String> params) {
        RetryConfig config = config(Protocol.parse(required(params, "protocol")),
            Integer.parseInt(required(params, "ops")),
            Long.parseLong(required(params, "timeout-ms")));
        if (self.equals(RetryScenario.SERVER)) {
            return new RetryServer(config);
        }
        if (self.equals(RetryScenario.CLIENT)) {
            return new RetryClient(RetryScenario.SERVER, config);
        }
        throw new IllegalArgumentException("no node '" + self + "' in the retry scenario; valid: "
            + RetryScenario.CLIENT + ", " + RetryScenario.SERVER);
    }

    private static String required(Map<String, String> params, String name) {
        String v = params.get(name);
        if (v == null) {
            throw new IllegalArgumentException("parameter '" + name + "' is missing; the retry"
                + " program needs protocol, ops and timeout-ms");
        }
        return v;
    }
}
