package io.faultline.protocols.retry;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How the client retries, and whether the server remembers request ids. */
public enum Protocol {
    /** Send once, never retry; on a timeout the outcome is unknown. */
    AT_MOST_ONCE,
    /** Retry on timeout with a new request id; the server applies whatever arrives. */
    AT_LEAST_ONCE,
    /**
     * Retry with the same request id; the server keeps ids durably, in the same write as the
     * effect, and answers a repeat with the remembered outcome.
     */
    EXACTLY_ONCE;

    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Protocol parse(String s) {
        for (Protocol p : values()) {
            if (p.cliName().equals(s)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown protocol '" + s + "'; valid: "
            + Arrays.stream(values()).map(Protocol::cliName).collect(Collectors.joining(", ")));
    }
}
