package org.shuyu.controller.product.check;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.shuyu.lineage.ColumnRef;
import org.shuyu.lineage.DatasetKind;
import org.shuyu.lineage.TransformationKind;
import org.shuyu.lineage.store.ColumnSensitivity;
import org.shuyu.lineage.store.Direction;
import org.shuyu.lineage.store.LineageGraph;
import org.shuyu.lineage.store.LineageQueries;
import org.shuyu.lineage.store.LineageQuery;
import org.shuyu.policy.Classification;

/** A merged upstream column graph: edges by target, nodes with their sensitivity, dataset kinds. */
record ColumnGraph(Map<String, List<LineageGraph.Edge>> into, Map<String, LineageGraph.ColumnNode> nodes,
        Map<String, DatasetKind> kinds) {
    private static final Set<TransformationKind> COPIES = Set.of(TransformationKind.IDENTITY,
            TransformationKind.TRANSFORMATION);
    private static final Set<TransformationKind> PSEUDONYMS = Set.of(TransformationKind.IDENTITY,
            TransformationKind.TRANSFORMATION, TransformationKind.MASKED);
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
        Collections.sort(sources);
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

    private static final Set<TransformationKind> VALUES = Set.of(TransformationKind.IDENTITY,
            TransformationKind.TRANSFORMATION, TransformationKind.AGGREGATION, TransformationKind.MASKED);

    /** The source columns whose values flow into {@code node} (copies, transformations, aggregations), sorted. */
    List<String> valueSources(String node) {
        List<String> sources = new ArrayList<>();
        for (String reached : reach(node, VALUES)) {
            LineageGraph.ColumnNode n = nodes.get(reached);
            if (n != null && kinds.get(n.column().dataset()) == DatasetKind.SOURCE) {
                sources.add(reached);
            }
        }
        Collections.sort(sources);
        return sources;
    }

    /** The highest catalog grade of the source columns whose values flow into {@code node}; 0 when none is graded. */
    int valueGrade(String node) {
        int grade = 0;
        for (String source : valueSources(node)) {
            LineageGraph.ColumnNode n = nodes.get(source);
            if (n.sensitivity().isPresent()) {
                grade = Math.max(grade, n.sensitivity().get().grade());
            }
        }
        return grade;
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

    /** The upstream column lineage of every column of the candidate, merged. */
    static ColumnGraph of(LineageQueries queries, String dataset, List<ColumnSensitivity> columns) {
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

    /** The lineage's spelling of a snapshot column of {@code dataset} (exact, else ignoring case). */
    String lineageName(String dataset, String column) {
        if (nodes.containsKey(dataset + "." + column)) {
            return column;
        }
        for (LineageGraph.ColumnNode n : nodes.values()) {
            if (n.column().dataset().equals(dataset) && n.column().column().equalsIgnoreCase(column)) {
                return n.column().column();
            }
        }
        return column;
    }
}
