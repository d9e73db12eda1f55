package io.faultline.protocols.byzantine;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Values the generals agree on, the default for a missing message, and majority. */
public final class Values {

    /** No value: nothing arrived, or no value reached the threshold. Printed as {@code ?}. */
    public static final int UNKNOWN = Integer.MIN_VALUE;

    /** The value a general uses for a missing message and when no majority exists (retreat). */
    public static final int DEFAULT = 0;

    private Values() {
    }

    /**
     * The value held by strictly more than half of {@code values}, or {@link #DEFAULT} when none
     * is (the majority function of Lamport, Shostak and Pease).
     */
    public static int majority(Collection<Integer> values) {
        Map<Integer, Integer> counts = count(values);
        for (Map.Entry<Integer, Integer> e : counts.entrySet()) {
            if (2 * e.getValue() > values.size()) {
                return e.getKey();
            }
        }
        return DEFAULT;
    }

    /**
     * The only value that occurs at least {@code threshold} times among {@code values}
     * ({@link #UNKNOWN} entries are not values), or {@link #UNKNOWN} when no value or more than
     * one does.
     */
    public static int repeated(Collection<Integer> values, int threshold) {
        int found = UNKNOWN;
        for (Map.Entry<Integer, Integer> e : count(values).entrySet()) {
            if (e.getKey() != UNKNOWN && e.getValue() >= threshold) {
                if (found != UNKNOWN) {
                    return UNKNOWN;
                }
                found = e.getKey();
            }
        }
        return found;
    }

    /** {@code ?} for {@link #UNKNOWN}, else the number. */
    public static String format(int value) {
        return value == UNKNOWN ? "?" : Integer.toString(value);
    }

    /** A vector as {@code (1,2,?,4)}. */
    public static String format(List<Integer> vector) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < vector.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(format(vector.get(i)));
        }
        return sb.append(')').toString();
    }

    private static Map<Integer, Integer> count(Collection<Integer> values) {
        Map<Integer, Integer> counts = new TreeMap<>();
        for (int v : values) {
            counts.merge(v, 1, Integer::sum);
        }
        return counts;
    }
}
