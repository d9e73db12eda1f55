package io.faultline.runtime;

import io.faultline.sim.Address;
import io.faultline.sim.Message;
import io.faultline.sim.Node;
import java.util.List;
import java.util.Map;

/**
 * What a node process runs: how to make the node of a given name, and the messages it speaks. A
 * driver names an implementation (a public class with a public no-argument constructor) on
 * {@link NodeMain}'s command line, with string parameters, so the child JVM can build the same
 * node the driver would have built in its own JVM.
 *
 * <pre>{@code
 * public final class RetryProgram implements NodeProgram {
 *     public List<Class<? extends Message>> messages() {
 *         return List.of(Messages.RetryMessage.class);
 *     }
 *     public Node create(Address self, Map<String, String> params) {
 *         return new RetryServer(configFrom(params));
 *     }
 * }
 * }</pre>
 */
public interface NodeProgram {

    /** The sealed message interfaces of the protocols the node speaks. */
    List<Class<? extends Message>> messages();

    /**
     * A fresh instance of node {@code self}.
     *
     * @throws IllegalArgumentException for a node name or a parameter the program does not know
     */
    Node create(Address self, Map<String, String> params);
}
