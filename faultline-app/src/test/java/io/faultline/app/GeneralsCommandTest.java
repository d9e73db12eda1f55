package io.faultline.app;

import static io.faultline.app.CommandLineTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.app.CommandLineTest.Run;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** faultline generals; its bad-input cases are rows of {@link CommandLineTest}'s table. */
class GeneralsCommandTest {

    @Test
    void theLectureExampleShowsEachLoyalGeneralsVectorAndDecision() {
        Run r = run("generals", "byzantine", "--algorithm", "lecture", "--n", "4", "--f", "1",
            "--traitors", "3", "--values", "1,2,3,4");
        assertThat(r.code()).as(r.out()).isEqualTo(0);
        // Equivocating over 0..4, general 3 tells g1 0, g2 1 and g4 3: a, b, c all differ.
        assertThat(r.out()).contains("loyal   g1: after round 1 (1,2,0,4); after round 2 "
                + "(1,2,0,4) (1,2,1,4) ")
            .contains(" (1,2,3,4); decided g1=1 g2=2 g3=? g4=4")
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
    void aFailingRunPrintsAReplayCommandThatReplaysItWithATrace(@TempDir Path dir)
            throws Exception {
        Run r = run("generals", "byzantine", "--algorithm", "om", "--n", "4", "--f", "1",
            "--network", "fair-loss", "--seed", "3");
        assertThat(r.code()).as(r.out()).isEqualTo(1);
        String replay = r.out().lines().filter(l -> l.startsWith("replay: ")).findFirst()
            .orElseThrow().substring("replay: ./faultline ".length());
        Path trace = dir.resolve("run.jsonl");
        Run again = run(replay.replace("run.jsonl", trace.toString()).split(" "));
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.out().replaceAll("\\d+ us wall", "").replaceAll("(?m)^trace: .*\n", ""))
            .isEqualTo(r.out().replaceAll("\\d+ us wall", ""));
        assertThat(Files.readString(trace)).contains("\"event\":\"drop\"")
            .contains("\"verdict\":\"SAFETY\"");
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

    @Test
    void omRunsOverTheRealRuntimeAndPrintsTheSameVerdict() {
        // A generous delta: the machine may be shared, and a late claim counts as missing.
        Run r = run("generals", "byzantine", "--algorithm", "om", "--n", "4", "--f", "1",
            "--traitors", "2", "--strategy", "equivocate", "--real", "--delta", "3000");
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(0);
        assertThat(r.out()).contains("nodes of the real runtime, gRPC on loopback")
            .contains("agreement (IC1) held").contains("validity (IC2) held")
            .contains("messages=36").containsPattern("received=4[0-9] ");
    }

    @Test
    void realRejectsSimulatorOnlyOptions() {
        Run r = run("generals", "byzantine", "--real", "--seeds", "5");
        assertThat(r.code()).isEqualTo(64);
        assertThat(r.err()).contains("--real runs one seed");
    }
}
