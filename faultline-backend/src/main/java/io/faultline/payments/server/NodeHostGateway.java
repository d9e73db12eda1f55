package io.faultline.payments.server;

import io.faultline.payments.PaymentsMessage;
import io.faultline.runtime.NodeHost;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The {@link PaymentsGateway} over the real runtime: each request is a {@link NodeHost#ask} to
 * the payments node, whose reply is released only after the state it reports is committed.
 *
 * <p>The node releases a reply on its own event loop; the adapter's work on the reply (building
 * the protobuf or the JSON, writing it to the socket) is handed to {@code responses} so that it
 * never holds up the node's next event. Thread-safe.
 */
public final class NodeHostGateway implements PaymentsGateway {

    private final NodeHost host;
    private final Duration timeout;
    private final Executor responses;

    /**
     * @param host the payments node's host
     * @param timeout how long a request waits for the node at most
     * @param responses where the adapters' continuations run, off the node's loop
     */
    public NodeHostGateway(NodeHost host, Duration timeout, Executor responses) {
        this.host = Objects.requireNonNull(host, "host");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.responses = Objects.requireNonNull(responses, "responses");
    }

    @Override
    public CompletableFuture<PaymentsMessage.Reply> submit(PaymentsMessage.Request request) {
        return host.ask(request, timeout, PaymentsMessage.Reply.class)
            .thenApplyAsync(reply -> reply, responses);
    }
}
