package io.faultline.sim.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SloTest {

    private static final long DAY_MS = 86_400_000L;

    @Test
    void parsesTheCommandLineForm() {
        Slo slo = Slo.parse("99.9%@200ms");
        assertThat(slo.target()).isEqualByComparingTo("0.999");
        assertThat(slo.thresholdMs()).isEqualTo(200);
        assertThat(slo.windowMs()).isZero();
        assertThat(slo).hasToString("99.9%@200ms");
    }

    @Test
    void parsesTheCoursesDailyObjectiveWithAWindow() {
        Slo slo = Slo.parse("99.9%@200ms/1d");
        assertThat(slo.windowMs()).isEqualTo(DAY_MS);
        assertThat(slo).hasToString("99.9%@200ms/1d");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"99.9%@200ms", "99%@1s", "99.99%@1500ms/1h", "50%@0ms", "99.95%@2m/7d"})
    void theTextFormReadsBackAsTheSameObjective(String text) {
        Slo slo = Slo.parse(text);
        assertThat(Slo.parse(slo.toString())).isEqualTo(slo);
    }

    @ParameterizedTest(name = "rejects ''{0}'' because {1}")
    @CsvSource(delimiter = '|', value = {
        "99.9@200ms | without a percent sign",
        "99.9%200ms | no '@'",
        "100%@200ms | out of range",
        "0%@200ms | out of range",
        "abc%@200ms | not a number",
        "99.9%@200 | SLO latency '200' is not a duration",
        "99.9%@200parsecs | SLO latency '200parsecs'",
        "99.9%@200ms/0d | empty window",
        "99.9%@200ms/soon | SLO window 'soon'",
        "'' | no '@'"})
    void rejectsMalformedObjectivesNamingTheValueAndTheForm(String text, String why) {
        assertThatThrownBy(() -> Slo.parse(text))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("SLO '" + text + "'")
            .hasMessageContaining(why)
            .hasMessageContaining("valid:");
    }

    @Test
    void aRequestIsGoodWhenOkWithinTheThresholdInclusive() {
        Histories h = new Histories();
        h.ok("c", 0, 200);
        h.ok("c", 1000, 201);
        h.fail("c", 2000, 1);
        h.info("c", 3000, 5);
        h.ok("c", 4000, 3);

        List<SloResult> results = Slo.parse("50%@200ms").evaluate(OperationStats.of(h.history));

        assertThat(results).hasSize(1);
        SloResult r = results.get(0);
        assertThat(r.wholeHistory()).isTrue();
        assertThat(r.budget().total()).isEqualTo(5);
        assertThat(r.budget().good()).isEqualTo(2);
        assertThat(r.slow()).isEqualTo(1);
        assertThat(r.fail()).isEqualTo(1);
        assertThat(r.info()).isEqualTo(1);
        assertThat(r.budget().allowedBad()).isEqualByComparingTo("2.5");
        assertThat(r.budget().verdict()).isEqualTo(ErrorBudget.Verdict.MISSED);
    }

    @Test
    void eachWindowIsJudgedByTheRequestsInvokedInIt() {
        Histories h = new Histories();
        for (int i = 0; i < 1000; i++) {
            h.ok("c", i * 10L, 5);
        }
        h.ok("c", DAY_MS - 1, 500);
        h.ok("c", DAY_MS + 10, 300);
        h.ok("c", DAY_MS + 20, 1);
        h.ok("c", 3 * DAY_MS, 1);

        List<SloResult> results = Slo.parse("99.9%@200ms/1d").evaluate(OperationStats.of(h.history));

        assertThat(results).extracting(SloResult::fromMs).containsExactly(0L, DAY_MS, 3 * DAY_MS);
        assertThat(results).extracting(r -> r.budget().verdict()).containsExactly(
            ErrorBudget.Verdict.MET, ErrorBudget.Verdict.MISSED, ErrorBudget.Verdict.MET);
        // Day 0: 1 slow of 1001 fits the budget of 1.001; day 1: 1 slow of 2 exceeds 0.002.
        assertThat(results.get(0).budget().total()).isEqualTo(1001);
        assertThat(results.get(0).slow()).isEqualTo(1);
        assertThat(results.get(1).budget().total()).isEqualTo(2);
        assertThat(results.get(1).toMs()).isEqualTo(2 * DAY_MS);
    }

    @Test
    void withoutRequestsTheWholeHistoryVerdictIsNoRequests() {
        List<SloResult> results = Slo.parse("99.9%@200ms")
            .evaluate(OperationStats.of(new Histories().history));
        assertThat(results).singleElement()
            .satisfies(r -> assertThat(r.budget().verdict())
                .isEqualTo(ErrorBudget.Verdict.NO_REQUESTS));
        assertThat(Slo.parse("99.9%@200ms/1d").evaluate(OperationStats.of(new Histories().history)))
            .isEmpty();
    }

    @Test
    void manySmallWindowsAreJudgedInOnePass() {
        Histories h = new Histories();
        for (int i = 0; i < 20_000; i++) {
            h.ok("c", i * 7L, i % 100 == 0 ? 300 : 5);
        }

        List<SloResult> results = Slo.parse("99%@200ms/1ms")
            .evaluate(OperationStats.of(h.history));

        assertThat(results).hasSize(20_000);
        assertThat(results.stream().filter(r -> r.budget().verdict() == ErrorBudget.Verdict.MISSED))
            .hasSize(200);
        assertThat(results.get(1).fromMs()).isEqualTo(7);
    }
}
