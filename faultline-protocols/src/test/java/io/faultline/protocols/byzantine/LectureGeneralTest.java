package io.faultline.protocols.byzantine;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.protocols.TestNet;
import io.faultline.sim.Address;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

import org.junit.jupiter.api.Test;

/** The course's example, slide by slide: f = 1, n = 4, general 3 the traitor, ARMY_SIZE(i) = i. */
class LectureGeneralTest {

    static final Address G1 = Address.of("g1");
    static final Address G2 = Address.of("g2");
    static final Address G3 = Address.of("g3");
    static final Address G4 = Address.of("g4");
    static final List<Address> ALL = List.of(G1, G2, G3, G4);

    /**
     * General 3 tells a, b and c to generals 1, 2 and 4 in round 1 and sends the vectors
     * (x,y,z,l), (x1,y1,z1,l1), (x3,y3,z3,l3) in round 2.
     */
    static TestNet slide(int a, int b, int c, int[][] vectors) {
        Map<String, Integer> script = new HashMap<>();
        script.put(Strategy.Scripted.key(G1, List.of(G3)), a);
        script.put(Strategy.Scripted.key(G2, List.of(G3)), b);
        script.put(Strategy.Scripted.key(G4, List.of(G3)), c);
        List<Address> receivers = List.of(G1, G2, G4);
        for (int r = 0; r < 3; r++) {
            for (int j = 0; j < 4; j++) {
                List<Address> path = List.of(ALL.get(j), G3);
                script.put(Strategy.Scripted.key(receivers.get(r), path), vectors[r][j]);
            }
        }
        TestNet net = new TestNet(10, 42);
        for (int i = 1; i <= 4; i++) {
            Address g = ALL.get(i - 1);
            Voice voice = g.equals(G3) ? new Strategy.Scripted(script) : Voice.HONEST;
            net.add(g, new LectureGeneral(new LectureGeneral.Config(i, 1, 10), voice));
        }
        return net.run();
    }

    static final int[][] XYZL = {{9, 8, 7, 6}, {19, 18, 17, 16}, {29, 28, 27, 26}};

    @Test
    void afterTheFirstStepEachLoyalGeneralHoldsTheVectorOfTheSlide() {
        TestNet net = slide(5, 6, 7, XYZL);
        assertThat(net.<LectureGeneral>node(G1).ownVector()).contains(List.of(1, 2, 5, 4));
        assertThat(net.<LectureGeneral>node(G2).ownVector()).contains(List.of(1, 2, 6, 4));
        assertThat(net.<LectureGeneral>node(G4).ownVector()).contains(List.of(1, 2, 7, 4));
    }

    @Test
    void afterTheSecondStepGeneral1HoldsTheFourVectorsOfTheSlide() {
        TestNet net = slide(5, 6, 7, XYZL);
        SortedMap<Address, List<Integer>> reports = net.<LectureGeneral>node(G1).reports();
        assertThat(reports).containsEntry(G2, List.of(1, 2, 6, 4))
            .containsEntry(G3, List.of(9, 8, 7, 6))
            .containsEntry(G4, List.of(1, 2, 7, 4));
    }

    @Test
    void general1Decides2ForGeneral2And4ForGeneral4ButNotGeneral3WhenABAndCDiffer() {
        TestNet net = slide(5, 6, 7, XYZL);
        SortedMap<Address, Integer> d = net.<LectureGeneral>node(G1).decision().orElseThrow();
        assertThat(d).containsEntry(G1, 1).containsEntry(G2, 2).containsEntry(G4, 4)
            .containsEntry(G3, Values.UNKNOWN);
        // Every loyal general sees the same (a, b, c) for general 3, so they agree on "unknown".
        assertThat(net.<LectureGeneral>node(G2).decision()).contains(d);
        assertThat(net.<LectureGeneral>node(G4).decision()).contains(d);
    }

    @Test
    void general3sValueIsDecidedWhenABAndCAgree() {
        TestNet net = slide(3, 3, 3, XYZL);
        for (Address g : List.of(G1, G2, G4)) {
            assertThat(net.<LectureGeneral>node(g).decision().orElseThrow())
                .containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of(G1, 1, G2, 2, G3, 3,
                    G4, 4)));
        }
    }

    @Test
    void aValueThatRepeatsNMinusFMinus1TimesIsAccepted() {
        // n - f - 1 = 2: a = b = 8 is accepted even though c differs.
        TestNet net = slide(8, 8, 7, XYZL);
        assertThat(net.<LectureGeneral>node(G1).decision().orElseThrow()).containsEntry(G3, 8);
    }

    @Test
    void aTraitorLyingAboutOthersInRound2CannotChangeALoyalValue() {
        // General 3 claims everyone else has 7: the y of (2, y, 2) is outvoted.
        int[][] lies = {{7, 7, 3, 7}, {7, 7, 3, 7}, {7, 7, 3, 7}};
        TestNet net = slide(3, 3, 3, lies);
        for (Address g : List.of(G1, G2, G4)) {
            SortedMap<Address, Integer> d = net.<LectureGeneral>node(g).decision().orElseThrow();
            assertThat(d).containsEntry(G1, 1).containsEntry(G2, 2).containsEntry(G4, 4);
        }
    }
}
