package io.faultline.payments.server;

import io.faultline.payments.PaymentsMessage;
import io.faultline.runtime.NodeHost;
import io.faultline.sim.Message;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The {@link PaymentsGateway} over the real runtime: each request is a {@link NodeHost#ask} to
 * the payments node, whose reply is released only after the state it reports is committed.
 * Thread-safe.
 */
public final class NodeHostGateway implements PaymentsGateway {

    private final NodeHost host;
    private final Duration timeout;

    /**
     * @param host the payments node's host
     * @param timeout how long a request waits for the node at most
     */
    public NodeHostGateway(NodeHost host, Duration timeout) {
        this.host = Objects.requireNonNull(host, "host");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public CompletableFuture<PaymentsMessage.Reply> submit(PaymentsMessage.Request request) {
        return host.ask(request, timeout).thenApply(NodeHostGateway::reply);
    }

    private static PaymentsMessage.Reply reply(Message m) {
        if (m instanceof PaymentsMessage.Reply r) {
            return r;
        }
        throw new IllegalStateException("the payments node answered with "
            + m.getClass().getName() + ", not a payments reply");
    }
}
