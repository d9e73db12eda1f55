package io.faultline.sim.engine;

import io.faultline.sim.Address;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A network partition that starts and heals on a schedule. Under the reliable network a partition
 * holds messages back until it heals (they are still received); under fair-loss and arbitrary it
 * drops them.
 *
 * @param kind which links it cuts
 * @param startMs when it starts, virtual milliseconds
 * @param endMs when it heals
 */
public record Partition(Kind kind, long startMs, long endMs) {

    /** Which links a partition cuts. */
    public enum Kind {
        /** The nodes split into two halves; no link between the halves works either way. */
        SYMMETRIC,
        /** Messages from the first half to the second are cut; the other way still works. */
        ASYMMETRIC,
        /** The first node (in address order) can neither send nor receive. */
        ISOLATE,
        /** A minority (fewer than half) is cut off from the majority. */
        MAJORITY_MINORITY;

        public String cliName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Kind parse(String s) {
            return Names.parse(Kind.class, "partition kind", s);
        }
    }

    public Partition {
        Objects.requireNonNull(kind, "kind");
        if (startMs < 0 || endMs <= startMs) {
            throw new IllegalArgumentException("a partition needs 0 <= start < end, got "
                + startMs + "-" + endMs);
        }
    }

    /**
     * Parses {@code KIND@START-END}, such as {@code isolate@1000-3000}.
     *
     * @throws IllegalArgumentException naming the bad text and the valid form
     */
    public static Partition parse(String s) {
        String form = "expected KIND@START-END in milliseconds, such as isolate@1000-3000";
        int at = s.indexOf('@');
        int dash = s.indexOf('-', at + 1);
        if (at < 0 || dash < 0) {
            throw new IllegalArgumentException("bad partition '" + s + "': " + form);
        }
        Kind kind = Kind.parse(s.substring(0, at));
        try {
            return new Partition(kind, Long.parseLong(s.substring(at + 1, dash)),
                Long.parseLong(s.substring(dash + 1)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad partition '" + s + "': " + form
                + " (and 0 <= start < end)");
        }
    }

    /** Whether a message from {@code from} to {@code to} is cut while this partition lasts. */
    public boolean cuts(Address from, Address to, List<Address> nodes) {
        if (from.equals(to)) {
            return false;
        }
        List<Address> side = firstSide(nodes);
        boolean fromIn = side.contains(from);
        boolean toIn = side.contains(to);
        return switch (kind) {
            case SYMMETRIC, ISOLATE, MAJORITY_MINORITY -> fromIn != toIn;
            case ASYMMETRIC -> fromIn && !toIn;
        };
    }

    private List<Address> firstSide(List<Address> nodes) {
        int n = nodes.size();
        int size = switch (kind) {
            case SYMMETRIC, ASYMMETRIC -> n / 2;
            case ISOLATE -> 1;
            case MAJORITY_MINORITY -> Math.max(1, (n - 1) / 2);
        };
        return new ArrayList<>(nodes.subList(0, Math.max(1, size)));
    }

    public boolean activeAt(long timeMs) {
        return timeMs >= startMs && timeMs < endMs;
    }

    @Override
    public String toString() {
        return kind.cliName() + "@" + startMs + "-" + endMs;
    }
}
