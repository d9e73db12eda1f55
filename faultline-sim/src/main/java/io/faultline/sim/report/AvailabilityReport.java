package io.faultline.sim.report;

import io.faultline.sim.History;
import io.faultline.sim.Op;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The availability and SLO report of one run: counts of outcomes, the success fraction with its
 * nines and the yearly downtime it would mean, latency figures, and the judgement of each SLO.
 * {@link #text()} is a fixed-width table for people, {@link #json()} one JSON object for scripts.
 *
 * <pre>{@code
 * AvailabilityReport r = AvailabilityReport.of(history, List.of(Slo.parse("99.9%@200ms")));
 * System.out.print(r.text());
 * }</pre>
 * Immutable.
 *
 * @param stats what the history says about each operation
 * @param slos the judgement of every SLO, window by window
 */
public record AvailabilityReport(OperationStats stats, List<SloResult> slos) {

    /** Significant digits of downtimes in the text form. */
    static final int DOWNTIME_DIGITS = 3;

    public AvailabilityReport {
        slos = List.copyOf(slos);
    }

    /** The report of {@code history} as it is now, judged against {@code slos}. */
    public static AvailabilityReport of(History history, List<Slo> slos) {
        return of(OperationStats.of(history), slos);
    }

    /** The report of {@code stats}, judged against {@code slos}. */
    public static AvailabilityReport of(OperationStats stats, List<Slo> slos) {
        List<SloResult> results = new ArrayList<>();
        for (Slo slo : slos) {
            results.addAll(slo.evaluate(stats));
        }
        return new AvailabilityReport(stats, results);
    }

    /** Whether every judged SLO window was met (true when there are none or none had requests). */
    public boolean slosMet() {
        return slos.stream().noneMatch(r -> r.budget().verdict() == ErrorBudget.Verdict.MISSED);
    }

    /** The report as text lines, each ending in a newline. */
    public String text() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT,
            "operations: %d invoked, %d completed (%d ok, %d fail, %d info), %d open%n",
            stats.invoked(), stats.completed(), stats.ok(), stats.fail(), stats.info(),
            stats.open()));
        Optional<Availability> success = stats.successFraction();
        if (success.isEmpty()) {
            out.append("success:    no completed operations\n");
        } else {
            Availability a = success.get();
            out.append("success:    ").append(a.percent()).append(" of completed operations"
                + " (ok / (ok + fail + info); fail and info count as failures)\n");
            out.append("nines:      ").append(a.ninesText()).append(", downtime per year at this"
                + " rate ").append(Durations.human(a.downtimePerYearMs(), DOWNTIME_DIGITS))
                .append('\n');
        }
        out.append('\n').append(latencyTable());
        if (!slos.isEmpty()) {
            out.append('\n').append(sloTable());
        }
        return out.toString();
    }

    /** The report as one JSON object, without a trailing newline. */
    public String json() {
        JsonWriter j = new JsonWriter().beginObject();
        j.key("operations").beginObject()
            .key("invoked").value(stats.invoked())
            .key("completed").value(stats.completed())
            .key("ok").value(stats.ok())
            .key("fail").value(stats.fail())
            .key("info").value(stats.info())
            .key("open").value(stats.open())
            .endObject();
        j.key("success").beginObject();
        Optional<Availability> success = stats.successFraction();
        j.key("definition").value("ok / (ok + fail + info)");
        j.key("fraction").value(success.map(Availability::fraction).orElse(null));
        j.key("nines");
        if (success.isEmpty() || success.get().nines() == Availability.NINES_UNBOUNDED) {
            j.nullValue();
        } else {
            j.value(success.get().nines());
        }
        j.key("downtimePerYearMs")
            .value(success.map(a -> Availability.wholeMs(a.downtimePerYearMs())).orElse(null));
        j.endObject();
        j.key("latencyMs").beginObject();
        latencyJson(j.key("ok"), stats.latencyOf(Op.Type.OK));
        latencyJson(j.key("completed"), stats.latencyOfCompleted());
        j.endObject();
        j.key("slos").beginArray();
        for (SloResult r : slos) {
            sloJson(j, r);
        }
        j.endArray();
        return j.endObject().toString();
    }

    private String latencyTable() {
        TextTable t = new TextTable("latency (ms)", "count", "min", "p50", "p90", "p99", "p99.9",
            "max", "mean");
        latencyRow(t, "ok", stats.latencyOf(Op.Type.OK));
        latencyRow(t, "fail", stats.latencyOf(Op.Type.FAIL));
        latencyRow(t, "info", stats.latencyOf(Op.Type.INFO));
        latencyRow(t, "completed", stats.latencyOfCompleted());
        return t.render();
    }

    private static void latencyRow(TextTable t, String name, LatencySummary s) {
        if (s.count() == 0) {
            t.row(name, "0", "-", "-", "-", "-", "-", "-", "-");
            return;
        }
        t.row(name, Long.toString(s.count()), Long.toString(s.minMs()), Long.toString(s.p50Ms()),
            Long.toString(s.p90Ms()), Long.toString(s.p99Ms()), Long.toString(s.p999Ms()),
            Long.toString(s.maxMs()), String.format(Locale.ROOT, "%.1f", s.meanMs()));
    }

    private String sloTable() {
        TextTable t = new TextTable("SLO", "window (ms)", "requests", "good", "bad",
            "fail/info/slow", "measured", "allowed bad", "spent", "remaining", "verdict");
        for (SloResult r : slos) {
            ErrorBudget b = r.budget();
            t.row(r.slo().toString(), windowText(r), Long.toString(b.total()),
                Long.toString(b.good()), Long.toString(b.bad()),
                r.fail() + "/" + r.info() + "/" + r.slow(),
                b.measured().map(Availability::percent).orElse("-"),
                Durations.plain(b.allowedBad()), spentText(b), Durations.plain(b.remaining()),
                b.verdict().cliName());
        }
        return t.render();
    }

    /** The share of the error budget spent, as a percentage with one decimal, or "-". */
    static String spentText(ErrorBudget b) {
        return b.spentFraction()
            .map(f -> Durations.plain(f.movePointRight(2).setScale(1, RoundingMode.HALF_UP)) + "%")
            .orElse("-");
    }

    private static String windowText(SloResult r) {
        return r.wholeHistory() ? "whole run" : r.fromMs() + ".." + r.toMs();
    }

    private static void latencyJson(JsonWriter j, LatencySummary s) {
        j.beginObject()
            .key("count").value(s.count())
            .key("min").value(s.minMs())
            .key("p50").value(s.p50Ms())
            .key("p90").value(s.p90Ms())
            .key("p99").value(s.p99Ms())
            .key("p999").value(s.p999Ms())
            .key("max").value(s.maxMs())
            .key("mean").value(s.meanMs())
            .endObject();
    }

    private static void sloJson(JsonWriter j, SloResult r) {
        ErrorBudget b = r.budget();
        j.beginObject().key("slo").value(r.slo().toString())
            .key("target").value(r.slo().target())
            .key("thresholdMs").value(r.slo().thresholdMs());
        if (r.wholeHistory()) {
            j.key("fromMs").nullValue().key("toMs").nullValue();
        } else {
            j.key("fromMs").value(r.fromMs()).key("toMs").value(r.toMs());
        }
        b.writeFields(j);
        j.key("fail").value(r.fail())
            .key("info").value(r.info())
            .key("slow").value(r.slow())
            .endObject();
    }
}
