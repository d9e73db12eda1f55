package io.faultline.protocols.byzantine;

import io.faultline.sim.Address;

import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * The interactive consistency conditions, as checks that explain a failure.
 *
 * <ul>
 *   <li>IC1 (agreement): every loyal general ends with the same decision for every commander.</li>
 *   <li>IC2 (validity): where a commander is loyal, every loyal general decided its true
 *       value.</li>
 * </ul>
 * Both take the decisions of the loyal generals only: what a traitor "decides" means nothing.
 */
public final class Agreement {

    private Agreement() {
    }

    /** Empty when every loyal general has decided, else who has not. */
    public static Optional<String> decided(
            SortedMap<Address, Optional<SortedMap<Address, Integer>>> loyal) {
        for (Map.Entry<Address, Optional<SortedMap<Address, Integer>>> e : loyal.entrySet()) {
            if (e.getValue().isEmpty()) {
                return Optional.of("loyal general " + e.getKey() + " never decided");
            }
        }
        return Optional.empty();
    }

    /** IC1: empty when all loyal generals hold the same decision, else the first difference. */
    public static Optional<String> ic1(SortedMap<Address, SortedMap<Address, Integer>> loyal) {
        Address first = null;
        for (Map.Entry<Address, SortedMap<Address, Integer>> e : loyal.entrySet()) {
            if (first == null) {
                first = e.getKey();
                continue;
            }
            SortedMap<Address, Integer> a = loyal.get(first);
            SortedMap<Address, Integer> b = e.getValue();
            for (Address c : a.keySet()) {
                if (!a.get(c).equals(b.get(c))) {
                    return Optional.of("IC1 violated: for commander " + c + " loyal " + first
                        + " decided " + Values.format(a.get(c)) + " but loyal " + e.getKey()
                        + " decided " + (b.get(c) == null ? "nothing" : Values.format(b.get(c))));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * IC2: empty when, for every loyal commander in {@code trueValues}, every loyal general
     * decided its true value; else the first loyal general that did not.
     */
    public static Optional<String> ic2(SortedMap<Address, SortedMap<Address, Integer>> loyal,
                                       SortedMap<Address, Integer> trueValues) {
        for (Map.Entry<Address, SortedMap<Address, Integer>> e : loyal.entrySet()) {
            for (Map.Entry<Address, Integer> c : trueValues.entrySet()) {
                Integer got = e.getValue().get(c.getKey());
                if (!c.getValue().equals(got)) {
                    return Optional.of("IC2 violated: loyal commander " + c.getKey() + " has "
                        + Values.format(c.getValue()) + " but loyal " + e.getKey() + " decided "
                        + (got == null ? "nothing" : Values.format(got)));
                }
            }
        }
        return Optional.empty();
    }
}
