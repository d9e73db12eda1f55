package io.faultline.sim.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.sim.Rng;
import java.math.BigDecimal;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AvailabilityTest {

    @ParameterizedTest(name = "{0} is {1} nines")
    @CsvSource({"0.99, 2", "0.999, 3", "0.9999, 4", "0.99999, 5"})
    void courseFiguresAreWorthTheirNines(double fraction, int nines) {
        assertThat(Availability.of(fraction).nines()).isEqualTo(nines);
    }

    @Test
    void naiveFloatingPointWouldCallThreeNinesTwo() {
        // The trap this class avoids: in doubles, 1 - 0.999 is a hair above 0.001.
        assertThat((int) Math.floor(-Math.log10(1 - 0.999))).isEqualTo(2);
        assertThat(Availability.of(0.999).nines()).isEqualTo(3);
    }

    @ParameterizedTest(name = "{0} is {1} nines")
    @CsvSource({"0, 0", "0.5, 0", "0.85, 0", "0.9, 1", "0.95, 1", "0.9995, 3", "0.99995, 4",
        "0.999999999, 9", "0.9999999999999999, 16"})
    void ninesAreTheFloorOfMinusLogTenOfTheUnavailability(String fraction, int nines) {
        assertThat(new Availability(new BigDecimal(fraction)).nines()).isEqualTo(nines);
    }

    @Test
    void fullAvailabilityHasUnboundedNines() {
        assertThat(Availability.of(1.0).nines()).isEqualTo(Availability.NINES_UNBOUNDED);
        assertThat(Availability.of(1.0).downtimePerYearMs().signum()).isZero();
    }

    @ParameterizedTest(name = "{0} nines")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15})
    void everyNinesFigureIsExactAtItsBoundaryAndOneLessJustBelowIt(int n) {
        assertThat(Availability.ofNines(n).nines()).isEqualTo(n);
        String written = "0." + "9".repeat(n);
        assertThat(Availability.of(Double.parseDouble(written)).nines()).isEqualTo(n);
        BigDecimal justBelow = Availability.ofNines(n).fraction()
            .subtract(BigDecimal.ONE.movePointLeft(n + 3));
        assertThat(new Availability(justBelow).nines()).isEqualTo(n - 1);
    }

    @Test
    void ninesOfCountsMatchIntegerArithmeticForRandomCounts() {
        Rng rng = new Rng(20261126L);
        for (int i = 0; i < 20_000; i++) {
            long total = 1 + rng.nextLong(1L << (1 + rng.nextInt(62)));
            long bad = rng.nextBoolean() ? rng.nextLong(total + 1)
                : rng.nextLong(Math.max(1, total / 1000 + 1));
            if (bad == 0) {
                continue;
            }
            // Reference: the largest n with bad * 10^n <= total, in exact integers.
            int expected = 0;
            BigInteger b = BigInteger.valueOf(bad);
            while (b.multiply(BigInteger.TEN.pow(expected + 1))
                .compareTo(BigInteger.valueOf(total)) <= 0) {
                expected++;
            }
            assertThat(Availability.ofCounts(total - bad, total).nines())
                .as("%d bad of %d", bad, total).isEqualTo(expected);
        }
    }

    @Test
    void ninesOfExactPowersOfTenOfCountsAreExact() {
        assertThat(Availability.ofCounts(999, 1000).nines()).isEqualTo(3);
        assertThat(Availability.ofCounts(998, 1000).nines()).isEqualTo(2);
        assertThat(Availability.ofCounts(999_999_999_999_999_999L, 1_000_000_000_000_000_000L)
            .nines()).isEqualTo(18);
    }

    @ParameterizedTest(name = "{0}: {1} per year")
    @CsvSource({"0.99, 315360000, 3.65 days, 3.7 days",
        "0.999, 31536000, 8.76 hours, 8.8 hours",
        "0.9999, 3153600, 52.6 minutes, 53 minutes",
        "0.99999, 315360, 5.26 minutes, 5.3 minutes"})
    void downtimePerYearIsTheIssuesFigureAndTheCoursesRounding(double fraction, long exactMs,
                                                               String issue, String course) {
        BigDecimal ms = Availability.of(fraction).downtimePerYearMs();
        assertThat(ms).isEqualByComparingTo(BigDecimal.valueOf(exactMs));
        assertThat(Durations.human(ms, 3)).isEqualTo(issue);
        assertThat(Durations.human(ms, 2)).isEqualTo(course);
    }

    @Test
    void fourNinesAllowExactlyFiftyTwoPointFiveSixMinutesAYear() {
        BigDecimal minutes = Availability.of(0.9999).downtimePerYearMs()
            .divide(Durations.MINUTE_MS);
        assertThat(minutes).isEqualByComparingTo("52.56");
    }

    @Test
    void downtimePerMonthAndDayAreTwelfthsOfTheYearAndDays() {
        Availability a = Availability.parse("99.9%");
        assertThat(a.downtimePerMonthMs()).isEqualByComparingTo("2628000");
        assertThat(a.downtimePerDayMs()).isEqualByComparingTo("86400");
        assertThat(Durations.human(a.downtimePerMonthMs(), 3)).isEqualTo("43.8 minutes");
        assertThat(Durations.human(a.downtimePerDayMs(), 3)).isEqualTo("1.44 minutes");
    }

    @Test
    void parsesPercentagesAndFractions() {
        assertThat(Availability.parse("99.9%").fraction()).isEqualByComparingTo("0.999");
        assertThat(Availability.parse(" 0.999 ").fraction()).isEqualByComparingTo("0.999");
        assertThat(Availability.parse("100%").nines()).isEqualTo(Availability.NINES_UNBOUNDED);
    }

    @ParameterizedTest(name = "rejects ''{0}''")
    @ValueSource(strings = {"abc", "101%", "-1%", "1.5", "", "99.9%%", "%"})
    void rejectsTextThatIsNotAnAvailabilityNamingIt(String text) {
        assertThatThrownBy(() -> Availability.parse(text))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("'" + text + "'")
            .hasMessageContaining("valid:");
    }

    @Test
    void rejectsFractionsOutsideZeroToOneAndNonNumbers() {
        assertThatThrownBy(() -> Availability.of(1.01))
            .hasMessageContaining("1.01").hasMessageContaining("valid: 0 to 1");
        assertThatThrownBy(() -> Availability.of(Double.NaN)).hasMessageContaining("NaN");
        assertThatThrownBy(() -> Availability.ofCounts(3, 2)).hasMessageContaining("3 of 2");
        assertThatThrownBy(() -> Availability.ofCounts(0, 0)).hasMessageContaining("0 of 0");
    }

    @Test
    void percentRoundsDownSoItNeverShowsANineItDoesNotHave() {
        assertThat(Availability.ofCounts(2, 3).percent()).isEqualTo("66.6666%");
        assertThat(Availability.ofCounts(9_999_999, 10_000_000).percent()).isEqualTo("99.99999%");
        assertThat(Availability.ofCounts(99_999_995, 100_000_000).percent())
            .isEqualTo("99.999995%");
        assertThat(Availability.of(0.99999).percent()).isEqualTo("99.999%");
        assertThat(Availability.of(1.0).percent()).isEqualTo("100%");
        assertThat(Availability.ofNines(2).percent(0)).isEqualTo("99%");
    }
}
