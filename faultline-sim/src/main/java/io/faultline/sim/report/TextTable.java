package io.faultline.sim.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A fixed-width text table: the first column left-aligned, the others right-aligned, two spaces
 * between columns, a dashed rule under the header. Not thread-safe; build it, render it, drop it.
 */
final class TextTable {

    /** A table may hold at most this many rows; reports summarise rather than list more. */
    static final int ROWS_MAX = 100_000;

    private final String[] headers;
    private final List<String[]> rows = new ArrayList<>();

    TextTable(String... headers) {
        this.headers = headers.clone();
    }

    TextTable row(String... cells) {
        if (cells.length != headers.length) {
            throw new IllegalArgumentException("row has " + cells.length + " cells; valid: "
                + headers.length + ", one per column");
        }
        if (rows.size() >= ROWS_MAX) {
            throw new IllegalStateException("table is full: " + ROWS_MAX + " rows at most");
        }
        rows.add(cells.clone());
        return this;
    }

    String render() {
        int[] widths = new int[headers.length];
        for (int c = 0; c < headers.length; c++) {
            widths[c] = headers[c].length();
            for (String[] row : rows) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, headers, widths);
        String[] rule = new String[headers.length];
        for (int c = 0; c < headers.length; c++) {
            rule[c] = "-".repeat(widths[c]);
        }
        line(out, rule, widths);
        for (String[] row : rows) {
            line(out, row, widths);
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.length; c++) {
            if (c > 0) {
                line.append("  ");
            }
            String pad = " ".repeat(widths[c] - cells[c].length());
            line.append(c == 0 ? cells[c] + pad : pad + cells[c]);
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }
}
