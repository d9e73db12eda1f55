package io.faultline.payments.archfixture;

import io.faultline.sim.Address;
import java.math.BigDecimal;
import java.util.TreeMap;

/** Architecture fixture: payments domain code that uses only the JDK and the node API. */
public final class CleanDomain {

    private final TreeMap<Address, BigDecimal> balances = new TreeMap<>();

    BigDecimal credit(Address account, BigDecimal amount) {
        return balances.merge(account, amount, BigDecimal::add);
    }
}
