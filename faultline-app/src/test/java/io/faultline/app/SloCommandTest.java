package io.faultline.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class SloCommandTest {

    /** The exit code and what the command printed. */
    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(String... args) {
        CommandLine cl = Main.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void ninesPrintsTheCoursesTableWithDowntimePerYearMonthAndDay() {
        Run r = run("slo", "--nines");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(r.out().lines()).hasSize(6);
        assertThat(r.out()).contains("downtime per year", "per month", "per day")
            .containsPattern("2 +99% +3\\.65 days +7\\.3 hours +14\\.4 minutes")
            .containsPattern("3 +99\\.9% +8\\.76 hours +43\\.8 minutes +1\\.44 minutes")
            .containsPattern("4 +99\\.99% +52\\.6 minutes")
            .containsPattern("5 +99\\.999% +5\\.26 minutes");
    }

    @Test
    void ninesWithTwoDigitsGivesTheCoursesRounding() {
        Run r = run("slo", "--nines", "--digits", "2");

        assertThat(r.out()).contains("3.7 days", "8.8 hours", "53 minutes", "5.3 minutes");
    }

    @Test
    void targetPrintsTheErrorBudgetOfTheBriefsExample() {
        Run r = run("slo", "--target", "99.9%@200ms", "--requests", "1000000", "--bad", "800");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(r.out()).startsWith("SLO 99.9%@200ms: 99.9% of requests answered ok within"
                + " 200 ms\n")
            .containsPattern("error budget +1000 bad requests")
            .containsPattern("spent +800 \\(80%\\)")
            .containsPattern("remaining +200 \\(20%\\)")
            .containsPattern("verdict +met");
    }

    @Test
    void targetOverBudgetIsMissedWithANegativeRemainder() {
        Run r = run("slo", "--target", "99.9%@200ms/1d", "--requests", "86400", "--bad", "100",
            "--json");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(r.out()).startsWith("{\"slo\":\"99.9%@200ms/1d\",\"budget\":{")
            .contains("\"allowedBad\":86.4", "\"remaining\":-13.6", "\"verdict\":\"missed\"");
    }

    @Test
    void availabilityPrintsItsNinesAndDowntime() {
        Run r = run("slo", "--availability", "99.95%");

        assertThat(r.out()).isEqualTo("99.95% is 3 nines; downtime 4.38 hours per year,"
            + " 21.9 minutes per month, 43.2 seconds per day\n");
        assertThat(run("slo", "--availability", "0.999", "--json").out())
            .isEqualTo("{\"availability\":0.999,\"nines\":3,\"downtimePerYearMs\":31536000,"
                + "\"downtimePerMonthMs\":2628000,\"downtimePerDayMs\":86400}\n");
    }

    @Test
    void helpShowsExamples() {
        Run r = run("slo", "--help");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(r.out()).contains("Examples:", "faultline slo --nines",
            "faultline slo --target 99.9%@200ms --requests 1000000 --bad 800");
        assertThat(r.err()).isEmpty();
        assertThat(run("--help").out()).contains("slo");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "slo --target 99.9@200ms --requests 5 --bad 1 | '99.9@200ms'",
        "slo --target 99.9%@2 --requests 5 --bad 1 | '2'",
        "slo --target 100%@1s --requests 5 --bad 1 | '100%'",
        "slo --target 99%@1s --requests 5 --bad 6 | --bad 6",
        "slo --target 99%@1s --requests -5 --bad 0 | --requests -5",
        "slo --target 99%@1s | needs --requests N and --bad N",
        "slo --target 99%@1s --requests abc --bad 0 | 'abc'",
        "slo | got 0",
        "slo --nines --availability 99% | got 2",
        "slo --nines --digits 0 | --digits 0",
        "slo --nines --from 3 --to 2 | --from 3 --to 2",
        "slo --nines --json | --json",
        "slo --nines --bad 3 | only with --target",
        "slo --availability 101% | '101%'",
        "slo --availability lots | 'lots'"})
    void badInputExitsSixtyFourNamingTheValue(String args, String named) {
        Run r = run(args.split(" "));

        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains(named);
        assertThat(r.out()).isEmpty();
    }
}
