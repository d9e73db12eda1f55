package io.faultline.payments.server;

import io.faultline.payments.PaymentsMessage;

import java.util.concurrent.CompletableFuture;

/**
 * How the public APIs reach the payments node: submit a request, get its reply. The gRPC and REST
 * adapters are written against this interface only, so the same adapter runs over the real
 * runtime's node host and over a test harness.
 *
 * <p>Implementations must be thread-safe: adapters call {@link #submit} from many threads. A reply
 * must be released only after the state it reports is durable.
 */
public interface PaymentsGateway {

    /**
     * Delivers {@code request} to the payments node.
     *
     * @return completes with the node's reply; completes exceptionally if the node cannot be
     *     reached (the request may or may not have taken effect: retry with the same key)
     */
    CompletableFuture<PaymentsMessage.Reply> submit(PaymentsMessage.Request request);
}
