/**
 * Availability and service-level reports from histories of client operations.
 *
 * <p>The course puts availability in nines ("three nines" = 99.9% up = down 8.8 hours a year) and
 * states objectives as SLOs ("99.9% of requests in a day get a response in 200 ms"). This package
 * computes both from a recorded {@link io.faultline.sim.History}:
 * <ul>
 *   <li>{@link io.faultline.sim.report.Availability}: a fraction, the nines it is worth (computed
 *       exactly, so 99.9% is three nines) and the downtime per year, month and day it allows;</li>
 *   <li>{@link io.faultline.sim.report.OperationStats}: ok / fail / info / open counts, the
 *       success fraction {@code ok / (ok + fail + info)} and each operation's latency;</li>
 *   <li>{@link io.faultline.sim.report.Slo} and {@link io.faultline.sim.report.ErrorBudget}: the
 *       objective, its parser ({@code 99.9%@200ms}, optionally {@code /1d} for a window), and the
 *       budget of bad requests it allows, spent and remaining;</li>
 *   <li>{@link io.faultline.sim.report.AvailabilityReport}: all of it as a fixed-width text table
 *       or as JSON; {@link io.faultline.sim.report.NinesTable}: the course's table of nines.</li>
 * </ul>
 *
 * <pre>{@code
 * AvailabilityReport report = AvailabilityReport.of(history, List.of(Slo.parse("99.9%@200ms")));
 * System.out.print(report.text());
 * System.out.println(report.json());
 * }</pre>
 *
 * <p>Thread-safety: every public type is immutable. Costs: a report sorts the latencies once per
 * outcome, O(n log n) in the number of operations. JDK only, like the rest of the sim module.
 */
package io.faultline.sim.report;
