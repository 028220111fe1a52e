package org.shuyu.controller.product;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.shuyu.controller.config.ProductProperties;
import org.shuyu.lineage.ColumnRef;
import org.shuyu.lineage.DatasetKind;
import org.shuyu.lineage.LineageProcess;
import org.shuyu.lineage.Sensitivity;
import org.shuyu.lineage.TransformationKind;
import org.shuyu.lineage.store.ColumnSensitivity;
import org.shuyu.lineage.store.DatasetInfo;
import org.shuyu.lineage.store.Direction;
import org.shuyu.lineage.store.LineageGraph;
import org.shuyu.lineage.store.LineageQueries;
import org.shuyu.lineage.store.LineageQuery;
import org.shuyu.lineage.store.LineageStore;
import org.shuyu.policy.Classification;

/**
 * The automatic disclosure checks of the airlock (docs/products.md). They read the candidate's column lineage (with
 * the grades it inherited), the frozen snapshot, and the grant's release ledger; each returns a verdict with a reason
 * and its evidence. They never trust what the author says about the table: the only input from the author is the
 * name of the group size column, and its lineage is checked too.
 */
@org.springframework.stereotype.Component
public class ProductChecks {
    /** Separates the dimension values of a group key (a control character no value of a name contains). */
    static final String KEY_SEPARATOR = "\u001f";
    private static final Set<TransformationKind> COPIES = Set.of(TransformationKind.IDENTITY,
            TransformationKind.TRANSFORMATION);
    private static final Set<TransformationKind> PSEUDONYMS = Set.of(TransformationKind.IDENTITY,
            TransformationKind.TRANSFORMATION, TransformationKind.MASKED);
    private static final int MAX_EXAMPLES = 5;

    private final LineageStore lineage;
    private final LineageQueries queries;
    private final SnapshotStore snapshots;
    private final ProductProperties settings;
    private final RawValueSources rawValues;

    public ProductChecks(LineageStore lineage, LineageQueries queries, SnapshotStore snapshots, ProductProperties settings,
            RawValueSources rawValues) {
        this.lineage = requireNonNull(lineage, "lineage is null");
        this.queries = requireNonNull(queries, "queries is null");
        this.snapshots = requireNonNull(snapshots, "snapshots is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.rawValues = requireNonNull(rawValues, "rawValues is null");
    }

    /**
     * What the checks look at: the candidate, its table as the lineage names it ({@code database.table}), the grant's
     * datasets, the snapshot file and when it was requested, and the grant's earlier releases.
     */
    public record Subject(Product product, String dataset, Set<String> grantDatasets, Path file, Instant snapshotRequestedAt,
            List<ProductStore.Release> releases) {
        public Subject {
            requireNonNull(product, "product is null");
            requireNonNull(dataset, "dataset is null");
            grantDatasets = Set.copyOf(grantDatasets);
            requireNonNull(file, "file is null");
            requireNonNull(snapshotRequestedAt, "snapshotRequestedAt is null");
            releases = List.copyOf(releases);
        }
    }

    /** The outcome of all checks, and what a listing records in the ledger for an aggregated product. */
    public record Outcome(List<CheckResult> results, Optional<Aggregation> aggregation) {
        public Outcome {
            results = List.copyOf(results);
            requireNonNull(aggregation, "aggregation is null");
        }

        public boolean passed() {
            return results.stream().allMatch(CheckResult::passed);
        }
    }

    /**
     * An aggregated product's shape: its dimension columns (in key order), the signature of each (the grouping-key
     * source columns it copies; releases with the same signatures are compared), each group's size, and its k.
     */
    public record Aggregation(List<String> dimensions, List<String> signature, Map<String, Long> groups, int k) {
        public Aggregation {
            dimensions = List.copyOf(dimensions);
            signature = List.copyOf(signature);
            groups = Map.copyOf(groups);
        }
    }

    public Outcome run(Subject subject) {
        List<CheckResult> results = new ArrayList<>();
        SnapshotStore.SnapshotInfo info = snapshots.describe(subject.file());
        Optional<DatasetInfo> dataset = lineage.dataset(subject.dataset());
        LineageGraph upstream = dataset.isPresent() && !dataset.get().dropped()
                ? queries.query(LineageQuery.dataset(subject.dataset(), Direction.UPSTREAM)) : null;
        List<ColumnSensitivity> columns = upstream == null ? List.of()
                : lineage.columns(subject.dataset()).stream().filter(ColumnSensitivity::present).toList();
        results.add(lineageComplete(subject, dataset, upstream, columns, info));
        results.add(withinGrant(subject, upstream));
        ColumnGraph graph = upstream == null ? ColumnGraph.EMPTY : columnGraph(subject.dataset(), columns);
        results.add(noIdentifyingColumns(subject.dataset(), columns, graph));
        results.add(noRawValues(subject, upstream, info));
        int grade = graph.highestSourceGrade();
        int k = settings.minGroupSize().forGrade(grade);
        Optional<Aggregation> aggregation = Optional.empty();
        if (upstream == null) {
            results.add(CheckResult.fail(CheckResult.Check.MIN_GROUP_SIZE, "not checked: the table has no lineage",
                    List.of()));
            results.add(CheckResult.fail(CheckResult.Check.DIFFERENCING, "not checked: the table has no lineage",
                    List.of()));
        } else if (graph.aggregated()) {
            GroupSizes sizes = groupSizes(subject, graph, info, k, grade);
            results.add(sizes.result());
            aggregation = sizes.aggregation();
            results.add(differencing(subject, aggregation, k));
        } else {
            results.add(quasiIdentifierClasses(subject, columns, info, k, grade));
            results.add(CheckResult.pass(CheckResult.Check.DIFFERENCING,
                    "record-level table (no aggregation upstream): there are no group counts to difference", List.of()));
        }
        results.add(sizeBounds(info));
        return new Outcome(results, aggregation);
    }

    /** Compares an approved product's aggregation with the ledger again (at listing: others may have been listed since). */
    public static CheckResult differencing(Product product, Optional<Aggregation> aggregation,
            List<ProductStore.Release> releases, int k) {
        return differencing(product.id(), aggregation, releases, k);
    }

    // ---------------------------------------------------------------------------------------------------------------

    private CheckResult lineageComplete(Subject subject, Optional<DatasetInfo> dataset, LineageGraph upstream,
            List<ColumnSensitivity> columns,
            SnapshotStore.SnapshotInfo info) {
        CheckResult.Check check = CheckResult.Check.LINEAGE_COMPLETE;
        if (dataset.isEmpty()) {
            return CheckResult.fail(check, "no lineage is recorded for " + subject.dataset()
                    + ": only tables written by jobs of this platform, with their lineage, can become products", List.of());
        }
        if (dataset.get().dropped()) {
            return CheckResult.fail(check, subject.dataset() + " was dropped", List.of());
        }
        if (dataset.get().quarantined()) {
            return CheckResult.fail(check, subject.dataset() + " is quarantined: "
                    + dataset.get().quarantine().map(q -> q.reason() + " (job " + q.jobId() + ")").orElse(""), List.of());
        }
        List<String> problems = new ArrayList<>();
        if (upstream.truncated()) {
            problems.add("the upstream lineage has more than " + LineageQuery.DEFAULT_MAX_NODES + " datasets");
        }
        for (LineageGraph.DatasetNode node : upstream.datasets()) {
            if (node.quarantined()) {
                problems.add("upstream dataset " + node.name() + " is quarantined");
            }
        }
        for (LineageProcess process : upstream.processes()) {
            if (process.state() != LineageProcess.State.COMPLETED) {
                problems.add("statement " + process.id() + " is " + process.state() + ", its lineage is not complete");
            }
        }
        Set<String> writers = new TreeSet<>();
        for (LineageGraph.Edge edge : upstream.edges()) {
            if (edge.target().equals(subject.dataset())) {
                writers.add(edge.processId());
            }
        }
        for (LineageProcess process : upstream.processes()) {
            if (writers.contains(process.id()) && process.startedAt().isAfter(subject.snapshotRequestedAt())) {
                problems.add("statement " + process.id() + " wrote " + subject.dataset()
                        + " after the snapshot was taken; submit a new version");
            }
        }
        if (writers.isEmpty()) {
            problems.add("no recorded statement wrote " + subject.dataset());
        }
        Set<String> known = new HashSet<>();
        columns.forEach(c -> known.add(c.column().column().toLowerCase(Locale.ROOT)));
        for (SnapshotStore.SnapshotColumn column : info.columns()) {
            if (!known.contains(column.name().toLowerCase(Locale.ROOT))) {
                problems.add("snapshot column " + column.name() + " has no lineage");
            }
        }
        if (!problems.isEmpty()) {
            return CheckResult.fail(check, problems.size() + " problem(s) with the lineage of " + subject.dataset(),
                    problems);
        }
        return CheckResult.pass(check, "every statement upstream of " + subject.dataset() + " completed ("
                + upstream.processes().size() + " statement(s), " + upstream.datasets().size() + " dataset(s)), and the"
                + " table did not change after the snapshot", writers.stream().map(w -> "written by " + w).toList());
    }

    private CheckResult withinGrant(Subject subject, LineageGraph upstream) {
        CheckResult.Check check = CheckResult.Check.WITHIN_GRANT;
        if (upstream == null) {
            return CheckResult.fail(check, "not checked: the table has no lineage", List.of());
        }
        List<String> outside = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        for (LineageGraph.DatasetNode node : upstream.datasets()) {
            if (node.kind() == DatasetKind.SOURCE) {
                if (subject.grantDatasets().contains(node.name())) {
                    sources.add(node.name());
                } else {
                    outside.add("source " + node.name() + " is not a dataset of grant " + subject.product().grantId());
                }
            } else if (!node.workspaceId().map(subject.product().grantId()::equals).orElse(false)) {
                outside.add(node.kind().name().toLowerCase(Locale.ROOT) + " " + node.name() + " belongs to workspace "
                        + node.workspaceId().orElse("(none)"));
            }
        }
        for (LineageProcess process : upstream.processes()) {
            if (!process.workspaceId().equals(subject.product().grantId())) {
                outside.add("statement " + process.id() + " ran in workspace " + process.workspaceId());
            }
        }
        if (!outside.isEmpty()) {
            return CheckResult.fail(check, outside.size() + " dataset(s) or statement(s) upstream are outside grant "
                    + subject.product().grantId(), outside);
        }
        java.util.Collections.sort(sources);
        return CheckResult.pass(check, "computed only from datasets of grant " + subject.product().grantId() + " ("
                + String.join(", ", sources) + ") in its own workspace", sources);
    }

    private CheckResult noIdentifyingColumns(String dataset, List<ColumnSensitivity> columns, ColumnGraph graph) {
        CheckResult.Check check = CheckResult.Check.NO_IDENTIFYING_COLUMNS;
        List<String> offending = new ArrayList<>();
        for (ColumnSensitivity column : columns) {
            String name = column.column().column();
            if (column.sensitivity().isPresent()) {
                Sensitivity s = column.sensitivity().get();
                if (s.classification() == Classification.DIRECT_IDENTIFIER || s.grade() > settings.maxInheritedGrade()) {
                    List<String> from = graph.sourcesCopiedBy(dataset + "." + name);
                    List<String> via = column.sources().stream().map(src -> src.column() + " (" + src.processId() + ")")
                            .toList();
                    offending.add(name + ": " + s.classification() + ", grade " + s.grade() + ", "
                            + column.origin().name().toLowerCase(Locale.ROOT) + " from "
                            + (from.isEmpty() ? String.join(", ", via) : String.join(", ", from) + " (through "
                                    + String.join(", ", via) + ")"));
                    continue;
                }
            }
            // A masked (hashed) direct identifier is still one value per person: a pseudonym that singles people out
            // and links records outside the platform. Copies, transformations and masks of one do not leave.
            Optional<String> pseudonym = graph.maskedDirectIdentifier(dataset + "." + name);
            pseudonym.ifPresent(source -> offending.add(name + ": a masked copy of the direct identifier " + source
                    + " (a pseudonym still singles out a person)"));
        }
        if (!offending.isEmpty()) {
            return CheckResult.fail(check, offending.size() + " column(s) are copies, transformations or masks of a direct"
                    + " identifier, or carry a grade above " + settings.maxInheritedGrade()
                    + "; aggregate or drop them", offending);
        }
        return CheckResult.pass(check, "no column carries a direct identifier (in clear or masked) or a grade above "
                + settings.maxInheritedGrade() + " (" + columns.size() + " column(s) checked)", List.of());
    }

    /**
     * By value: every cell (and column name) of the snapshot against the raw values of the identifying columns of the
     * sources upstream within the grant. The evidence names columns, source columns and row counts, never a value.
     */
    private CheckResult noRawValues(Subject subject, LineageGraph upstream, SnapshotStore.SnapshotInfo info) {
        CheckResult.Check check = CheckResult.Check.NO_RAW_VALUES;
        if (upstream == null) {
            return CheckResult.fail(check, "not checked: the table has no lineage", List.of());
        }
        Set<String> sources = new TreeSet<>();
        for (LineageGraph.DatasetNode node : upstream.datasets()) {
            if (node.kind() == DatasetKind.SOURCE && subject.grantDatasets().contains(node.name())) {
                sources.add(node.name());
            }
        }
        RawValueIndex index;
        try {
            index = rawValues.index(sources);
        } catch (org.shuyu.controller.error.SandboxException e) {
            return CheckResult.fail(check, "not checked (" + e.code() + "): " + e.getMessage(), List.of());
        }
        return scanForRawValues(index, snapshots, subject.file(), info, sources);
    }

    /** The scan of {@link #noRawValues}, on its own for the benchmark. */
    public static CheckResult scanForRawValues(RawValueIndex index, SnapshotStore snapshots, Path file,
            SnapshotStore.SnapshotInfo info, Set<String> sources) {
        CheckResult.Check check = CheckResult.Check.NO_RAW_VALUES;
        List<String> names = info.columns().stream().map(SnapshotStore.SnapshotColumn::name).toList();
        RawValueIndex.Scratch scratch = new RawValueIndex.Scratch();
        List<String> details = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            Optional<RawValueIndex.Match> m = index.scan(names.get(i), scratch);
            labels.add(m.isPresent() ? "column #" + (i + 1) : names.get(i));
            if (m.isPresent()) {
                details.add("the name of snapshot column #" + (i + 1) + " holds a raw value of " + m.get().source());
            }
        }
        long[] whole = new long[names.size()];
        long[] inside = new long[names.size()];
        List<Set<String>> from = new ArrayList<>();
        names.forEach(n -> from.add(new TreeSet<>()));
        List<String> texts = new ArrayList<>(2);
        snapshots.scan(file, names, row -> {
            for (int i = 0; i < row.size(); i++) {
                texts.clear();
                cellTexts(row.get(i), texts);
                for (String text : texts) {
                    Optional<RawValueIndex.Match> m = index.scan(text, scratch);
                    if (m.isPresent()) {
                        if (m.get().whole()) {
                            whole[i]++;
                        } else {
                            inside[i]++;
                        }
                        for (RawValueIndex.Match each : index.scanAll(text, scratch)) {
                            from.get(i).add(each.source());
                        }
                        break;
                    }
                }
            }
        });
        long rows = 0;
        for (int i = 0; i < names.size(); i++) {
            if (whole[i] + inside[i] > 0) {
                rows += whole[i] + inside[i];
                details.add(labels.get(i) + ": " + (whole[i] + inside[i]) + " row(s) hold raw values of "
                        + String.join(", ", from.get(i)) + " (" + whole[i] + " as the whole cell, " + inside[i]
                        + " inside a longer cell)");
            }
        }
        if (!details.isEmpty()) {
            return CheckResult.fail(check, details.size() + " column(s) of the snapshot hold raw values of identifying"
                    + " source columns (" + rows + " cell(s)); the values are not shown", details);
        }
        return CheckResult.pass(check, "no cell holds a raw value of the " + index.sources().size()
                + " identifying source column(s) of " + (sources.isEmpty() ? "no source" : String.join(", ", sources))
                + " (" + index.size() + " distinct values looked for, whole and inside cells, ignoring case)",
                List.of());
    }

    /** A snapshot value as the text(s) a reader would see; booleans and nulls hold no identifier. */
    static void cellTexts(Object value, List<String> out) {
        if (value == null || value instanceof Boolean) {
            return;
        }
        if (value instanceof Double d) {
            if (Double.isFinite(d)) {
                out.add(java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString());
                out.add(d.toString());
            }
            return;
        }
        if (value instanceof java.math.BigDecimal d) {
            out.add(d.toPlainString());
            String stripped = d.stripTrailingZeros().toPlainString();
            if (!stripped.equals(out.get(0))) {
                out.add(stripped);
            }
            return;
        }
        out.add(value.toString());
    }

    private record GroupSizes(CheckResult result, Optional<Aggregation> aggregation) {}

    private GroupSizes groupSizes(Subject subject, ColumnGraph graph, SnapshotStore.SnapshotInfo info, int k, int grade) {
        CheckResult.Check check = CheckResult.Check.MIN_GROUP_SIZE;
        Product product = subject.product();
        if (product.groupSizeColumn().isEmpty()) {
            return new GroupSizes(CheckResult.fail(check, "the table is aggregated (its lineage has aggregation or"
                    + " grouping) but the candidate names no groupSizeColumn: add a count of subjects per group"
                    + " (for example count(DISTINCT person_id) AS n) and name it", List.of()), Optional.empty());
        }
        Optional<String> sizeColumn = columnNamed(info, product.groupSizeColumn().get());
        if (sizeColumn.isEmpty()) {
            return new GroupSizes(CheckResult.fail(check, "groupSizeColumn " + product.groupSizeColumn().get()
                    + " is not a column of the snapshot", List.of()), Optional.empty());
        }
        String sizeNode = subject.dataset() + "." + lineageName(graph, subject.dataset(), sizeColumn.get());
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
            String node = subject.dataset() + "." + lineageName(graph, subject.dataset(), column.name());
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
        snapshots.scan(subject.file(), scanColumns, values -> {
            rows[0]++;
            Object n = values.get(values.size() - 1);
            String key = key(values.subList(0, values.size() - 1));
            long size;
            if (n instanceof Long l) {
                size = l;
            } else if (n instanceof java.math.BigDecimal d && d.scale() <= 0) {
                size = d.longValueExact();
            } else {
                invalid[0]++;
                return;
            }
            groups.merge(key, size, Long::sum);
            if (size < k) {
                below[0]++;
                if (small.size() < MAX_EXAMPLES) {
                    small.add("group " + printable(key) + " has " + size + " subject(s)");
                }
            }
        });
        if (invalid[0] > 0) {
            return new GroupSizes(CheckResult.fail(check, invalid[0] + " row(s) have no whole-number group size in "
                    + sizeColumn.get(), List.of()), Optional.empty());
        }
        Aggregation aggregation = new Aggregation(dimensions, signature, groups, k);
        if (below[0] > 0) {
            return new GroupSizes(CheckResult.fail(check, below[0] + " of " + rows[0] + " group(s) have fewer than k=" + k
                    + " subjects (k for grade " + grade + " source data)", small), Optional.of(aggregation));
        }
        return new GroupSizes(CheckResult.pass(check, "all " + rows[0] + " group(s) have at least k=" + k
                + " subjects (k for grade " + grade + " source data; dimensions " + dimensions + ", sizes from "
                + sizeColumn.get() + ")", List.of()), Optional.of(aggregation));
    }

    private CheckResult quasiIdentifierClasses(Subject subject, List<ColumnSensitivity> columns,
            SnapshotStore.SnapshotInfo info, int k, int grade) {
        CheckResult.Check check = CheckResult.Check.MIN_GROUP_SIZE;
        List<String> quasi = new ArrayList<>();
        for (ColumnSensitivity column : columns) {
            if (column.sensitivity().map(s -> s.classification() == Classification.QUASI_IDENTIFIER).orElse(false)) {
                columnNamed(info, column.column().column()).ifPresent(quasi::add);
            }
        }
        if (quasi.isEmpty()) {
            return CheckResult.pass(check, "record-level table without quasi-identifier columns: no group to measure",
                    List.of());
        }
        Map<String, Long> classes = new HashMap<>();
        snapshots.scan(subject.file(), quasi, values -> classes.merge(key(values), 1L, Long::sum));
        List<String> small = new ArrayList<>();
        long below = 0;
        for (Map.Entry<String, Long> e : classes.entrySet()) {
            if (e.getValue() < k) {
                below++;
                if (small.size() < MAX_EXAMPLES) {
                    small.add("class " + printable(e.getKey()) + " has " + e.getValue() + " row(s)");
                }
            }
        }
        if (below > 0) {
            return CheckResult.fail(check, below + " combination(s) of the quasi-identifiers " + quasi + " occur fewer than"
                    + " k=" + k + " times (k for grade " + grade + " source data)", small);
        }
        return CheckResult.pass(check, "every combination of the quasi-identifiers " + quasi + " occurs at least k=" + k
                + " times", List.of());
    }

    private CheckResult differencing(Subject subject, Optional<Aggregation> aggregation, int k) {
        return differencing(subject.product().id(), aggregation, subject.releases(), k);
    }

    private static CheckResult differencing(String productId, Optional<Aggregation> aggregation,
            List<ProductStore.Release> releases, int k) {
        CheckResult.Check check = CheckResult.Check.DIFFERENCING;
        if (aggregation.isEmpty()) {
            return CheckResult.fail(check, "not checked: the group sizes could not be read", List.of());
        }
        Aggregation mine = aggregation.get();
        // No dimension (a grand total, or dimensions not traceable to a grouping key): one group, keyed "", compared with
        // the grant's other releases without dimensions.
        List<String> risks = new ArrayList<>();
        int compared = 0;
        for (ProductStore.Release release : releases) {
            if (release.productId().equals(productId) || !release.dimensions().equals(mine.signature())) {
                continue;
            }
            compared++;
            int threshold = Math.max(k, release.k());
            for (Map.Entry<String, Long> group : mine.groups().entrySet()) {
                Long earlier = release.groups().get(group.getKey());
                if (earlier == null) {
                    continue;
                }
                long difference = Math.abs(group.getValue() - earlier);
                if (difference > 0 && difference < threshold) {
                    if (risks.size() < MAX_EXAMPLES) {
                        risks.add("group " + printable(group.getKey()) + ": " + group.getValue() + " here, " + earlier
                                + " in listed product " + release.productId() + " (difference " + difference + " < k="
                                + threshold + ")");
                    } else {
                        break;
                    }
                }
            }
        }
        if (!risks.isEmpty()) {
            return CheckResult.fail(check, "together with an earlier release of the grant, this release would isolate"
                    + " fewer than k subjects", risks);
        }
        return CheckResult.pass(check, compared == 0 ? "no earlier release of the grant has the same dimensions"
                : "compared with " + compared + " earlier release(s) of the same dimensions: no group differs by 1 to k-1",
                List.of());
    }

    private CheckResult sizeBounds(SnapshotStore.SnapshotInfo info) {
        CheckResult.Check check = CheckResult.Check.SIZE_BOUNDS;
        List<String> problems = new ArrayList<>();
        if (info.rows() < 1) {
            problems.add("the snapshot is empty");
        }
        if (info.rows() > settings.maxRows()) {
            problems.add(info.rows() + " rows exceed the bound of " + settings.maxRows());
        }
        if (info.bytes() > settings.maxBytes()) {
            problems.add(info.bytes() + " bytes exceed the bound of " + settings.maxBytes());
        }
        if (!problems.isEmpty()) {
            return CheckResult.fail(check, String.join("; ", problems), problems);
        }
        return CheckResult.pass(check, info.rows() + " rows, " + info.bytes() + " bytes (bounds " + settings.maxRows()
                + " rows, " + settings.maxBytes() + " bytes)", List.of());
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** The upstream column lineage of every column of the candidate, merged. */
    private ColumnGraph columnGraph(String dataset, List<ColumnSensitivity> columns) {
        Map<String, List<LineageGraph.Edge>> into = new HashMap<>();
        Map<String, LineageGraph.ColumnNode> nodes = new HashMap<>();
        Map<String, DatasetKind> kinds = new HashMap<>();
        Set<String> seenEdges = new HashSet<>();
        for (ColumnSensitivity column : columns) {
            LineageGraph g = queries.query(LineageQuery.column(new ColumnRef(dataset, column.column().column()),
                    Direction.UPSTREAM));
            g.datasets().forEach(d -> kinds.put(d.name(), d.kind()));
            g.columns().forEach(c -> nodes.put(c.id(), c));
            for (LineageGraph.Edge e : g.edges()) {
                if (seenEdges.add(e.source() + "|" + e.target() + "|" + e.kind() + "|" + e.processId())) {
                    into.computeIfAbsent(e.target(), t -> new ArrayList<>()).add(e);
                }
            }
        }
        return new ColumnGraph(into, nodes, kinds);
    }

    /** A merged upstream column graph: edges by target, nodes with their sensitivity, dataset kinds. */
    private record ColumnGraph(Map<String, List<LineageGraph.Edge>> into, Map<String, LineageGraph.ColumnNode> nodes,
            Map<String, DatasetKind> kinds) {
        static final ColumnGraph EMPTY = new ColumnGraph(Map.of(), Map.of(), Map.of());

        /** Aggregation or grouping anywhere upstream makes the table's rows groups, not records. */
        boolean aggregated() {
            return into.values().stream().flatMap(Collection::stream).anyMatch(e -> e.kind()
                    .map(k -> k == TransformationKind.AGGREGATION || k == TransformationKind.GROUP_BY).orElse(false));
        }

        /** The highest catalog grade of any source column upstream; 1 when none is graded. */
        int highestSourceGrade() {
            int grade = 1;
            for (LineageGraph.ColumnNode node : nodes.values()) {
                if (kinds.get(node.column().dataset()) == DatasetKind.SOURCE && node.sensitivity().isPresent()) {
                    grade = Math.max(grade, node.sensitivity().get().grade());
                }
            }
            return grade;
        }

        /** The columns that are grouping keys somewhere upstream (sources of GROUP_BY edges). */
        Set<String> groupingKeys() {
            Set<String> keys = new HashSet<>();
            into.values().stream().flatMap(Collection::stream)
                    .filter(e -> e.kind().map(k -> k == TransformationKind.GROUP_BY).orElse(false))
                    .forEach(e -> keys.add(e.source()));
            return keys;
        }

        /** The grouping keys that {@code node} is a copy (or transformation) of, following copies upstream. */
        Set<String> groupingKeysCopiedBy(String node) {
            Set<String> keys = groupingKeys();
            Set<String> found = new TreeSet<>();
            for (String reached : copies(node)) {
                if (keys.contains(reached)) {
                    found.add(reached);
                }
            }
            return found;
        }

        /** A source column that {@code node} is a copy or transformation of, if any. */
        Optional<String> copiedFromSource(String node) {
            for (String reached : copies(node)) {
                LineageGraph.ColumnNode n = nodes.get(reached);
                if (n != null && kinds.get(n.column().dataset()) == DatasetKind.SOURCE) {
                    return Optional.of(reached);
                }
            }
            return Optional.empty();
        }

        /** The source columns {@code node} is a copy or transformation of, sorted. */
        List<String> sourcesCopiedBy(String node) {
            List<String> sources = new ArrayList<>();
            for (String reached : copies(node)) {
                LineageGraph.ColumnNode n = nodes.get(reached);
                if (n != null && kinds.get(n.column().dataset()) == DatasetKind.SOURCE) {
                    sources.add(reached);
                }
            }
            java.util.Collections.sort(sources);
            return sources;
        }

        /** A source column classified DIRECT_IDENTIFIER that {@code node} copies, transforms or masks, if any. */
        Optional<String> maskedDirectIdentifier(String node) {
            for (String reached : reach(node, PSEUDONYMS)) {
                LineageGraph.ColumnNode n = nodes.get(reached);
                if (n != null && kinds.get(n.column().dataset()) == DatasetKind.SOURCE && n.sensitivity()
                        .map(s -> s.classification() == Classification.DIRECT_IDENTIFIER).orElse(false)) {
                    return Optional.of(reached);
                }
            }
            return Optional.empty();
        }

        /** Every column reached from {@code node} upstream along identity and transformation edges only. */
        private Set<String> copies(String node) {
            return reach(node, COPIES);
        }

        private Set<String> reach(String node, Set<TransformationKind> along) {
            Set<String> seen = new HashSet<>();
            ArrayDeque<String> queue = new ArrayDeque<>(List.of(node));
            while (!queue.isEmpty()) {
                String current = queue.poll();
                for (LineageGraph.Edge e : into.getOrDefault(current, List.of())) {
                    if (e.kind().map(along::contains).orElse(false) && seen.add(e.source())) {
                        queue.add(e.source());
                    }
                }
            }
            return seen;
        }
    }

    /** The snapshot's spelling of a column (exact, else ignoring case). */
    private static Optional<String> columnNamed(SnapshotStore.SnapshotInfo info, String name) {
        for (SnapshotStore.SnapshotColumn c : info.columns()) {
            if (c.name().equals(name)) {
                return Optional.of(c.name());
            }
        }
        for (SnapshotStore.SnapshotColumn c : info.columns()) {
            if (c.name().equalsIgnoreCase(name)) {
                return Optional.of(c.name());
            }
        }
        return Optional.empty();
    }

    /** The lineage's spelling of a snapshot column (exact, else ignoring case). */
    private static String lineageName(ColumnGraph graph, String dataset, String column) {
        if (graph.nodes().containsKey(dataset + "." + column)) {
            return column;
        }
        for (LineageGraph.ColumnNode n : graph.nodes().values()) {
            if (n.column().dataset().equals(dataset) && n.column().column().equalsIgnoreCase(column)) {
                return n.column().column();
            }
        }
        return column;
    }

    static String key(List<Object> values) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                b.append(KEY_SEPARATOR);
            }
            Object v = values.get(i);
            b.append(v == null ? "\u2205" : v.toString());
        }
        return b.toString();
    }

    private static String printable(String key) {
        return "(" + key.replace(KEY_SEPARATOR, ", ") + ")";
    }
}
