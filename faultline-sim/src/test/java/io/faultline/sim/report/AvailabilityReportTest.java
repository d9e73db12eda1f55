package io.faultline.sim.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AvailabilityReportTest {

    /** Three ok (10, 250 and 20 ms), one fail (3 ms), one info (1000 ms). */
    private static Histories sample() {
        Histories h = new Histories();
        h.ok("c1", 0, 10);
        h.ok("c1", 100, 250);
        h.ok("c2", 200, 20);
        h.fail("c2", 300, 3);
        h.info("c3", 400, 1000);
        return h;
    }

    @Test
    void textShowsCountsSuccessNinesLatencyAndTheSloTable() {
        AvailabilityReport r = AvailabilityReport.of(sample().history,
            List.of(Slo.parse("50%@200ms")));

        // 3 of 5 ok is 60%, 0 nines, 40% of 365 days down; 2 good of 5 against a budget of 2.5.
        assertThat(r.text()).isEqualTo(String.join("\n",
            "operations: 5 invoked, 5 completed (3 ok, 1 fail, 1 info), 0 open",
            "success:    60% of completed operations (ok / (ok + fail + info); fail and info"
                + " count as failures)",
            "nines:      0 nines, downtime per year at this rate 146 days",
            "",
            "latency (ms)  count   min   p50   p90   p99  p99.9   max    mean",
            "------------  -----  ----  ----  ----  ----  -----  ----  ------",
            "ok                3    10    20   250   250    250   250    93.3",
            "fail              1     3     3     3     3      3     3     3.0",
            "info              1  1000  1000  1000  1000   1000  1000  1000.0",
            "completed         5     3    20  1000  1000   1000  1000   256.6",
            "",
            "SLO        window (ms)  requests  good  bad  fail/info/slow  measured  allowed bad"
                + "  spent  remaining  verdict",
            "---------  -----------  --------  ----  ---  --------------  --------  -----------"
                + "  -----  ---------  -------",
            "50%@200ms    whole run         5     2    3           1/1/1       40%          2.5"
                + "   120%       -0.5   missed",
            ""));
        assertThat(r.slosMet()).isFalse();
    }

    @Test
    void jsonCarriesTheSameFigures() {
        AvailabilityReport r = AvailabilityReport.of(sample().history,
            List.of(Slo.parse("50%@200ms")));

        assertThat(r.json()).isEqualTo("{"
            + "\"operations\":{\"invoked\":5,\"completed\":5,\"ok\":3,\"fail\":1,\"info\":1,"
            + "\"open\":0},"
            + "\"success\":{\"definition\":\"ok / (ok + fail + info)\",\"fraction\":0.6,"
            + "\"nines\":0,\"downtimePerYearMs\":12614400000},"
            + "\"latencyMs\":{"
            + "\"ok\":{\"count\":3,\"min\":10,\"p50\":20,\"p90\":250,\"p99\":250,\"p999\":250,"
            + "\"max\":250,\"mean\":93.33333333333333},"
            + "\"completed\":{\"count\":5,\"min\":3,\"p50\":20,\"p90\":1000,\"p99\":1000,"
            + "\"p999\":1000,\"max\":1000,\"mean\":256.6}},"
            + "\"slos\":[{\"slo\":\"50%@200ms\",\"target\":0.5,\"thresholdMs\":200,"
            + "\"fromMs\":null,\"toMs\":null,\"requests\":5,\"good\":2,\"bad\":3,"
            + "\"measured\":0.4,\"allowedBad\":2.5,\"spentFraction\":1.2,\"remaining\":-0.5,"
            + "\"verdict\":\"missed\",\"fail\":1,\"info\":1,\"slow\":1}]}");
    }

    @Test
    void aRunWithoutFailuresHasUnboundedNinesAndNoDowntime() {
        Histories h = new Histories();
        h.ok("c", 0, 5);
        AvailabilityReport r = AvailabilityReport.of(h.history, List.of());

        assertThat(r.text()).contains("success:    100% of completed operations")
            .contains("nines:      no failures (unbounded nines), downtime per year at this rate"
                + " 0 ms")
            .doesNotContain("SLO");
        assertThat(r.json()).contains("\"nines\":null,\"downtimePerYearMs\":0")
            .endsWith("\"slos\":[]}");
        assertThat(r.slosMet()).isTrue();
    }

    @Test
    void anEmptyHistorySaysSoRatherThanInventingAFraction() {
        AvailabilityReport r = AvailabilityReport.of(new Histories().history,
            List.of(Slo.parse("99.9%@200ms")));

        assertThat(r.text()).contains("success:    no completed operations")
            .contains("no-requests");
        assertThat(r.json()).contains("\"fraction\":null,\"nines\":null,\"downtimePerYearMs\":null")
            .contains("\"spentFraction\":null");
    }

    @Test
    void windowsAppearAsOneRowEach() {
        Histories h = new Histories();
        h.ok("c", 0, 5);
        h.ok("c", 86_400_000L + 1, 500);
        AvailabilityReport r = AvailabilityReport.of(h.history, List.of(Slo.parse("99%@1s/1d"),
            Slo.parse("99%@200ms/1d")));

        assertThat(r.slos()).hasSize(4);
        assertThat(r.text()).contains("0..86400000", "86400000..172800000");
        assertThat(r.slosMet()).isFalse();
    }
}
