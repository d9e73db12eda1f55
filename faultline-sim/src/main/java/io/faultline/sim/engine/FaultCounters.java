package io.faultline.sim.engine;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How often each fault actually fired in a run, so that a pass can be told from a fault that never
 * happened. Counters keep a fixed order for printing.
 */
public final class FaultCounters {

    /** Every counter, in print order. */
    public static final String[] NAMES = {
        "events", "sent", "delivered", "dropped", "dropped-partition", "dropped-to-down-node",
        "duplicated", "reordered", "late", "corrupted", "spoofed", "replayed", "crashes",
        "crashes-mid-handler", "restarts", "pauses", "pause-ms", "partitions", "partition-ms",
        "timers-fired", "store-writes"
    };

    private final Map<String, Long> counts = new LinkedHashMap<>();

    public FaultCounters() {
        for (String n : NAMES) {
            counts.put(n, 0L);
        }
    }

    void add(String name, long delta) {
        Long old = counts.get(name);
        if (old == null) {
            throw new IllegalArgumentException("unknown counter " + name);
        }
        counts.put(name, old + delta);
    }

    void inc(String name) {
        add(name, 1);
    }

    /** The value of one counter. */
    public long get(String name) {
        Long v = counts.get(name);
        if (v == null) {
            throw new IllegalArgumentException("unknown counter '" + name + "'; valid: "
                + String.join(", ", NAMES));
        }
        return v;
    }

    /** All counters in print order. */
    public Map<String, Long> asMap() {
        return Collections.unmodifiableMap(counts);
    }

    /** One line, {@code name=value} pairs separated by spaces. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        counts.forEach((k, v) -> {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(k).append('=').append(v);
        });
        return sb.toString();
    }
}
