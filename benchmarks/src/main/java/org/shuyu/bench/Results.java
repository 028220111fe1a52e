package org.shuyu.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The result table of {@code InteractiveBenchmark} as Markdown rows: a measure, the bare and enforced figures (Connect),
 * the enforced figure over REST where there is one, the ratio enforced/bare, the goal and whether it was met
 * ({@code -} when the row has no goal or a side was not measured). Percentiles are nearest-rank over microsecond samples.
 */
final class Results {
    private record Row(String measure, double bare, double enforced, double rest, String goal, Boolean met) {}

    private final List<Row> rows = new ArrayList<>();

    void row(String measure, double bare, double enforced, double rest, String goal, Boolean met) {
        boolean measured = !Double.isNaN(enforced);
        rows.add(new Row(measure, bare, enforced, rest, goal, measured ? met : null));
    }

    String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("| Measure | Bare Spark Connect | Enforced (Connect) | Enforced (REST) | Enforced/bare | Goal | Met |\n");
        out.append("|---|---:|---:|---:|---:|---|---|\n");
        for (Row r : rows) {
            double ratio = r.enforced() / r.bare();
            out.append("| ").append(r.measure()).append(" | ").append(number(r.bare())).append(" | ").append(number(r.enforced()))
                    .append(" | ").append(number(r.rest())).append(" | ")
                    .append(Double.isNaN(ratio) || Double.isInfinite(ratio) ? "-" : String.format(Locale.ROOT, "%.2f", ratio))
                    .append(" | ").append(r.goal()).append(" | ")
                    .append(r.met() == null ? "-" : r.met() ? "yes" : "**no**").append(" |\n");
        }
        return out.toString();
    }

    private static String number(double value) {
        if (Double.isNaN(value)) {
            return "-";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e9) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        return Math.abs(value) >= 100 ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.2f", value);
    }

    /** The nearest-rank quantile of microsecond samples, in milliseconds; NaN when there are none. */
    static double millis(List<Long> micros, double quantile) {
        if (micros.isEmpty()) {
            return Double.NaN;
        }
        long[] sorted = micros.stream().mapToLong(Long::longValue).sorted().toArray();
        int index = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(quantile * sorted.length) - 1));
        return sorted[index] / 1000.0;
    }

    static String ms(List<Long> micros, double quantile) {
        double value = millis(micros, quantile);
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.1f", value);
    }
}
