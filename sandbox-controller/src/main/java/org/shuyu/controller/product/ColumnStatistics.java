package org.shuyu.controller.product;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Per-column statistics of a frozen snapshot for its reviewers (issue 20, docs/products.md "Statistics"): count, nulls
 * and distinct values of every column; min, max, mean and a histogram of numeric ones; the top values with their
 * counts of low-cardinality text ones. Nothing shown can single out a small group: a top value or a histogram bucket
 * counting fewer than {@code k} rows (the product's minimum cell size) is hidden (only how many were hidden is said),
 * and a withheld column (masked, identifying, or graded above what may leave) shows only its count and nulls.
 */
public final class ColumnStatistics {
    /** Distinct values are tracked up to this many per column; beyond it the count is a lower bound. */
    public static final int DISTINCT_CAP = 10_000;
    /** Text columns with at most this many distinct values show their top values. */
    public static final int LOW_CARDINALITY = 20;
    /** Buckets of a numeric column's histogram. */
    public static final int BUCKETS = 10;

    private ColumnStatistics() {}

    /** A value shown with its count. */
    public record TopValue(String value, long count) {}

    /** A histogram bucket [from, to) (the last one closed); {@code count} is null when hidden (below k). */
    public record Bucket(double from, double to, Long count) {}

    /**
     * One column's statistics. {@code distinct} is a lower bound when {@code distinctCapped}; {@code min}, {@code max},
     * {@code mean} and {@code histogram} are set for numeric columns, {@code top} for low-cardinality text columns;
     * {@code hidden} counts the top values and buckets hidden because they count fewer than k rows.
     */
    public record Column(String name, String type, boolean withheld, long count, long nulls, Long distinct,
            boolean distinctCapped, Double min, Double max, Double mean, List<TopValue> top, List<Bucket> histogram,
            int hidden) {}

    /** The statistics of all columns and the k they were suppressed with. */
    public record Table(long rows, int k, List<Column> columns) {
        public Table {
            columns = List.copyOf(columns);
        }
    }

    /** Computes the statistics of the snapshot {@code file} (two scans: values, then the histograms). */
    public static Table of(SnapshotStore snapshots, Path file, int k, Set<String> withheld) {
        requireNonNull(withheld, "withheld is null");
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        SnapshotStore.SnapshotInfo info = snapshots.describe(file);
        List<String> names = info.columns().stream().map(SnapshotStore.SnapshotColumn::name).toList();
        List<Acc> accs = new ArrayList<>();
        for (SnapshotStore.SnapshotColumn c : info.columns()) {
            accs.add(new Acc(c.name(), c.type(), withheld.contains(c.name())));
        }
        snapshots.scan(file, names, row -> {
            for (int i = 0; i < accs.size(); i++) {
                accs.get(i).add(row.get(i));
            }
        });
        if (accs.stream().anyMatch(Acc::histogram)) {
            snapshots.scan(file, names, row -> {
                for (int i = 0; i < accs.size(); i++) {
                    accs.get(i).bucket(row.get(i));
                }
            });
        }
        List<Column> columns = accs.stream().map(a -> a.result(k)).toList();
        return new Table(info.rows(), k, columns);
    }

    private static Double number(Object v) {
        if (v instanceof Long l) {
            return l.doubleValue();
        }
        if (v instanceof Double d) {
            return d.isNaN() ? null : d;
        }
        if (v instanceof BigDecimal b) {
            return b.doubleValue();
        }
        return null;
    }

    /** What one column's scan collects. */
    private static final class Acc {
        final String name;
        final String type;
        final boolean withheld;
        long count;
        long nulls;
        long numbers;
        long texts;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum;
        boolean capped;
        final Map<String, Long> values = new HashMap<>();
        long[] buckets;

        Acc(String name, String type, boolean withheld) {
            this.name = name;
            this.type = type;
            this.withheld = withheld;
        }

        void add(Object v) {
            count++;
            if (v == null) {
                nulls++;
                return;
            }
            if (withheld) {
                return;
            }
            Double n = number(v);
            if (n != null) {
                numbers++;
                min = Math.min(min, n);
                max = Math.max(max, n);
                sum += n;
            } else {
                texts++;
            }
            String key = String.valueOf(v);
            if (values.containsKey(key)) {
                values.merge(key, 1L, Long::sum);
            } else if (values.size() < DISTINCT_CAP) {
                values.put(key, 1L);
            } else {
                capped = true;
            }
        }

        boolean numeric() {
            return !withheld && numbers > 0 && texts == 0;
        }

        boolean histogram() {
            return numeric() && max > min;
        }

        void bucket(Object v) {
            if (!histogram()) {
                return;
            }
            Double n = number(v);
            if (n == null) {
                return;
            }
            if (buckets == null) {
                buckets = new long[BUCKETS];
            }
            int i = (int) Math.floor((n - min) / (max - min) * BUCKETS);
            buckets[Math.max(0, Math.min(BUCKETS - 1, i))]++;
        }

        Column result(int k) {
            if (withheld) {
                return new Column(name, type, true, count, nulls, null, false, null, null, null, List.of(), List.of(), 0);
            }
            int hidden = 0;
            List<TopValue> top = new ArrayList<>();
            List<Bucket> histogram = new ArrayList<>();
            Double lo = null;
            Double hi = null;
            Double mean = null;
            if (numeric()) {
                lo = min;
                hi = max;
                mean = sum / numbers;
                if (buckets != null) {
                    double width = (max - min) / BUCKETS;
                    for (int i = 0; i < BUCKETS; i++) {
                        long c = buckets[i];
                        boolean hide = c > 0 && c < k;
                        hidden += hide ? 1 : 0;
                        histogram.add(new Bucket(min + i * width, i == BUCKETS - 1 ? max : min + (i + 1) * width,
                                hide ? null : c));
                    }
                }
            } else if (!capped && values.size() <= LOW_CARDINALITY) {
                List<Map.Entry<String, Long>> sorted = new ArrayList<>(values.entrySet());
                sorted.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
                for (Map.Entry<String, Long> e : sorted) {
                    if (e.getValue() < k) {
                        hidden++;
                    } else {
                        top.add(new TopValue(e.getKey(), e.getValue()));
                    }
                }
            }
            return new Column(name, type, false, count, nulls, (long) values.size(), capped, lo, hi, mean, top,
                    histogram, hidden);
        }
    }
}
