package org.shuyu.lineage.store;

import static org.shuyu.lineage.store.StoreRows.datasetRow;
import static org.shuyu.lineage.store.StoreRows.longs;
import static org.shuyu.lineage.store.StoreRows.unknownDataset;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.shuyu.lineage.LineageErrorCode;
import org.shuyu.lineage.LineageException;
import org.shuyu.lineage.store.StoreRows.DatasetRow;

/**
 * One lineage query's walk: from the start dataset or column, breadth first per direction, one indexed
 * {@code = ANY(?)} query per level, with a visited set (so cycles end), the caller's visibility and a node limit.
 * The nodes reached (with their depth) and the hops between them go to {@link GraphAssembler}.
 */
final class GraphWalk {
    private final Connection c;
    private final LineageQuery q;
    private final boolean columnLevel;
    private final Map<Long, Integer> depth = new HashMap<>();
    private final Map<Long, DatasetRow> datasetRows = new HashMap<>();
    private final Map<Long, String> processWorkspace = new HashMap<>();
    private final Set<Hop> hops = new LinkedHashSet<>();
    private boolean truncated;

    GraphWalk(Connection c, LineageQuery q) {
        this.c = c;
        this.q = q;
        this.columnLevel = q.columnLevel();
    }

    LineageGraph run() throws SQLException {
        DatasetRow startDataset = null;
        long start = -1;
        try (PreparedStatement ps = c.prepareStatement("SELECT d.id, d.name, d.kind, d.workspace_id, d.dropped, c.id"
                + " FROM lineage_datasets d LEFT JOIN lineage_columns c ON c.dataset_id = d.id AND c.name = ?"
                + " WHERE d.name = ?")) {
            ps.setString(1, q.column());
            ps.setString(2, q.dataset());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    startDataset = datasetRow(rs);
                    start = columnLevel ? rs.getLong(6) : startDataset.id();
                    if (rs.wasNull()) {
                        start = -1;
                    }
                }
            }
        }
        if (startDataset == null || !q.visibility().sees(startDataset.workspaceId())) {
            throw unknownDataset(q.dataset());
        }
        if (start < 0) {
            throw new LineageException(LineageErrorCode.UNKNOWN_COLUMN,
                    "no lineage for column " + q.dataset() + "." + q.column());
        }
        datasetRows.put(startDataset.id(), startDataset);
        depth.put(start, 0);
        boolean up = q.direction() != Direction.DOWNSTREAM;
        boolean down = q.direction() != Direction.UPSTREAM;
        if (up) {
            walk(start, true);
        }
        if (down) {
            walk(start, false);
        }
        return new GraphAssembler(c, q, depth, datasetRows, hops, truncated).assemble();
    }

    private void walk(long start, boolean upstream) throws SQLException {
        String table = columnLevel ? "lineage_column_edges" : "lineage_dataset_edges";
        String near = upstream ? "target_id" : "source_id";
        String far = upstream ? "source_id" : "target_id";
        boolean filter = !q.visibility().all();
        String sql = columnLevel && filter
                ? "SELECT e." + far + ", e.process_id, e.kind, c.dataset_id, e." + near + " FROM " + table
                        + " e JOIN lineage_columns c ON c.id = e." + far + " WHERE e." + near + " = ANY(?)"
                : "SELECT " + far + ", process_id, kind, " + far + ", " + near + " FROM " + table + " WHERE "
                        + near + " = ANY(?)";
        Set<Long> seen = new HashSet<>();
        seen.add(start);
        List<Long> frontier = List.of(start);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int level = 1; level <= q.maxDepth() && !frontier.isEmpty(); level++) {
                ps.setArray(1, longs(c, frontier));
                List<long[]> rows = new ArrayList<>();
                List<String> kinds = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(4), rs.getLong(5)});
                        kinds.add(rs.getString(3));
                    }
                }
                if (filter) {
                    resolveVisibility(rows);
                }
                List<Long> next = new ArrayList<>();
                for (int i = 0; i < rows.size(); i++) {
                    long[] r = rows.get(i);
                    long farId = r[0];
                    if (filter && !(q.visibility().seesProcessOf(processWorkspace.get(r[1]))
                            && q.visibility().sees(datasetRows.get(r[2]).workspaceId()))) {
                        continue;
                    }
                    Integer known = depth.get(farId);
                    if (known == null) {
                        if (depth.size() >= q.maxNodes()) {
                            truncated = true;
                            continue;
                        }
                        depth.put(farId, level);
                    } else if (level < known) {
                        depth.put(farId, level); // reached nearer in the other direction
                    }
                    if (seen.add(farId)) {
                        next.add(farId);
                    }
                    long source = upstream ? farId : r[3];
                    long target = upstream ? r[3] : farId;
                    hops.add(new Hop(source, target, r[1], kinds.get(i)));
                }
                frontier = truncated ? List.of() : next;
            }
        }
    }

    /** Loads the datasets and process workspaces of a level's rows that are not known yet. */
    private void resolveVisibility(List<long[]> rows) throws SQLException {
        Set<Long> datasetIds = new HashSet<>();
        Set<Long> processIds = new HashSet<>();
        for (long[] r : rows) {
            if (!datasetRows.containsKey(r[2])) {
                datasetIds.add(r[2]);
            }
            if (!processWorkspace.containsKey(r[1])) {
                processIds.add(r[1]);
            }
        }
        loadDatasets(datasetIds);
        if (!processIds.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, workspace_id FROM lineage_processes WHERE id = ANY(?)")) {
                ps.setArray(1, longs(c, processIds));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        processWorkspace.put(rs.getLong(1), rs.getString(2));
                    }
                }
            }
        }
    }

    private void loadDatasets(Collection<Long> ids) throws SQLException {
        List<Long> missing = ids.stream().filter(id -> !datasetRows.containsKey(id)).toList();
        if (missing.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT id, name, kind, workspace_id, dropped"
                + " FROM lineage_datasets WHERE id = ANY(?)")) {
            ps.setArray(1, longs(c, missing));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    DatasetRow row = datasetRow(rs);
                    datasetRows.put(row.id(), row);
                }
            }
        }
    }

    record Hop(long source, long target, long process, String kind) {}
}
