package io.faultline.protocols.byzantine;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.sim.Address;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

class AgreementTest {

    static final Address G1 = Address.of("g1");
    static final Address G2 = Address.of("g2");
    static final Address G3 = Address.of("g3");

    static SortedMap<Address, SortedMap<Address, Integer>> loyal(Map<Address, Integer> g2,
                                                                  Map<Address, Integer> g3) {
        SortedMap<Address, SortedMap<Address, Integer>> out = new TreeMap<>();
        out.put(G2, new TreeMap<>(g2));
        out.put(G3, new TreeMap<>(g3));
        return out;
    }

    @Test
    void ic1FailsWhenTwoLoyalLieutenantsDecideDifferently() {
        assertThat(Agreement.ic1(loyal(Map.of(G1, 1), Map.of(G1, 0))))
            .hasValueSatisfying(r -> assertThat(r).contains("commander g1").contains("g2")
                .contains("g3"));
    }

    @Test
    void ic1IgnoresACommandersOwnEntryWhichIc2Checks() {
        // g2 knows its own value 5; g3, the only other loyal general, decided 4 for it.
        SortedMap<Address, SortedMap<Address, Integer>> l = loyal(Map.of(G1, 1, G2, 5),
            Map.of(G1, 1, G2, 4));
        assertThat(Agreement.ic1(l)).isEmpty();
        assertThat(Agreement.ic2(l, new TreeMap<>(Map.of(G2, 5))))
            .hasValueSatisfying(r -> assertThat(r).contains("g3 decided 4"));
        l = loyal(Map.of(G1, 1, G2, 5), Map.of(G1, 1, G2, 5));
        assertThat(Agreement.ic2(l, new TreeMap<>(Map.of(G2, 5)))).isEmpty();
    }
}
