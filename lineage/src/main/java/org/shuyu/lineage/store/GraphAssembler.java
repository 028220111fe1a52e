package org.shuyu.lineage.store;

import static org.shuyu.lineage.store.StoreRows.PROCESS_COLUMNS;
import static org.shuyu.lineage.store.StoreRows.datasetRow;
import static org.shuyu.lineage.store.StoreRows.longs;
import static org.shuyu.lineage.store.StoreRows.processRow;
import static org.shuyu.lineage.store.StoreRows.sensitivity;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.shuyu.lineage.ColumnRef;
import org.shuyu.lineage.EndReason;
import org.shuyu.lineage.LineageProcess;
import org.shuyu.lineage.StatementKind;
import org.shuyu.lineage.TransformationKind;
import org.shuyu.lineage.store.GraphWalk.Hop;
import org.shuyu.lineage.store.StoreRows.DatasetRow;
import org.shuyu.lineage.store.StoreRows.ProcessRow;

/**
 * Renders a walk's result as a {@link LineageGraph}: one query for the nodes with their datasets and quarantines,
 * one for the processes, then nodes sorted by depth and name and edges in node order (ranked once, so no string
 * compares in the sort).
 */
final class GraphAssembler {
    private final Connection c;
    private final LineageQuery q;
    private final boolean columnLevel;
    private final Map<Long, Integer> depth;
    private final Map<Long, DatasetRow> datasetRows;
    private final Set<Hop> hops;
    private final boolean truncated;

    GraphAssembler(Connection c, LineageQuery q, Map<Long, Integer> depth, Map<Long, DatasetRow> datasetRows,
            Set<Hop> hops, boolean truncated) {
        this.c = c;
        this.q = q;
        this.columnLevel = q.columnLevel();
        this.depth = depth;
        this.datasetRows = datasetRows;
        this.hops = hops;
        this.truncated = truncated;
    }

    LineageGraph assemble() throws SQLException {
        // nodes
        Map<Long, String> nodeIds = new HashMap<>();
        Map<Object, Long> numericId = new IdentityHashMap<>(); // node record -> its row id
        List<LineageGraph.ColumnNode> columnNodes = new ArrayList<>();
        Map<Long, Integer> datasetDepth = new HashMap<>();
        Set<Long> quarantined = new HashSet<>();
        Map<Long, Ended> ended = new HashMap<>();
        // one query for the nodes with their datasets and quarantines (round trips dominate small answers)
        String sql = columnLevel
                ? "SELECT d.id, d.name, d.kind, d.workspace_id, d.dropped, q.dataset_id, c.id, c.dataset_id, c.name,"
                        + " c.present, c.classification, c.grade, c.origin, d.ended_at, d.end_reason"
                        + " FROM lineage_columns c"
                        + " JOIN lineage_datasets d ON d.id = c.dataset_id"
                        + " LEFT JOIN lineage_quarantine q ON q.dataset_id = d.id WHERE c.id = ANY(?)"
                : "SELECT d.id, d.name, d.kind, d.workspace_id, d.dropped, q.dataset_id, d.ended_at, d.end_reason"
                        + " FROM lineage_datasets d"
                        + " LEFT JOIN lineage_quarantine q ON q.dataset_id = d.id WHERE d.id = ANY(?)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, longs(c, depth.keySet()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long datasetId = rs.getLong(1);
                    DatasetRow dataset = datasetRows.get(datasetId);
                    if (dataset == null) {
                        dataset = datasetRow(rs);
                        datasetRows.put(datasetId, dataset);
                    }
                    rs.getLong(6);
                    if (!rs.wasNull()) {
                        quarantined.add(datasetId);
                    }
                    int endColumn = columnLevel ? 14 : 7;
                    OffsetDateTime endedAt = rs.getObject(endColumn, OffsetDateTime.class);
                    if (endedAt != null) {
                        ended.put(datasetId, new Ended(endedAt.toInstant(),
                                EndReason.valueOf(rs.getString(endColumn + 1))));
                    }
                    if (columnLevel) {
                        long columnId = rs.getLong(7);
                        String name = rs.getString(9);
                        ColumnRef ref = new ColumnRef(dataset.name(), name);
                        int d = depth.get(columnId);
                        String id = dataset.name() + "." + name;
                        nodeIds.put(columnId, id);
                        datasetDepth.merge(datasetId, d, Math::min);
                        LineageGraph.ColumnNode node = new LineageGraph.ColumnNode(id, ref, d, rs.getBoolean(10),
                                sensitivity(rs, 11), SensitivityOrigin.valueOf(rs.getString(13)));
                        columnNodes.add(node);
                        numericId.put(node, columnId);
                    } else {
                        datasetDepth.put(datasetId, depth.get(datasetId));
                        nodeIds.put(datasetId, dataset.name());
                    }
                }
            }
        }
        List<LineageGraph.DatasetNode> datasetNodes = new ArrayList<>();
        datasetDepth.forEach((id, d) -> {
            DatasetRow row = datasetRows.get(id);
            Optional<Ended> end = Optional.ofNullable(ended.get(id));
            LineageGraph.DatasetNode node = new LineageGraph.DatasetNode(row.name(), row.kind(),
                    Optional.ofNullable(row.workspaceId()), d, row.dropped(), quarantined.contains(id),
                    end.map(Ended::at), end.map(Ended::reason));
            datasetNodes.add(node);
            numericId.put(node, id);
        });
        // processes
        Set<Long> processIds = new HashSet<>();
        hops.forEach(h -> processIds.add(h.process()));
        Map<Long, LineageProcess> processes = new HashMap<>();
        Set<Long> deliveryProcesses = new HashSet<>();
        if (!processIds.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + PROCESS_COLUMNS
                    + " FROM lineage_processes WHERE id = ANY(?)")) {
                ps.setArray(1, longs(c, processIds));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ProcessRow row = processRow(rs);
                        processes.put(row.id(), row.process());
                        if (row.process().statement() == StatementKind.DELIVERY) {
                            deliveryProcesses.add(row.id());
                        }
                    }
                }
            }
        }
        datasetNodes.sort(Comparator.comparingInt(LineageGraph.DatasetNode::depth)
                .thenComparing(LineageGraph.DatasetNode::name));
        columnNodes.sort(Comparator.comparingInt(LineageGraph.ColumnNode::depth)
                .thenComparing(LineageGraph.ColumnNode::id));
        List<Long> processOrder = new ArrayList<>(processes.keySet());
        processOrder.sort(Comparator.comparing((Long id) -> processes.get(id).jobId())
                .thenComparingInt(id -> processes.get(id).step()));
        List<LineageProcess> processList = new ArrayList<>(processOrder.size());
        processOrder.forEach(id -> processList.add(processes.get(id)));
        // edges in node order: rank nodes and processes once, then sort on the ranks (no string compares)
        Map<Long, Integer> rank = new HashMap<>();
        for (Object node : columnLevel ? columnNodes : datasetNodes) {
            rank.put(numericId.get(node), rank.size());
        }
        Map<Long, Integer> processRank = new HashMap<>();
        Map<Long, String> processIdText = new HashMap<>();
        for (Long id : processOrder) {
            processRank.put(id, processRank.size());
            processIdText.put(id, processes.get(id).id());
        }
        List<RankedHop> ordered = new ArrayList<>(hops.size());
        for (Hop h : hops) {
            ordered.add(new RankedHop(rank.get(h.source()), rank.get(h.target()), processRank.get(h.process()), h));
        }
        ordered.sort(RankedHop.ORDER);
        List<LineageGraph.Edge> edges = new ArrayList<>(ordered.size());
        Map<String, Optional<TransformationKind>> kinds = new HashMap<>();
        for (RankedHop r : ordered) {
            Hop h = r.hop();
            Optional<TransformationKind> kind = kinds.computeIfAbsent(String.valueOf(h.kind()),
                    k -> Optional.ofNullable(h.kind()).map(TransformationKind::valueOf));
            edges.add(new LineageGraph.Edge(nodeIds.get(h.source()), nodeIds.get(h.target()), kind,
                    processIdText.get(h.process())));
        }
        String startId = columnLevel ? q.dataset() + "." + q.column() : q.dataset();
        List<ReachRecords.DeliveryFacts> deliveries = deliveryProcesses.isEmpty() ? List.of()
                : ReachWriter.deliveriesOf(c, longs(c, deliveryProcesses));
        return new LineageGraph(startId, q.direction(), columnLevel, datasetNodes, columnNodes, edges, processList,
                truncated, deliveries);
    }

    private record Ended(Instant at, EndReason reason) {}

    private record RankedHop(int source, int target, int process, Hop hop) {
        static final Comparator<RankedHop> ORDER = Comparator.comparingInt(RankedHop::source)
                .thenComparingInt(RankedHop::target).thenComparingInt(RankedHop::process)
                .thenComparing(r -> String.valueOf(r.hop().kind())); // one pair may have several kinds
    }
}
