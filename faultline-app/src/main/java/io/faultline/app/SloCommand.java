package io.faultline.app;

import io.faultline.sim.engine.Json;
import io.faultline.sim.report.Availability;
import io.faultline.sim.report.Durations;
import io.faultline.sim.report.ErrorBudget;
import io.faultline.sim.report.NinesTable;
import io.faultline.sim.report.Slo;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code faultline slo}: the course's availability arithmetic. The table of nines, the nines and
 * downtime of one availability, and the error budget of an SLO over a number of requests.
 */
@Command(name = "slo",
    description = {
        "Availability in nines, downtime per year, and the error budget of a service-level"
            + " objective.",
        "Years have 365 days; a month is a twelfth of a year."
    },
    mixinStandardHelpOptions = true,
    footer = {
        "",
        "Examples:",
        "  The course's table, two to five nines, downtime per year, month and day:",
        "    faultline slo --nines",
        "  The same with the course's rounding (3.7 days, 8.8 hours, 53 and 5.3 minutes):",
        "    faultline slo --nines --digits 2",
        "  The nines and downtime of one availability (3 nines, 4.38 hours a year):",
        "    faultline slo --availability 99.95%%",
        "  The error budget of 99.9%% within 200 ms over a million requests, 800 bad",
        "  (budget 1000, spent 800, remaining 200: met):",
        "    faultline slo --target 99.9%%@200ms --requests 1000000 --bad 800",
        "  The course's daily objective, as JSON:",
        "    faultline slo --target 99.9%%@200ms/1d --requests 86400 --bad 100 --json",
        "",
        "An SLO is TARGET%%@LATENCY[/WINDOW]: 99.9%%@200ms/1d is the course's \"99.9%% of",
        "requests in a day get a response in 200 ms\". A request is bad when it failed or",
        "took longer. The error budget is (1 - target) x requests bad requests.",
        "",
        "Exit codes: 0 printed (met or missed: see the verdict), 64 bad usage."
    })
final class SloCommand implements Callable<Integer> {

    /** The table of nines shows at most this many nines. */
    static final int NINES_MAX = 12;

    @Spec
    CommandSpec spec;

    @Option(names = "--nines", description = "print the table of nines with their downtime")
    boolean nines;

    @Option(names = "--from", paramLabel = "N", defaultValue = "2",
        description = "with --nines: the first row (default: ${DEFAULT-VALUE})")
    int fromNines;

    @Option(names = "--to", paramLabel = "N", defaultValue = "5",
        description = "with --nines: the last row (default: ${DEFAULT-VALUE})")
    int toNines;

    @Option(names = "--availability", paramLabel = "A",
        description = "the nines and downtime of A, a percentage (99.95%%) or a fraction (0.9995)")
    String availability;

    @Option(names = "--target", paramLabel = "SLO",
        description = "an objective TARGET%%@LATENCY[/WINDOW], such as 99.9%%@200ms")
    String target;

    @Option(names = "--requests", paramLabel = "N",
        description = "with --target: the requests in the window")
    Long requests;

    @Option(names = "--bad", paramLabel = "N",
        description = "with --target: the requests that failed or were slower than the latency")
    Long bad;

    @Option(names = "--digits", paramLabel = "D", defaultValue = "3",
        description = "significant digits of downtimes (default: ${DEFAULT-VALUE}; 2 gives the"
            + " course's figures)")
    int digits;

    @Option(names = "--json", description = "with --availability or --target: print JSON")
    boolean json;

    @Override
    public Integer call() {
        int modes = (nines ? 1 : 0) + (availability != null ? 1 : 0) + (target != null ? 1 : 0);
        if (modes != 1) {
            throw new UsageException("give exactly one of --nines, --availability or --target"
                + " (got " + modes + "); see 'faultline slo --help'");
        }
        if (digits < 1 || digits > Durations.SIGNIFICANT_DIGITS_MAX) {
            throw new UsageException("--digits " + digits + " is out of range; valid: 1.."
                + Durations.SIGNIFICANT_DIGITS_MAX);
        }
        if (target == null && (requests != null || bad != null)) {
            throw new UsageException("--requests and --bad count the requests of an SLO; valid:"
                + " only with --target");
        }
        if (nines && json) {
            throw new UsageException("--json prints one availability or one budget; valid: with"
                + " --availability or --target, not --nines");
        }
        PrintWriter out = spec.commandLine().getOut();
        if (nines) {
            printNines(out);
        } else if (availability != null) {
            printAvailability(out);
        } else {
            printBudget(out);
        }
        out.flush();
        return ExitCodes.OK;
    }

    private void printNines(PrintWriter out) {
        if (fromNines < 1 || toNines > NINES_MAX || fromNines > toNines) {
            throw new UsageException("--from " + fromNines + " --to " + toNines
                + " is not a range of nines; valid: 1 <= from <= to <= " + NINES_MAX);
        }
        out.print(NinesTable.text(fromNines, toNines, digits));
    }

    private void printAvailability(PrintWriter out) {
        Availability a;
        try {
            a = Availability.parse(availability);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--availability: " + e.getMessage());
        }
        if (json) {
            out.println(a.json());
            return;
        }
        out.println(a.percent() + " is " + a.ninesText() + "; downtime "
            + Durations.human(a.downtimePerYearMs(), digits) + " per year, "
            + Durations.human(a.downtimePerMonthMs(), digits) + " per month, "
            + Durations.human(a.downtimePerDayMs(), digits) + " per day");
    }

    private void printBudget(PrintWriter out) {
        Slo slo;
        try {
            slo = Slo.parse(target);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--target: " + e.getMessage());
        }
        if (requests == null || bad == null) {
            throw new UsageException("--target needs --requests N and --bad N (the requests in"
                + " the window and how many were bad)");
        }
        if (requests < 0 || bad < 0 || bad > requests) {
            throw new UsageException("--requests " + requests + " --bad " + bad
                + " is not possible; valid: 0 <= bad <= requests");
        }
        ErrorBudget budget = slo.budget(requests, bad);
        if (json) {
            out.println("{\"slo\":" + Json.quote(slo.toString()) + ",\"budget\":" + budget.json()
                + "}");
            return;
        }
        out.println("SLO " + slo + ": " + Durations.plain(slo.target().movePointRight(2))
            + "% of requests answered ok within " + Durations.human(slo.thresholdMs(), digits)
            + (slo.windowMs() == 0 ? "" : ", per window of "
            + Durations.human(slo.windowMs(), digits)));
        out.print(budget.text());
    }
}
