package org.shuyu.controller.product.check;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.product.ContributionDeclaration;
import org.shuyu.controller.product.DisclosureRule;
import org.shuyu.controller.product.SnapshotStore;

/**
 * The contributions under an aggregated candidate's amount cells (docs/disclosure.md), read once for the dominance
 * and p% checks. A column whose values are aggregated from a grade 3-4 source column needs a declaration; each
 * declaration is verified before it is used: its contributor column copies the subject column (catalog) of a source
 * dataset the amount comes from, its amount column draws on every source the candidate's column draws on, and every cell's total recomputed from the frozen contribution table
 * equals the candidate's cell. Otherwise {@code refusal} says why (naming columns, never values) and both checks fail.
 *
 * <p>Why this class is long: the verification of a declaration is one sequence of refusals (columns, lineage, values,
 * totals) that reads best in one place.
 */
record ContributionCells(Optional<String> refusal, List<String> details, Map<String, Map<String, List<BigDecimal>>> columns,
        DisclosureRule rule) {
    /** The grade from which an aggregated amount needs declared contributions. */
    static final int DECLARATION_GRADE = 3;

    static ContributionCells refused(String reason, List<String> details, DisclosureRule rule) {
        return new ContributionCells(Optional.of(reason), details, Map.of(), rule);
    }

    static ContributionCells measure(CheckContext context) {
        DisclosureRule rule = context.rule();
        ProductChecks.Subject subject = context.subject();
        String dataset = subject.dataset();
        ColumnGraph graph = context.graph();
        Optional<String> groupSize = subject.product().groupSizeColumn().flatMap(context::columnNamed);
        Map<String, ProductChecks.Declared> declared = new HashMap<>();
        for (ProductChecks.Declared d : subject.contributions()) {
            Optional<String> column = context.columnNamed(d.declaration().amountColumn());
            if (column.isEmpty()) {
                return refused(ErrorCode.INVALID_CONTRIBUTIONS + ": the declaration names column "
                        + d.declaration().amountColumn() + ", which is not a column of the candidate", List.of(), rule);
            }
            declared.put(column.get(), d);
        }
        List<String> missing = new ArrayList<>();
        for (SnapshotStore.SnapshotColumn c : context.info().columns()) {
            String node = dataset + "." + graph.lineageName(dataset, c.name());
            if (groupSize.map(c.name()::equals).orElse(false) || graph.copiedFromSource(node).isPresent()) {
                continue; // the subject count (MIN_GROUP_SIZE) and copies (NO_IDENTIFYING_COLUMNS) are checked elsewhere
            }
            int grade = graph.valueGrade(node);
            if (grade >= DECLARATION_GRADE && !declared.containsKey(c.name())) {
                missing.add(c.name() + ": aggregates grade " + grade + " source column(s) " + graph.valueSources(node));
            }
        }
        if (!missing.isEmpty()) {
            return refused(ErrorCode.CONTRIBUTIONS_REQUIRED + ": " + missing.size() + " column(s) aggregate an amount of"
                    + " grade " + DECLARATION_GRADE + " or 4 without declared contributions; declare each column's"
                    + " contributions (docs/disclosure.md)", missing, rule);
        }
        Map<String, Map<String, List<BigDecimal>>> columns = new LinkedHashMap<>();
        for (Map.Entry<String, ProductChecks.Declared> e : declared.entrySet()) {
            Verified v = verify(context, e.getKey(), e.getValue());
            if (v.refusal().isPresent()) {
                return refused(v.refusal().get(), List.of(), rule);
            }
            columns.put(e.getKey(), v.cells());
        }
        return new ContributionCells(Optional.empty(), List.of(), columns, rule);
    }

    private record Verified(Optional<String> refusal, Map<String, List<BigDecimal>> cells) {
        static Verified no(String reason) {
            return new Verified(Optional.of(reason), Map.of());
        }
    }

    private static Verified verify(CheckContext context, String column, ProductChecks.Declared declared) {
        ContributionDeclaration d = declared.declaration();
        String what = "contributions of column " + column + " (table " + d.table() + ")";
        List<String> cells = new ArrayList<>();
        for (String cell : d.cellColumns()) {
            Optional<String> named = context.columnNamed(cell);
            if (named.isEmpty()) {
                return Verified.no(ErrorCode.INVALID_CONTRIBUTIONS + ": cell column " + cell + " of the " + what
                        + " is not a column of the candidate");
            }
            cells.add(named.get());
        }
        SnapshotStore.SnapshotInfo info;
        try {
            info = context.snapshots().describe(declared.file());
        } catch (RuntimeException ex) {
            return Verified.no(ErrorCode.CONTRIBUTIONS_MISMATCH + ": the frozen " + what + " cannot be read");
        }
        List<String> wanted = new ArrayList<>(d.cellColumns());
        wanted.add(d.contributorColumn());
        wanted.add(d.contributorAmountColumn());
        List<String> scan = new ArrayList<>();
        for (String w : wanted) {
            Optional<String> match = info.columns().stream().map(SnapshotStore.SnapshotColumn::name)
                    .filter(n -> n.equalsIgnoreCase(w)).findFirst();
            if (match.isEmpty()) {
                return Verified.no(ErrorCode.INVALID_CONTRIBUTIONS + ": column " + w + " is not a column of table "
                        + d.table());
            }
            scan.add(match.get());
        }
        // Lineage: the contributor is a copy of the subject column of a source the amount comes from (an entity of the
        // sources, not a made-up label or a finer split such as a month), and
        // the contributions' amount draws on every source column the candidate's column draws on.
        ColumnGraph own = context.graphOf(declared.dataset());
        String contributorNode = declared.dataset() + "." + own.lineageName(declared.dataset(), scan.get(scan.size() - 2));
        String dataset = context.subject().dataset();
        List<String> needed = context.graph().valueSources(dataset + "." + context.graph().lineageName(dataset, column));
        Set<String> amountDatasets = new HashSet<>();
        needed.forEach(source -> amountDatasets.add(source.substring(0, source.lastIndexOf('.'))));
        boolean subject = false;
        for (String source : own.sourcesCopiedBy(contributorNode)) {
            int dot = source.lastIndexOf('.');
            String sourceDataset = source.substring(0, dot);
            subject |= amountDatasets.contains(sourceDataset) && context.subjectColumnOf(sourceDataset)
                    .map(source.substring(dot + 1)::equalsIgnoreCase).orElse(false);
        }
        if (!subject) {
            return Verified.no(ErrorCode.CONTRIBUTIONS_MISMATCH + ": contributor column " + d.contributorColumn()
                    + " of table " + d.table() + " is not a copy of the subject column (the person or organization a"
                    + " row is about) of a dataset that column " + column + " draws on " + amountDatasets);
        }
        List<String> drawn = own.valueSources(declared.dataset() + "." + own.lineageName(declared.dataset(),
                scan.get(scan.size() - 1)));
        if (!drawn.containsAll(needed)) {
            List<String> absent = new ArrayList<>(needed);
            absent.removeAll(drawn);
            return Verified.no(ErrorCode.CONTRIBUTIONS_MISMATCH + ": amount column " + d.contributorAmountColumn()
                    + " of table " + d.table() + " does not draw on " + absent + ", which column " + column + " does");
        }
        // Values: one amount per cell and contributor (several rows of a contributor add up), never negative.
        Map<String, Map<String, BigDecimal>> byCell = new HashMap<>();
        int[] bad = {0, 0};
        context.snapshots().scan(declared.file(), scan, values -> {
            Object amount = values.get(values.size() - 1);
            if (amount == null) {
                return;
            }
            Optional<BigDecimal> x = Numbers.decimal(amount);
            if (x.isEmpty()) {
                bad[0]++;
                return;
            }
            if (x.get().signum() < 0) {
                bad[1]++;
                return;
            }
            String cell = GroupKeys.key(values.subList(0, values.size() - 2));
            String contributor = String.valueOf(values.get(values.size() - 2));
            byCell.computeIfAbsent(cell, k -> new HashMap<>()).merge(contributor, x.get(), BigDecimal::add);
        });
        if (bad[0] > 0 || bad[1] > 0) {
            return Verified.no(ErrorCode.INVALID_CONTRIBUTIONS + ": amount column " + d.contributorAmountColumn()
                    + " of table " + d.table() + " has " + bad[0] + " non-numeric and " + bad[1] + " negative value(s)");
        }
        // Totals: every cell of the candidate equals the sum of its contributions.
        List<String> productScan = new ArrayList<>(cells);
        productScan.add(column);
        Map<String, List<BigDecimal>> out = new LinkedHashMap<>();
        int[] counts = {0, 0, 0, 0}; // rows, mismatched, repeated keys, non-numeric
        context.snapshots().scan(context.subject().file(), productScan, values -> {
            counts[0]++;
            String cell = GroupKeys.key(values.subList(0, values.size() - 1));
            Object value = values.get(values.size() - 1);
            Map<String, BigDecimal> contributions = byCell.getOrDefault(cell, Map.of());
            if (out.containsKey(cell)) {
                counts[2]++;
                return;
            }
            out.put(cell, List.copyOf(contributions.values()));
            BigDecimal total = contributions.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
            if (value == null) {
                if (total.signum() != 0) {
                    counts[1]++;
                }
                return;
            }
            Optional<BigDecimal> v = Numbers.decimal(value);
            if (v.isEmpty()) {
                counts[3]++;
            } else if (!Numbers.same(v.get(), total, value instanceof Double || value instanceof Float)) {
                counts[1]++;
            }
        });
        if (counts[2] > 0) {
            return Verified.no(ErrorCode.INVALID_CONTRIBUTIONS + ": the cell columns " + d.cellColumns()
                    + " do not identify the candidate's rows (" + counts[2] + " repeated)");
        }
        if (counts[3] > 0) {
            return Verified.no(ErrorCode.INVALID_CONTRIBUTIONS + ": column " + column + " is not numeric");
        }
        if (counts[1] > 0) {
            return Verified.no(ErrorCode.CONTRIBUTIONS_MISMATCH + ": the declared " + what + " do not add up to "
                    + counts[1] + " of " + counts[0] + " cell(s): the declaration is refused (an average, or a sum"
                    + " over other rows, is not a sum of these contributions)");
        }
        return new Verified(Optional.empty(), out);
    }
}
