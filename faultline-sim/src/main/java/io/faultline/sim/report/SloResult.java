package io.faultline.sim.report;

/**
 * The judgement of one {@link Slo} over one window of a history. Immutable.
 *
 * @param slo the objective
 * @param fromMs the window's start (inclusive), {@link Long#MIN_VALUE} for the whole history
 * @param toMs the window's end (exclusive), {@link Long#MAX_VALUE} for the whole history
 * @param fail bad requests that completed fail
 * @param info bad requests that completed info (outcome unknown to the client)
 * @param slow bad requests that completed ok but later than the threshold
 * @param budget the error budget: total, bad, allowed, spent, remaining, verdict
 */
public record SloResult(Slo slo, long fromMs, long toMs, long fail, long info, long slow,
                        ErrorBudget budget) {

    public SloResult {
        if (fail + info + slow != budget.bad()) {
            throw new IllegalArgumentException("fail " + fail + " + info " + info + " + slow "
                + slow + " is not the budget's bad count " + budget.bad());
        }
    }

    /** Whether this result covers the whole history rather than one window. */
    public boolean wholeHistory() {
        return fromMs == Long.MIN_VALUE && toMs == Long.MAX_VALUE;
    }
}
