package io.faultline.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.app.CommandLineTest.Run;
import org.junit.jupiter.api.Test;

/** {@code faultline sim --scenario failover}: the failover lesson from the command line. */
class SimFailoverTest {

    private static Run run(String... args) {
        return CommandLineTest.run(args);
    }

    @Test
    void listOffersTheFailoverScenarioAndItsThreeProtocols() {
        Run r = run("sim", "--list");

        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("failover  a backup takes over on a failure detector's word")
            .contains("protocols: fenced, unfenced, unfenced-perfect");
    }

    @Test
    void unfencedFailoverUnderPartialSynchronyExitsOneAndReplaysTheSplitBrain() {
        Run r = run("sim", "--scenario", "failover", "--protocol", "unfenced", "--timing",
            "partial-sync", "--seeds", "200");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out())
            .contains("held 51/200, safety violated 149, liveness violated 0")
            .contains("no-lost-update", "split brain")
            .contains("replay: ./faultline sim --scenario failover --protocol unfenced --network"
                + " fair-loss --nodes crash-recovery --timing partial-sync --seed 1");
        Run again = run("sim", "--scenario", "failover", "--protocol", "unfenced", "--timing",
            "partial-sync", "--seed", "1");
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.out()).contains("deposit 3 (amount 18) was acknowledged by primary");
    }

    @Test
    void fencedFailoverIsTheDefaultAndHolds() {
        Run r = run("sim", "--scenario", "failover", "--seeds", "50");

        assertThat(r.code()).as(r.out()).isZero();
        assertThat(r.out()).contains("protocol fenced", "held 50/50");
    }

    @Test
    void exhaustiveIsRefusedWithWhatToRunInstead() {
        Run r = run("sim", "--scenario", "failover", "--protocol", "unfenced", "--exhaustive");

        assertThat(r.code()).isEqualTo(64);
        assertThat(r.err()).contains("scenario failover has no exhaustive mode")
            .contains("faultline sim --scenario failover --protocol unfenced --seeds 200");
        assertThat(r.out()).isEmpty();
    }
}
