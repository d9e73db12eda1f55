package io.faultline.protocols.byzantine;

import io.faultline.sim.Address;
import io.faultline.sim.Context;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/** Small helpers over the list of generals shared by the algorithms of this package. */
final class Peers {

    private Peers() {
    }

    /**
     * Checks the parameters shared by OM and SM and returns the commanders as an unmodifiable
     * sorted set.
     */
    static SortedSet<Address> checkedCommanders(int m, Set<Address> commanders) {
        if (m < 0) {
            throw new IllegalArgumentException("m must be >= 0, got " + m);
        }
        if (commanders.isEmpty()) {
            throw new IllegalArgumentException("at least one commander is needed");
        }
        return Collections.unmodifiableSortedSet(new TreeSet<>(commanders));
    }

    /** Every general except this one, in address order. */
    static List<Address> others(Context ctx) {
        List<Address> out = new ArrayList<>(ctx.nodes());
        out.remove(ctx.self());
        return out;
    }

    /** {@code path} followed by {@code last}. */
    static List<Address> append(List<Address> path, Address last) {
        List<Address> out = new ArrayList<>(path.size() + 1);
        out.addAll(path);
        out.add(last);
        return List.copyOf(out);
    }

    /**
     * Whether {@code path} is a chain a general {@code self} may receive from {@code from}: one to
     * {@code maxLength} distinct known generals, starting with a commander, ending with the
     * sender, not passing through {@code self}.
     */
    static boolean validChain(List<Address> path, int maxLength, Address from, Address self,
                              Collection<Address> commanders, Collection<Address> nodes) {
        if (path.isEmpty() || path.size() > maxLength) {
            return false;
        }
        Set<Address> seen = new HashSet<>();
        for (Address a : path) {
            if (!nodes.contains(a) || !seen.add(a)) {
                return false;
            }
        }
        return commanders.contains(path.get(0)) && path.get(path.size() - 1).equals(from)
            && !seen.contains(self);
    }

    /** A compact map key for a chain: names joined by {@code >}. */
    static String key(List<Address> path) {
        StringBuilder sb = new StringBuilder();
        for (Address a : path) {
            sb.append(sb.length() == 0 ? "" : ">").append(a.name());
        }
        return sb.toString();
    }
}
