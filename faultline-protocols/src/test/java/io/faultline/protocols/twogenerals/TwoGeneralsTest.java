package io.faultline.protocols.twogenerals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.faultline.sim.engine.ExploreResult;
import io.faultline.sim.engine.SimResult;
import io.faultline.sim.engine.Verdict;

import java.io.StringWriter;

import org.junit.jupiter.api.Test;

class TwoGeneralsTest {

    @Test
    void withoutLossBothGeneralsAttackUnderEveryProtocolOfTheFamily() {
        for (Protocol p : TwoGenerals.family(4)) {
            SimResult r = TwoGenerals.simulate(p, 0.0, 1, null);
            assertThat(r.verdict()).as(p.toString()).isEqualTo(Verdict.OK);
            assertThat(r.view().node(TwoGenerals.G2, General.class).attacks()).contains(true);
        }
    }

    @Test
    void everyProtocolWithUpToFourStepsHasALossPatternThatEndsInDisagreement() {
        for (Protocol p : TwoGenerals.family(4)) {
            ExploreResult e = TwoGenerals.search(p);
            assertThat(e.violated()).as(p.toString()).isTrue();
            assertThat(e.violation().property()).isEqualTo("coordinated");
        }
    }

    @Test
    void theShortestDisagreementOfAlwaysAttackIsTheLossOfTheOnlyMessenger() {
        ExploreResult e = TwoGenerals.search(Protocol.alwaysAttack(1));
        assertThat(String.join("\n", e.counterexample())).contains("LOSE")
            .contains("general 1 attacks but general 2 does not attack");
    }

    @Test
    void theShortestDisagreementOfAnAckChainLosesTheLastStep() {
        ExploreResult e = TwoGenerals.search(Protocol.ackChain(3, 1));
        String trace = String.join("\n", e.counterexample());
        assertThat(trace).contains("LOSE g1 -> g2 Messenger[step=3");
        assertThat(trace).contains("general 1 attacks but general 2 does not attack");
    }

    @Test
    void measuredCoordinationMatchesTheoryForAlwaysAttack() {
        TwoGenerals.Row row = TwoGenerals.measure(Protocol.alwaysAttack(2), 0.5, 2000);
        assertThat(row.theory()).isCloseTo(0.75, within(1e-9));
        assertThat(row.measured()).isCloseTo(0.75, within(0.04));
    }

    @Test
    void measuredCoordinationMatchesTheoryForAnAckChain() {
        TwoGenerals.Row row = TwoGenerals.measure(Protocol.ackChain(3, 1), 0.3, 2000);
        // q = 0.7: q^3 + (1 - q^2) = 0.343 + 0.51
        assertThat(row.theory()).isCloseTo(0.853, within(1e-9));
        assertThat(row.measured()).isCloseTo(0.853, within(0.04));
    }

    @Test
    void sameSeedSameTrace() {
        StringWriter a = new StringWriter();
        StringWriter b = new StringWriter();
        TwoGenerals.simulate(Protocol.attackAfterAck(3), 0.4, 5, a);
        TwoGenerals.simulate(Protocol.attackAfterAck(3), 0.4, 5, b);
        assertThat(a.toString()).isNotEmpty().isEqualTo(b.toString());
    }
}
