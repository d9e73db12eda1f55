package io.faultline.protocols.byzantine;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.protocols.byzantine.ByzantineChecks.Report;
import io.faultline.protocols.byzantine.ByzantineScenario.Algorithm;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The checks the issue asks for, at the sizes it names. */
class ByzantineChecksTest {

    @Test
    void lectureAlgorithmHoldsForEveryTraitorPositionStrategyAndValueWithFourGenerals() {
        Report r = ByzantineChecks.strategies(Algorithm.LECTURE, 4, 1,
            ByzantineChecks.allVectors(4, 2), 2, 2);
        assertThat(r.runs()).isEqualTo(4 * 5 * 16 * 2);
        assertThat(r.first()).isEmpty();
    }

    @Test
    void omHoldsForEveryTraitorPositionStrategyAndValueWithFourGenerals() {
        Report r = ByzantineChecks.strategies(Algorithm.OM, 4, 1,
            ByzantineChecks.allVectors(4, 2), 2, 2);
        assertThat(r.runs()).isEqualTo(4 * 5 * 16 * 2);
        assertThat(r.first()).isEmpty();
    }

    @Test
    void omHoldsAgainstEveryBehaviourOfOneTraitorWithFourGenerals() {
        Report r = ByzantineChecks.scripted(Algorithm.OM, 4, 1, 2);
        // Commander traitor: 3 messages, 3 choices each; lieutenant traitor: 2 relays.
        assertThat(r.runs()).isEqualTo(2 * (27 + 3 * 9));
        assertThat(r.first()).isEmpty();
    }

    @Test
    void omHoldsForEveryPairOfTraitorsAndStrategyWithSevenGenerals() {
        List<List<Integer>> values = List.of(List.of(0, 0, 0, 0, 0, 0, 0),
            List.of(1, 1, 1, 1, 1, 1, 1), List.of(0, 1, 0, 1, 0, 1, 0),
            List.of(1, 1, 0, 0, 1, 0, 1));
        Report r = ByzantineChecks.strategies(Algorithm.OM, 7, 2, values, 2, 1);
        assertThat(r.runs()).isEqualTo(21 * 5 * 4);
        assertThat(r.first()).isEmpty();
    }

    @Test
    void omWithThreeGeneralsHasACounterexampleAndPrintsIt() {
        Report r = ByzantineChecks.scripted(Algorithm.OM, 3, 1, 2);
        assertThat(r.holds()).isFalse();
        String text = r.first().orElseThrow().describe();
        assertThat(text).contains("traitors [g").contains("loyal").contains("violated");
    }

    @Test
    void smHoldsAgainstEveryBehaviourOfOneTraitorWithThreeGenerals() {
        Report r = ByzantineChecks.scripted(Algorithm.SM, 3, 1, 2);
        assertThat(r.runs()).isPositive();
        assertThat(r.first()).isEmpty();
        assertThat(r.tally().forged()).isPositive();
    }

    @Test
    void smHoldsForEveryTraitorPositionAndStrategyWithFourGenerals() {
        // Four value vectors, not all sixteen: JDK Ed25519 costs about half a millisecond per
        // signature, and the lieutenants' values do not interact in SM.
        List<List<Integer>> values = List.of(List.of(0, 0, 0, 0), List.of(1, 1, 1, 1),
            List.of(0, 1, 0, 1), List.of(1, 0, 0, 1));
        Report r = ByzantineChecks.strategies(Algorithm.SM, 4, 1, values, 2, 1);
        assertThat(r.runs()).isEqualTo(4 * 5 * 4);
        assertThat(r.first()).isEmpty();
    }

    @Test
    void smHoldsWithTwoTraitorsAmongFourGeneralsWhereOmCannot() {
        // SM(2) needs only n >= m + 2 = 4; OM(2) would need 7 generals.
        // One value vector: every pair of positions and every strategy, in a few seconds.
        List<List<Integer>> values = List.of(List.of(1, 0, 1, 1));
        Report r = ByzantineChecks.strategies(Algorithm.SM, 4, 2, values, 2, 1);
        assertThat(r.runs()).isEqualTo(6 * 5);
        assertThat(r.first()).isEmpty();
        Report om = ByzantineChecks.strategies(Algorithm.OM, 4, 2, values, 2, 1);
        assertThat(om.holds()).isFalse();
    }
}
