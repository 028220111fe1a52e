package org.shuyu.controller.product.check;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.shuyu.controller.product.CheckResult;
import org.shuyu.controller.product.Product;
import org.shuyu.controller.product.SnapshotStore;

/**
 * The groups of an aggregated candidate: its dimension columns (those that copy a grouping key upstream, ordered by
 * signature), each group's size from the group size column, and the minimum-group-size verdict on them.
 */
record GroupSizes(CheckResult result, Optional<ProductChecks.Aggregation> aggregation) {
    /** Reads the group sizes of an aggregated table from its snapshot (the minimum-group-size verdict with them). */
    static GroupSizes measure(CheckContext context) {
        ProductChecks.Subject subject = context.subject();
        ColumnGraph graph = context.graph();
        SnapshotStore.SnapshotInfo info = context.info();
        int k = context.k();
        int grade = context.grade();
        CheckResult.Check check = CheckResult.Check.MIN_GROUP_SIZE;
        Product product = subject.product();
        if (product.groupSizeColumn().isEmpty()) {
            return new GroupSizes(CheckResult.fail(check, "the table is aggregated (its lineage has aggregation or"
                    + " grouping) but the candidate names no groupSizeColumn: add a count of subjects per group"
                    + " (for example count(DISTINCT person_id) AS n) and name it", List.of()), Optional.empty());
        }
        Optional<String> sizeColumn = context.columnNamed(product.groupSizeColumn().get());
        if (sizeColumn.isEmpty()) {
            return new GroupSizes(CheckResult.fail(check, "groupSizeColumn " + product.groupSizeColumn().get()
                    + " is not a column of the snapshot", List.of()), Optional.empty());
        }
        String sizeNode = subject.dataset() + "." + graph.lineageName(subject.dataset(), sizeColumn.get());
        Optional<String> copiedFrom = graph.copiedFromSource(sizeNode);
        if (copiedFrom.isPresent()) {
            return new GroupSizes(CheckResult.fail(check, "groupSizeColumn " + sizeColumn.get() + " is a copy of source"
                    + " column " + copiedFrom.get() + ", not a count computed by aggregation", List.of()), Optional.empty());
        }
        List<String> dimensions = new ArrayList<>();
        Map<String, String> signatures = new TreeMap<>();
        for (SnapshotStore.SnapshotColumn column : info.columns()) {
            if (column.name().equals(sizeColumn.get())) {
                continue;
            }
            String node = subject.dataset() + "." + graph.lineageName(subject.dataset(), column.name());
            Set<String> keys = graph.groupingKeysCopiedBy(node);
            if (!keys.isEmpty()) {
                signatures.put(column.name(), String.join("+", keys));
            }
        }
        // Key order: by signature, so a renamed or reordered column still compares with an earlier release.
        List<Map.Entry<String, String>> ordered = new ArrayList<>(signatures.entrySet());
        ordered.sort(Map.Entry.comparingByValue());
        ordered.forEach(e -> dimensions.add(e.getKey()));
        List<String> signature = ordered.stream().map(Map.Entry::getValue).toList();

        List<String> scanColumns = new ArrayList<>(dimensions);
        scanColumns.add(sizeColumn.get());
        Map<String, Long> groups = new LinkedHashMap<>();
        List<String> small = new ArrayList<>();
        long[] below = {0};
        long[] invalid = {0};
        long[] rows = {0};
        context.snapshots().scan(subject.file(), scanColumns, values -> {
            rows[0]++;
            Object n = values.get(values.size() - 1);
            String key = GroupKeys.key(values.subList(0, values.size() - 1));
            long size;
            if (n instanceof Long l) {
                size = l;
            } else if (n instanceof BigDecimal d && d.scale() <= 0) {
                size = d.longValueExact();
            } else {
                invalid[0]++;
                return;
            }
            groups.merge(key, size, Long::sum);
            if (size < k) {
                below[0]++;
                if (small.size() < GroupKeys.MAX_EXAMPLES) {
                    small.add("group " + GroupKeys.printable(key) + " has " + size + " subject(s)");
                }
            }
        });
        if (invalid[0] > 0) {
            return new GroupSizes(CheckResult.fail(check, invalid[0] + " row(s) have no whole-number group size in "
                    + sizeColumn.get(), List.of()), Optional.empty());
        }
        ProductChecks.Aggregation aggregation = new ProductChecks.Aggregation(dimensions, signature, groups, k);
        if (below[0] > 0) {
            return new GroupSizes(CheckResult.fail(check, below[0] + " of " + rows[0] + " group(s) have fewer than k=" + k
                    + " subjects (k for grade " + grade + " source data)", small), Optional.of(aggregation));
        }
        return new GroupSizes(CheckResult.pass(check, "all " + rows[0] + " group(s) have at least k=" + k
                + " subjects (k for grade " + grade + " source data; dimensions " + dimensions + ", sizes from "
                + sizeColumn.get() + ")", List.of()), Optional.of(aggregation));
    }
}
