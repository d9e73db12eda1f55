package io.faultline.sim.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.sim.Rng;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class ErrorBudgetTest {

    private static final BigDecimal THREE_NINES = new BigDecimal("0.999");

    @Test
    void aMillionRequestsAtThreeNinesAllowAThousandBad() {
        ErrorBudget b = new ErrorBudget(THREE_NINES, 1_000_000, 800);

        assertThat(b.allowedBad()).isEqualByComparingTo("1000");
        assertThat(b.remaining()).isEqualByComparingTo("200");
        assertThat(b.spentFraction()).get().satisfies(f -> assertThat(f).isEqualByComparingTo("0.8"));
        assertThat(b.good()).isEqualTo(999_200);
        assertThat(b.measured().orElseThrow().percent()).isEqualTo("99.92%");
        assertThat(b.verdict()).isEqualTo(ErrorBudget.Verdict.MET);
    }

    @Test
    void spendingExactlyTheBudgetMeetsTheObjectiveAndOneMoreMissesIt() {
        assertThat(new ErrorBudget(THREE_NINES, 1_000_000, 1000).verdict())
            .isEqualTo(ErrorBudget.Verdict.MET);
        ErrorBudget over = new ErrorBudget(THREE_NINES, 1_000_000, 1001);
        assertThat(over.verdict()).isEqualTo(ErrorBudget.Verdict.MISSED);
        assertThat(over.remaining()).isEqualByComparingTo("-1");
        assertThat(over.spentFraction().orElseThrow()).isEqualByComparingTo("1.001");
    }

    @Test
    void aFractionalBudgetIsKeptExact() {
        ErrorBudget b = new ErrorBudget(THREE_NINES, 1500, 1);
        assertThat(b.allowedBad()).isEqualByComparingTo("1.5");
        assertThat(b.remaining()).isEqualByComparingTo("0.5");
        assertThat(new ErrorBudget(THREE_NINES, 999, 1).verdict())
            .as("999 requests allow 0.999 bad: one bad request misses")
            .isEqualTo(ErrorBudget.Verdict.MISSED);
    }

    @Test
    void noRequestsIsItsOwnVerdictWithNoSpentFraction() {
        ErrorBudget b = new ErrorBudget(THREE_NINES, 0, 0);
        assertThat(b.verdict()).isEqualTo(ErrorBudget.Verdict.NO_REQUESTS);
        assertThat(b.spentFraction()).isEmpty();
        assertThat(b.measured()).isEmpty();
    }

    @Test
    void metIsTheSameAsTheGoodFractionReachingTheTarget() {
        Rng rng = new Rng(3L);
        for (int i = 0; i < 20_000; i++) {
            long total = 1 + rng.nextLong(10_000_000L);
            long bad = rng.nextLong(Math.min(total, 1 + total / 100) + 1);
            int nines = 1 + rng.nextInt(5);
            BigDecimal target = Availability.ofNines(nines).fraction();
            ErrorBudget b = new ErrorBudget(target, total, bad);
            // good / total >= target  <=>  good >= target * total, in exact decimals.
            boolean reached = BigDecimal.valueOf(total - bad)
                .compareTo(target.multiply(BigDecimal.valueOf(total))) >= 0;
            assertThat(b.verdict() == ErrorBudget.Verdict.MET).as("%d of %d at %s", bad, total,
                target).isEqualTo(reached);
            assertThat(b.remaining().add(BigDecimal.valueOf(bad)))
                .isEqualByComparingTo(b.allowedBad());
        }
    }

    @Test
    void rejectsTargetsOutsideZeroToOneAndImpossibleCounts() {
        assertThatThrownBy(() -> new ErrorBudget(BigDecimal.ONE, 10, 0))
            .hasMessageContaining("SLO target 1 is out of range");
        assertThatThrownBy(() -> new ErrorBudget(BigDecimal.ZERO, 10, 0))
            .hasMessageContaining("valid: above 0 and below 1");
        assertThatThrownBy(() -> new ErrorBudget(THREE_NINES, 10, 11))
            .hasMessageContaining("bad requests 11 of 10");
        assertThatThrownBy(() -> new ErrorBudget(THREE_NINES, -1, 0))
            .hasMessageContaining("of -1");
    }

    @Test
    void textShowsTheBudgetAndHowItIsComputed() {
        assertThat(new ErrorBudget(THREE_NINES, 1_000_000, 800).text()).isEqualTo(String.join("\n",
            "requests           1000000",
            "good                999200 (99.92%, target 99.9%)",
            "bad                    800",
            "error budget          1000 bad requests ((1 - 99.9%) x 1000000)",
            "spent                  800 (80%)",
            "remaining              200 (20%)",
            "verdict                met",
            ""));
    }

    @Test
    void jsonCarriesTheBudgetFigures() {
        assertThat(new ErrorBudget(THREE_NINES, 1_000_000, 1200).json()).isEqualTo("{"
            + "\"target\":0.999,\"requests\":1000000,\"good\":998800,\"bad\":1200,"
            + "\"measured\":0.9988,\"allowedBad\":1000,\"spentFraction\":1.2,"
            + "\"remaining\":-200,\"verdict\":\"missed\"}");
    }
}
