package io.faultline.sim.report;

/**
 * The course's table of nines: for each number of nines, the availability and the downtime it
 * allows per year, per month and per day.
 *
 * <pre>{@code
 * System.out.print(NinesTable.text(2, 5, 3));
 * // nines  availability  downtime per year  per month      per day
 * // 2      99%           3.65 days          7.3 hours      14.4 minutes
 * // ...
 * }</pre>
 * With 2 significant digits the yearly column is the course's own rounding: 3.7 days, 8.8 hours,
 * 53 minutes, 5.3 minutes.
 */
public final class NinesTable {

    /** The table has at most this many rows. */
    public static final int ROWS_MAX = 30;

    private NinesTable() {
    }

    /**
     * The table from {@code fromNines} to {@code toNines} inclusive, downtimes rounded to
     * {@code significantDigits}.
     *
     * @throws IllegalArgumentException when the range is empty, starts below 1, spans more than
     *     {@value #ROWS_MAX} rows or the digits are out of range
     */
    public static String text(int fromNines, int toNines, int significantDigits) {
        if (fromNines < 1 || toNines < fromNines || toNines - fromNines + 1 > ROWS_MAX) {
            throw new IllegalArgumentException("nines " + fromNines + ".." + toNines
                + " is not a range of the table; valid: 1 <= from <= to, at most " + ROWS_MAX
                + " rows");
        }
        Durations.checkDigits(significantDigits);
        TextTable t = new TextTable("nines", "availability", "downtime per year", "per month",
            "per day");
        for (int n = fromNines; n <= toNines; n++) {
            Availability a = Availability.ofNines(n);
            t.row(Integer.toString(n), a.percent(0),
                Durations.human(a.downtimePerYearMs(), significantDigits),
                Durations.human(a.downtimePerMonthMs(), significantDigits),
                Durations.human(a.downtimePerDayMs(), significantDigits));
        }
        return t.render();
    }
}
