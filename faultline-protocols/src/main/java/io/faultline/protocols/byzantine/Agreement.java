package io.faultline.protocols.byzantine;

import io.faultline.sim.Address;

import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The interactive consistency conditions, as checks that explain a failure.
 *
 * <ul>
 *   <li>IC1 (agreement): for every commander, every loyal general other than the commander ends
 *       with the same decision (the commander knows its own value).</li>
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

    /**
     * IC1: empty when, for every commander, all loyal generals other than the commander itself
     * hold the same decision; else the first difference. A commander's own entry is its true value
     * and is checked by {@link #ic2}.
     */
    public static Optional<String> ic1(SortedMap<Address, SortedMap<Address, Integer>> loyal) {
        SortedMap<Address, Address> firstDecider = new TreeMap<>();
        for (Map.Entry<Address, SortedMap<Address, Integer>> e : loyal.entrySet()) {
            for (Map.Entry<Address, Integer> d : e.getValue().entrySet()) {
                Address c = d.getKey();
                if (c.equals(e.getKey())) {
                    continue;
                }
                Address other = firstDecider.putIfAbsent(c, e.getKey());
                if (other != null && !loyal.get(other).get(c).equals(d.getValue())) {
                    return Optional.of("IC1 violated: for commander " + c + " loyal " + other
                        + " decided " + Values.format(loyal.get(other).get(c)) + " but loyal "
                        + e.getKey() + " decided " + Values.format(d.getValue()));
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
