package io.faultline.runtime;

/**
 * A request could not be handed to its node: the node is down (crashed, not yet restarted) or
 * its inbox is full. The request did not reach the node, so it had no effect; an adapter may
 * answer "unavailable, try again" (HTTP 503, gRPC UNAVAILABLE).
 */
public final class NodeUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public NodeUnavailableException(String message) {
        super(message);
    }
}
