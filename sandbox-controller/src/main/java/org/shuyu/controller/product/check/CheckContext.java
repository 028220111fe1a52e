package org.shuyu.controller.product.check;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.shuyu.controller.product.DisclosureRule;
import org.shuyu.controller.product.SnapshotStore;
import org.shuyu.lineage.store.ColumnSensitivity;
import org.shuyu.lineage.store.DatasetInfo;
import org.shuyu.lineage.store.LineageGraph;

/**
 * What the checks look at, read once per run: the subject, the snapshot's description (and the store to scan it), the
 * table's lineage (absent when none is recorded or the table was dropped), its present columns with their inherited
 * sensitivity, their merged upstream column graph, the highest source grade and the k it asks for. The group sizes
 * of an aggregated table are measured once, on first use, for the minimum-group-size and differencing checks.
 */
public final class CheckContext {
    private final ProductChecks.Subject subject;
    private final SnapshotStore snapshots;
    private final SnapshotStore.SnapshotInfo info;
    private final Optional<DatasetInfo> dataset;
    private final Optional<LineageGraph> upstream;
    private final List<ColumnSensitivity> columns;
    private final ColumnGraph graph;
    private final int grade;
    private final int k;
    private final DisclosureRule rule;
    private final Function<String, ColumnGraph> graphs;
    private final Function<String, Optional<String>> subjects;
    private GroupSizes groupSizes;
    private ContributionCells contributions;

    CheckContext(ProductChecks.Subject subject, SnapshotStore snapshots, SnapshotStore.SnapshotInfo info,
            Optional<DatasetInfo> dataset, Optional<LineageGraph> upstream, List<ColumnSensitivity> columns,
            ColumnGraph graph, int grade, int k, DisclosureRule rule, Function<String, ColumnGraph> graphs,
            Function<String, Optional<String>> subjects) {
        this.subject = requireNonNull(subject, "subject is null");
        this.snapshots = requireNonNull(snapshots, "snapshots is null");
        this.info = requireNonNull(info, "info is null");
        this.dataset = requireNonNull(dataset, "dataset is null");
        this.upstream = requireNonNull(upstream, "upstream is null");
        this.columns = List.copyOf(columns);
        this.graph = requireNonNull(graph, "graph is null");
        this.grade = grade;
        this.k = k;
        this.rule = requireNonNull(rule, "rule is null");
        this.graphs = requireNonNull(graphs, "graphs is null");
        this.subjects = requireNonNull(subjects, "subjects is null");
    }

    /** The catalog's subject column of a source dataset (the person or organization a row is about), if it has one. */
    Optional<String> subjectColumnOf(String sourceDataset) {
        return subjects.apply(sourceDataset);
    }

    /** The disclosure thresholds for {@link #grade()}. */
    DisclosureRule rule() {
        return rule;
    }

    /** The merged upstream column graph of another table of the workspace (a declared contribution table). */
    ColumnGraph graphOf(String dataset) {
        return graphs.apply(dataset);
    }

    /** The verified contributions under the amount cells of an aggregated table, read on first use. */
    ContributionCells contributions() {
        if (contributions == null) {
            contributions = ContributionCells.measure(this);
        }
        return contributions;
    }

    public ProductChecks.Subject subject() {
        return subject;
    }

    SnapshotStore snapshots() {
        return snapshots;
    }

    SnapshotStore.SnapshotInfo info() {
        return info;
    }

    Optional<DatasetInfo> dataset() {
        return dataset;
    }

    /** The upstream dataset lineage of the table; empty when it has none (unknown or dropped). */
    Optional<LineageGraph> upstream() {
        return upstream;
    }

    List<ColumnSensitivity> columns() {
        return columns;
    }

    ColumnGraph graph() {
        return graph;
    }

    /** The highest catalog grade of the source columns upstream. */
    int grade() {
        return grade;
    }

    /** The minimum group size for {@link #grade()}. */
    int k() {
        return k;
    }

    /** Whether the table's rows are groups (aggregation upstream), not records; false without lineage. */
    boolean aggregated() {
        return upstream.isPresent() && graph.aggregated();
    }

    /** The group sizes of an aggregated table, measured on first use. */
    GroupSizes groupSizes() {
        if (groupSizes == null) {
            groupSizes = GroupSizes.measure(this);
        }
        return groupSizes;
    }

    /** What a listing records in the ledger: the aggregation of an aggregated table whose sizes could be read. */
    Optional<ProductChecks.Aggregation> aggregation() {
        return aggregated() ? groupSizes().aggregation() : Optional.empty();
    }

    /** The snapshot's spelling of a column (exact, else ignoring case). */
    Optional<String> columnNamed(String name) {
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
}
