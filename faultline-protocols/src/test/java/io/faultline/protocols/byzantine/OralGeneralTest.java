package io.faultline.protocols.byzantine;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.protocols.TestNet;
import io.faultline.sim.Address;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

class OralGeneralTest {

    static List<Address> generals(int n) {
        List<Address> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add(Address.of("g" + i));
        }
        return out;
    }

    /** OM(m), commander g1 with {@code value}, traitors as given, every message takes delayMs. */
    static TestNet commanderForm(int n, int m, int value, Map<Address, Voice> traitors,
                                 long delayMs) {
        TestNet net = new TestNet(delayMs, 7);
        for (Address g : generals(n)) {
            net.add(g, new OralGeneral(new OralGeneral.Config(m, Set.of(Address.of("g1")), value,
                10), traitors.getOrDefault(g, Voice.HONEST)));
        }
        return net.run();
    }

    static SortedMap<Address, Integer> decisionOf(TestNet net, String g) {
        return net.<OralGeneral>node(Address.of(g)).decision().orElseThrow();
    }

    @Test
    void loyalLieutenantsObeyALoyalCommanderDespiteATwoFacedLieutenant() {
        TestNet net = commanderForm(4, 1, 1, Map.of(Address.of("g3"), new Strategy.TwoFaced(2)),
            10);
        assertThat(decisionOf(net, "g2")).containsEntry(Address.of("g1"), 1);
        assertThat(decisionOf(net, "g4")).containsEntry(Address.of("g1"), 1);
    }

    @Test
    void loyalLieutenantsAgreeWhenTheCommanderEquivocates() {
        TestNet net = commanderForm(4, 1, 1, Map.of(Address.of("g1"), new Strategy.Equivocate(3)),
            10);
        assertThat(decisionOf(net, "g2")).isEqualTo(decisionOf(net, "g3"))
            .isEqualTo(decisionOf(net, "g4"));
    }

    @Test
    void sendsOneMessagePerPathAsTheFormulaSays() {
        // (n-1) + (n-1)(n-2) + (n-1)(n-2)(n-3) for n = 7, m = 2.
        TestNet net = commanderForm(7, 2, 1, Map.of(), 10);
        assertThat(net.sent).isEqualTo(6 + 6 * 5 + 6 * 5 * 4);
        assertThat(decisionOf(net, "g7")).containsEntry(Address.of("g1"), 1);
    }

    @Test
    void keysClaimsByTheWholePathNotBySender() {
        TestNet net = commanderForm(7, 2, 1, Map.of(), 10);
        SortedMap<String, Integer> got = net.<OralGeneral>node(Address.of("g7")).received();
        // In round 2, g2 relays to g7 one claim for each of the 4 lieutenants it heard from.
        assertThat(got.keySet()).filteredOn(k -> k.endsWith(">g2") && k.split(">").length == 3)
            .containsExactly("g1>g3>g2", "g1>g4>g2", "g1>g5>g2", "g1>g6>g2");
    }

    @Test
    void twoPathsFromTheSameSenderKeepDifferentValues() {
        // g2 (a traitor) relays a different value for each path: a receiver keyed by sender
        // would keep only one of them.
        Map<String, Integer> script = new TreeMap<>();
        Address g2 = Address.of("g2");
        Address g7 = Address.of("g7");
        script.put(Strategy.Scripted.key(g7, List.of(Address.of("g1"), Address.of("g3"), g2)), 0);
        script.put(Strategy.Scripted.key(g7, List.of(Address.of("g1"), Address.of("g4"), g2)), 1);
        TestNet net = commanderForm(7, 2, 1, Map.of(g2, new Strategy.Scripted(script)), 10);
        SortedMap<String, Integer> got = net.<OralGeneral>node(g7).received();
        assertThat(got).containsEntry("g1>g3>g2", 0).containsEntry("g1>g4>g2", 1);
    }

    @Test
    void withThreeGeneralsATraitorLieutenantBreaksValidity() {
        // n = 3 <= 3m: g1 orders 1, g3 claims g1 said 0; g2 sees (1, 0), no majority, default 0.
        TestNet net = commanderForm(3, 1, 1, Map.of(Address.of("g3"), new Strategy.TwoFaced(2)),
            10);
        assertThat(decisionOf(net, "g2")).containsEntry(Address.of("g1"), Values.DEFAULT);
    }

    @Test
    void aMessageLaterThanItsRoundIsTakenAsMissing() {
        // Every message takes 50 ms while a round lasts 11 ms: every claim arrives late.
        TestNet net = commanderForm(4, 1, 1, Map.of(), 50);
        OralGeneral g2 = net.node(Address.of("g2"));
        assertThat(g2.tally().late()).isEqualTo(3);
        assertThat(g2.decision().orElseThrow()).containsEntry(Address.of("g1"), Values.DEFAULT);
    }

    @Test
    void interactiveConsistencyGivesEveryLoyalGeneralTheSameVector() {
        List<Address> gs = generals(4);
        TestNet net = new TestNet(10, 7);
        for (int i = 0; i < 4; i++) {
            Voice voice = i == 2 ? new Strategy.Equivocate(2) : Voice.HONEST;
            net.add(gs.get(i), new OralGeneral(new OralGeneral.Config(1, Set.copyOf(gs), i % 2,
                10), voice));
        }
        net.run();
        SortedMap<Address, Integer> v1 = decisionOf(net, "g1");
        assertThat(decisionOf(net, "g2")).isEqualTo(v1);
        assertThat(decisionOf(net, "g4")).isEqualTo(v1);
        assertThat(v1).containsEntry(gs.get(0), 0).containsEntry(gs.get(1), 1)
            .containsEntry(gs.get(3), 1);
        assertThat(net.sent).isEqualTo(4 * (3 + 3 * 2));
    }
}
