package io.faultline.protocols.retry;

/**
 * The retry scenario's knobs.
 *
 * @param protocol how the client retries
 * @param ops how many operations the client performs, one after another
 * @param thinkMaxMs the client waits up to this long between operations, so that operations are
 *     spread over the period in which faults happen
 * @param timeoutMs how long the client waits for a reply before it gives up on a try
 * @param backoffMaxMs the cap of the exponential backoff between tries
 * @param retryMax the most tries per operation (a bound on everything)
 * @param secret the key client and server share for message authentication
 */
public record RetryConfig(Protocol protocol, int ops, long thinkMaxMs, long timeoutMs,
                          long backoffMaxMs, int retryMax, String secret) {

    public RetryConfig {
        if (ops < 1 || ops > 10_000) {
            throw new IllegalArgumentException("ops must be in [1, 10000], got " + ops);
        }
        if (timeoutMs < 1 || backoffMaxMs < timeoutMs) {
            throw new IllegalArgumentException("need 1 <= timeoutMs <= backoffMaxMs, got "
                + timeoutMs + " and " + backoffMaxMs);
        }
        if (retryMax < 1) {
            throw new IllegalArgumentException("retryMax must be >= 1, got " + retryMax);
        }
    }

    /** The defaults for a known delay bound {@code deltaMs} and faults that last {@code faultMs}. */
    public static RetryConfig defaults(Protocol protocol, long deltaMs, long faultMs) {
        int ops = 10;
        return new RetryConfig(protocol, ops, Math.max(1, 2 * faultMs / ops), 4 * deltaMs + 1,
            1_000, 1_000, "retry-demo-key");
    }
}
