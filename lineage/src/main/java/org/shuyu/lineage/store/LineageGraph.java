package org.shuyu.lineage.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.shuyu.lineage.ColumnRef;
import org.shuyu.lineage.DatasetKind;
import org.shuyu.lineage.EndReason;
import org.shuyu.lineage.LineageProcess;
import org.shuyu.lineage.Sensitivity;
import org.shuyu.lineage.TransformationKind;

/**
 * The answer to a {@link LineageQuery}: the reached subgraph. For a dataset query the nodes are {@code datasets};
 * for a column query they are {@code columns}, and {@code datasets} describes the datasets they belong to (with the
 * smallest depth of their columns). Node ids are the dataset name, or {@code dataset.column} for a column (the
 * dataset part has exactly one dot). Every edge joins two listed nodes and names a listed process. Lists are sorted
 * (nodes by depth then id; edges in the order of their source node, then of their target node, then by process;
 * processes by job then step).
 * {@code truncated} says the node limit stopped the walk: nodes beyond it, and edges to them, are missing.
 */
public record LineageGraph(String start, Direction direction, boolean columnLevel, List<DatasetNode> datasets,
        List<ColumnNode> columns, List<Edge> edges, List<LineageProcess> processes, boolean truncated,
        List<ReachRecords.DeliveryFacts> deliveries) {
    public LineageGraph {
        deliveries = List.copyOf(deliveries);
        Objects.requireNonNull(start, "start is null");
        Objects.requireNonNull(direction, "direction is null");
        datasets = List.copyOf(datasets);
        columns = List.copyOf(columns);
        edges = List.copyOf(edges);
        processes = List.copyOf(processes);
    }

    /** An answer without deliveries (graphs that do not reach beyond the workspace). */
    public LineageGraph(String start, Direction direction, boolean columnLevel, List<DatasetNode> datasets,
            List<ColumnNode> columns, List<Edge> edges, List<LineageProcess> processes, boolean truncated) {
        this(start, direction, columnLevel, datasets, columns, edges, processes, truncated, List.of());
    }

    /** The number of nodes of the answer (datasets for a dataset query, columns for a column query). */
    public int nodeCount() {
        return columnLevel ? columns.size() : datasets.size();
    }

    /**
     * A dataset node; {@code endedAt} and {@code endReason} say when and why it ended (dropped, torn down with its
     * workspace, delisted): an ended dataset stays in the graph with its history but no longer holds data.
     */
    public record DatasetNode(String name, DatasetKind kind, Optional<String> workspaceId, int depth, boolean dropped,
            boolean quarantined, Optional<Instant> endedAt, Optional<EndReason> endReason) {
        public DatasetNode {
            Objects.requireNonNull(name, "name is null");
            Objects.requireNonNull(kind, "kind is null");
            Objects.requireNonNull(workspaceId, "workspaceId is null");
            Objects.requireNonNull(endedAt, "endedAt is null");
            Objects.requireNonNull(endReason, "endReason is null");
        }

        public DatasetNode(String name, DatasetKind kind, Optional<String> workspaceId, int depth, boolean dropped,
                boolean quarantined) {
            this(name, kind, workspaceId, depth, dropped, quarantined, Optional.empty(), Optional.empty());
        }
    }

    public record ColumnNode(String id, ColumnRef column, int depth, boolean present,
            Optional<Sensitivity> sensitivity, SensitivityOrigin origin) {
        public ColumnNode {
            Objects.requireNonNull(id, "id is null");
            Objects.requireNonNull(column, "column is null");
            Objects.requireNonNull(sensitivity, "sensitivity is null");
            Objects.requireNonNull(origin, "origin is null");
        }
    }

    /**
     * {@code target} derives from {@code source} in process {@code processId} ({@code jobId#step}). {@code kind} is
     * the transformation kind; for a dataset edge, the strongest kind of its column edges, empty when the output
     * used the input with no column edge (e.g. {@code count(*)}).
     */
    public record Edge(String source, String target, Optional<TransformationKind> kind, String processId) {
        public Edge {
            Objects.requireNonNull(source, "source is null");
            Objects.requireNonNull(target, "target is null");
            Objects.requireNonNull(kind, "kind is null");
            Objects.requireNonNull(processId, "processId is null");
        }
    }
}
