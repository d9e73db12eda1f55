package io.faultline.protocols.byzantine;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.protocols.TestNet;
import io.faultline.sim.Address;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class SignedGeneralTest {

    static final List<Address> G = OralGeneralTest.generals(3);

    static TestNet threeGenerals(Map<Address, Voice> traitors) {
        KeyRing keys = KeyRing.generate(G, 42);
        TestNet net = new TestNet(10, 7);
        for (Address g : G) {
            net.add(g, new SignedGeneral(new SignedGeneral.Config(1, Set.of(G.get(0)), 1, 10,
                keys.privateKeys().get(g), keys.publicKeys()), traitors.getOrDefault(g,
                Voice.HONEST)));
        }
        return net.run();
    }

    @Test
    void anAlteredRelayIsRejectedAndCountedAndTheLoyalLieutenantObeys() {
        TestNet net = threeGenerals(Map.of(G.get(2), new Strategy.TwoFaced(2)));
        SignedGeneral g2 = net.node(G.get(1));
        assertThat(g2.tally().forged()).isEqualTo(1);
        assertThat(g2.decision().orElseThrow()).containsEntry(G.get(0), 1);
    }

    @Test
    void anEquivocatingCommanderIsCaughtAndBothLieutenantsTakeTheDefault() {
        TestNet net = threeGenerals(Map.of(G.get(0), new Strategy.Equivocate(2)));
        SignedGeneral g2 = net.node(G.get(1));
        SignedGeneral g3 = net.node(G.get(2));
        assertThat(g2.values().get(G.get(0))).containsExactly(0, 1);
        assertThat(g2.decision()).isEqualTo(g3.decision());
        assertThat(g2.decision().orElseThrow()).containsEntry(G.get(0), Values.DEFAULT);
    }

    @Test
    void keysAndSignaturesFollowFromTheSeed() {
        KeyRing a = KeyRing.generate(G, 42);
        KeyRing b = KeyRing.generate(G, 42);
        KeyRing c = KeyRing.generate(G, 43);
        assertThat(a.publicKeys().get(G.get(0)).getEncoded())
            .isEqualTo(b.publicKeys().get(G.get(0)).getEncoded())
            .isNotEqualTo(c.publicKeys().get(G.get(0)).getEncoded());
        String s1 = KeyRing.sign(a.privateKeys().get(G.get(0)), "attack");
        assertThat(KeyRing.sign(b.privateKeys().get(G.get(0)), "attack")).isEqualTo(s1);
        assertThat(KeyRing.verify(a.publicKeys().get(G.get(0)), "attack", s1)).isTrue();
        assertThat(KeyRing.verify(a.publicKeys().get(G.get(0)), "retreat", s1)).isFalse();
        assertThat(KeyRing.verify(a.publicKeys().get(G.get(1)), "attack", s1)).isFalse();
        assertThat(KeyRing.verify(a.publicKeys().get(G.get(0)), "attack", "not base64!"))
            .isFalse();
    }

    @Test
    void sameSeedGivesTheSameTrace() {
        Map<Address, Voice> t = Map.of(G.get(0), new Strategy.Equivocate(2));
        assertThat(threeGenerals(t).trace).isEqualTo(threeGenerals(t).trace);
    }
}
