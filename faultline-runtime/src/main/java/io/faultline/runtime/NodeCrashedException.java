package io.faultline.runtime;

/**
 * The node crashed after a request reached it and before it answered. Whether the request took
 * effect is unknown, as after a timeout, but known at once instead of when the timeout ends: the
 * caller may retry under the same idempotency key (an adapter answers HTTP 503 or gRPC
 * UNAVAILABLE, saying the request may have completed).
 */
public final class NodeCrashedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public NodeCrashedException(String message) {
        super(message);
    }
}
