package io.faultline.sim.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NinesTableTest {

    @Test
    void twoToFiveNinesWithTheIssuesFigures() {
        assertThat(NinesTable.text(2, 5, 3)).isEqualTo(String.join("\n",
            "nines  availability  downtime per year     per month       per day",
            "-----  ------------  -----------------  ------------  ------------",
            "2               99%          3.65 days     7.3 hours  14.4 minutes",
            "3             99.9%         8.76 hours  43.8 minutes  1.44 minutes",
            "4            99.99%       52.6 minutes  4.38 minutes  8.64 seconds",
            "5           99.999%       5.26 minutes  26.3 seconds        864 ms",
            ""));
    }

    @Test
    void twoSignificantDigitsGiveTheCoursesYearlyFigures() {
        String table = NinesTable.text(2, 5, 2);
        assertThat(table).contains("3.7 days", "8.8 hours", "53 minutes", "5.3 minutes");
    }

    @Test
    void rejectsAnEmptyOrHugeRange() {
        assertThatThrownBy(() -> NinesTable.text(5, 2, 3)).hasMessageContaining("nines 5..2");
        assertThatThrownBy(() -> NinesTable.text(0, 2, 3)).hasMessageContaining("valid: 1 <=");
        assertThatThrownBy(() -> NinesTable.text(1, 40, 3)).hasMessageContaining("at most 30");
        assertThatThrownBy(() -> NinesTable.text(2, 5, 0)).hasMessageContaining("digits 0");
    }
}
