package io.faultline.app;

import static io.faultline.app.CommandLineTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.app.CommandLineTest.Run;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GeneralsCommandTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "generals byzantine --f -1|--f -1|0 or more",
        "generals byzantine --n 1|--n 1|2 or more",
        "generals byzantine --n 4 --f 1 --traitors 5|position 5|1..4",
        "generals byzantine --n 4 --f 2 --traitors 2,2|position 2 is repeated|once",
        "generals byzantine --n 4 --f 1 --traitors 1,2|names 2 traitors|at most f",
        "generals byzantine --algorithm paxos|unknown algorithm 'paxos'|lecture, om, sm",
        "generals byzantine --strategy sneaky|unknown --strategy 'sneaky'|two-faced",
        "generals byzantine --n 4 --values 1,2|has 2 values|n = 4",
        "generals byzantine --report speed|unknown --report 'speed'|models, cost",
        "generals byzantine --timing whenever|unknown timing model 'whenever'|partial-sync",
        "generals byzantine --algorithm lecture --commander 2|no commander form|valid: 0",
        "generals two --loss 1.5|--loss 1.5|[0, 1]",
        "generals two --messengers 0|value 0|1..1000",
        "generals two --strategy hope|unknown strategy 'hope'|ack-chain",
        "generals two --rounds 0|--rounds 0|1..8",
    })
    void badInputExits64NamingTheValueAndWhatIsValid(String args, String bad, String valid) {
        Run r = run(args.split(" "));
        assertThat(r.code()).as(r.err()).isEqualTo(64);
        assertThat(r.err()).contains(bad).contains(valid);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void theLectureExampleShowsEachLoyalGeneralsVectorAndDecision() {
        Run r = run("generals", "byzantine", "--algorithm", "lecture", "--n", "4", "--f", "1",
            "--traitors", "3", "--values", "1,2,3,4");
        assertThat(r.code()).as(r.out()).isEqualTo(0);
        assertThat(r.out()).contains("loyal   g1: after round 1 (1,2,")
            .contains("decided g1=1 g2=2 g3=").contains("g4=4")
            .contains("agreement (IC1) held").contains("validity (IC2) held");
    }

    @Test
    void omWithThreeGeneralsExhaustivelyExits1AndPrintsTheCounterexample() {
        Run r = run("generals", "byzantine", "--algorithm", "om", "--n", "3", "--f", "1",
            "--exhaustive");
        assertThat(r.code()).as(r.out()).isEqualTo(1);
        assertThat(r.out()).contains("the theorem needs n >= 3f+1").contains("counterexample:")
            .contains("loyal g").contains("violated");
    }

    @Test
    void smWithThreeGeneralsExhaustivelyHolds() {
        Run r = run("generals", "byzantine", "--algorithm", "sm", "--n", "3", "--f", "1",
            "--exhaustive");
        assertThat(r.code()).as(r.out()).isEqualTo(0);
        assertThat(r.out()).contains("0 violated").contains("IC1 and IC2 held in every run");
    }

    @Test
    void aFailingRunPrintsAReplayCommandThatReplaysIt() {
        Run r = run("generals", "byzantine", "--algorithm", "om", "--n", "4", "--f", "1",
            "--network", "fair-loss", "--seed", "3");
        assertThat(r.code()).as(r.out()).isEqualTo(1);
        String replay = r.out().lines().filter(l -> l.startsWith("replay: ")).findFirst()
            .orElseThrow().substring("replay: ./faultline ".length());
        Run again = run(replay.split(" "));
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.out().replaceAll("\\d+ us wall", ""))
            .isEqualTo(r.out().replaceAll("\\d+ us wall", ""));
    }

    @Test
    void twoGeneralsExhaustiveSearchExits1WithTheShortestLoss() {
        Run r = run("generals", "two", "--strategy", "ack-chain", "--rounds", "3",
            "--exhaustive");
        assertThat(r.code()).as(r.out()).isEqualTo(1);
        assertThat(r.out()).contains("LOSE g1 -> g2 Messenger[step=3")
            .contains("7 of 7 protocols end in disagreement");
    }

    @Test
    void twoGeneralsTablePrintsMeasuredBesideTheory() {
        Run r = run("generals", "two", "--strategy", "attack-after-ack", "--messengers", "1,2",
            "--loss", "0.5", "--seeds", "300");
        assertThat(r.code()).as(r.out()).isEqualTo(0);
        // (1 - 0.5)^2 + 0.5 = 0.75 and (1 - 0.25)^2 + 0.25 = 0.8125
        assertThat(r.out()).contains("0.7500").contains("0.8125");
    }
}
