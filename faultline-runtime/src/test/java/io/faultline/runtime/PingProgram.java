package io.faultline.runtime;

import io.faultline.sim.Address;
import io.faultline.sim.Message;
import io.faultline.sim.Node;
import java.util.List;
import java.util.Map;

/** The ping-pong nodes as a program a child JVM can run; parameter {@code target}. */
public final class PingProgram implements NodeProgram {

    @Override
    public List<Class<? extends Message>> messages() {
        return List.of(PingNode.Msg.class);
    }

    @Override
    public Node create(Address self, Map<String, String> params) {
        if (!self.equals(PingNode.PINGER) && !self.equals(PingNode.PONGER)) {
            throw new IllegalArgumentException("no node '" + self + "' in the ping program;"
                + " valid: pinger, ponger");
        }
        return new PingNode(Long.parseLong(params.getOrDefault("target", "1000000")));
    }
}
