package io.faultline.protocols.failover;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The state of the one bank account the scenario is about, as a replica caches it and the storage
 * keeps it: the balance and the ids of the deposits applied to it, ascending. Immutable: a message
 * carries it whole, which is what makes a write from a stale cache overwrite newer deposits.
 *
 * @param balance the sum of the applied deposits, as the writer computed it
 * @param applied the ids of the applied deposits, ascending, without repeats
 */
public record Account(long balance, List<Long> applied) {

    /** The account before any deposit. */
    public static final Account EMPTY = new Account(0, List.of());

    public Account {
        applied = List.copyOf(Objects.requireNonNull(applied, "applied"));
        for (int i = 1; i < applied.size(); i++) {
            if (applied.get(i) <= applied.get(i - 1)) {
                throw new IllegalArgumentException("applied ids must ascend, got " + applied);
            }
        }
    }

    /** Whether deposit {@code opId} is applied. */
    public boolean has(long opId) {
        return java.util.Collections.binarySearch(applied, opId) >= 0;
    }

    /** The account with deposit {@code opId} of {@code amount} applied; this one if it was. */
    public Account deposit(long opId, long amount) {
        if (has(opId)) {
            return this;
        }
        List<Long> ids = new ArrayList<>(applied);
        int at = -java.util.Collections.binarySearch(ids, opId) - 1;
        ids.add(at, opId);
        return new Account(balance + amount, ids);
    }
}
