package org.shuyu.lineage.store;

import static java.util.Objects.requireNonNull;
import static org.shuyu.lineage.store.StoreRows.sensitivity;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.shuyu.lineage.ColumnEdge;
import org.shuyu.lineage.ColumnRef;
import org.shuyu.lineage.TransformationKind;

/** Reads {@link JobColumns}: two indexed queries by job id, ordered so the same lineage always reads the same. */
final class JobColumnReads {
    private final StoreConnections connections;

    JobColumnReads(StoreConnections connections) {
        this.connections = requireNonNull(connections, "connections is null");
    }

    JobColumns columnsOf(String jobId) {
        requireNonNull(jobId, "jobId is null");
        return connections.read(c -> {
            List<JobColumns.StepEdge> edges = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT p.step, sd.name, sc.name, td.name, tc.name, e.kind,"
                    + " sc.classification, sc.grade FROM lineage_column_edges e"
                    + " JOIN lineage_processes p ON p.id = e.process_id"
                    + " JOIN lineage_columns sc ON sc.id = e.source_id JOIN lineage_datasets sd ON sd.id = sc.dataset_id"
                    + " JOIN lineage_columns tc ON tc.id = e.target_id JOIN lineage_datasets td ON td.id = tc.dataset_id"
                    + " WHERE p.job_id = ? ORDER BY p.step, td.name, tc.name, sd.name, sc.name, e.kind")) {
                ps.setString(1, jobId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        edges.add(new JobColumns.StepEdge(rs.getInt(1), new ColumnEdge(
                                new ColumnRef(rs.getString(2), rs.getString(3)), new ColumnRef(rs.getString(4), rs.getString(5)),
                                TransformationKind.valueOf(rs.getString(6))), sensitivity(rs, 7)));
                    }
                }
            }
            List<JobColumns.StepColumn> written = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT p.step, d.name, col.name, pc.classification, pc.grade"
                    + " FROM lineage_process_columns pc JOIN lineage_processes p ON p.id = pc.process_id"
                    + " JOIN lineage_columns col ON col.id = pc.column_id JOIN lineage_datasets d ON d.id = col.dataset_id"
                    + " WHERE p.job_id = ? ORDER BY p.step, d.name, col.id")) {
                ps.setString(1, jobId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        written.add(new JobColumns.StepColumn(rs.getInt(1), new ColumnRef(rs.getString(2), rs.getString(3)),
                                sensitivity(rs, 4)));
                    }
                }
            }
            return new JobColumns(edges, written);
        });
    }
}
