package org.shuyu.lineage.store;

import static org.shuyu.lineage.store.StoreRows.findDataset;
import static org.shuyu.lineage.store.StoreRows.loadColumns;
import static org.shuyu.lineage.store.StoreRows.lockDataset;
import static org.shuyu.lineage.store.StoreRows.setSensitivity;
import static org.shuyu.lineage.store.StoreRows.timestamp;
import static org.shuyu.lineage.store.StoreRows.unknownDataset;
import static org.shuyu.lineage.store.StoreRows.update;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import org.shuyu.lineage.DatasetKind;
import org.shuyu.lineage.EndReason;
import org.shuyu.lineage.LineageErrorCode;
import org.shuyu.lineage.LineageException;
import org.shuyu.lineage.LineageProcess;
import org.shuyu.lineage.Sensitivity;
import org.shuyu.lineage.StatementKind;
import org.shuyu.lineage.WriteMode;
import org.shuyu.lineage.store.ReachRecords.DeliveryFacts;
import org.shuyu.lineage.store.ReachRecords.DeliveryOutcome;
import org.shuyu.lineage.store.ReachRecords.DeliveryStart;
import org.shuyu.lineage.store.ReachRecords.ProductFreeze;
import org.shuyu.lineage.store.ReachRecords.ProductListing;
import org.shuyu.lineage.store.StoreRows.ColumnRow;
import org.shuyu.lineage.store.StoreRows.DatasetRow;

/**
 * Why this class is long: the three steps beyond the workspace (freeze, listing, delivery) share the idempotent
 * process insert, the column copy with its sensitivities and the delivery facts; split, they would each repeat them.
 *
 * <p>Writes the graph beyond the workspace ({@link LineageReachStore}): FREEZE, LIST and DELIVERY processes with their
 * datasets, columns and edges in the same tables as jobs' statements, so every query walks through them.
 * Processes are keyed {@code product:<id>#1} (freeze), {@code product:<id>#2} (listing) and {@code delivery:<id>#1};
 * their content hash makes a retry a no-op and a different repeat a conflict.
 */
final class ReachWriter {
    static final String PRODUCT_JOB = "product:";
    static final String DELIVERY_JOB = "delivery:";

    private final StoreConnections connections;

    ReachWriter(StoreConnections connections) {
        this.connections = connections;
    }

    boolean recordFreeze(ProductFreeze f) {
        return connections.write(c -> {
            DatasetRow table = findDataset(c, f.table()).orElseThrow(() -> unknownDataset(f.table()));
            if (!(table.kind() == DatasetKind.TABLE || table.kind() == DatasetKind.VIEW)
                    || !f.workspaceId().equals(table.workspaceId())) {
                throw new LineageException(LineageErrorCode.DATASET_MISMATCH, "a product is frozen from a table of"
                        + " its own workspace, not " + f.table());
            }
            if (table.dropped()) {
                throw unknownDataset(f.table());
            }
            Map<String, ColumnRow> tableColumns = loadColumns(c, table.id());
            TreeSet<String> columns = new TreeSet<>(f.columns());
            for (String column : columns) {
                ColumnRow col = tableColumns.get(column);
                if (col == null || !col.present()) {
                    throw new LineageException(LineageErrorCode.UNKNOWN_COLUMN, "no lineage for column " + f.table()
                            + "." + column + " of the snapshot");
                }
            }
            String hash = ReachNames.sha256(String.join("\u0000", "FREEZE", f.productId(), f.workspaceId(),
                    String.valueOf(f.grantId()), f.organizationId(), f.user(), f.table(), String.join(",", columns),
                    f.snapshotJobId()));
            // A revision resubmitted after a return is frozen again: its own FREEZE process (product:<id>~r<n>#1)
            // into the same product dataset, whose columns become the new revision's; the listing copies those.
            String job = f.revision() == 1 ? PRODUCT_JOB + f.productId() : PRODUCT_JOB + f.productId() + "~r" + f.revision();
            Optional<Long> process = insertProcess(c, job, 1, StatementKind.FREEZE,
                    f.workspaceId(), f.grantId(), f.organizationId(), f.user(), f.frozenAt(), f.frozenAt(),
                    LineageProcess.State.COMPLETED, hash);
            if (process.isEmpty()) {
                return false;
            }
            DatasetRow product = ensureDataset(c, ReachNames.product(f.productId()), DatasetKind.PRODUCT,
                    f.workspaceId());
            copy(c, process.get(), table, tableColumns, product, columns);
            return true;
        });
    }

    boolean recordListing(ProductListing l) {
        return connections.write(c -> {
            String productName = ReachNames.product(l.productId());
            DatasetRow product = findDataset(c, productName).orElseThrow(() -> unknownDataset(productName));
            Optional<LineageProcess> freeze = processOf(c, PRODUCT_JOB + l.productId(), 1);
            if (freeze.isEmpty()) {
                throw unknownDataset(productName);
            }
            LineageProcess f = freeze.get();
            String hash = ReachNames.sha256(String.join("\u0000", "LIST", l.productId(), l.user()));
            Optional<Long> process = insertProcess(c, PRODUCT_JOB + l.productId(), 2, StatementKind.LIST,
                    f.workspaceId(), f.grantId(), f.organizationId(), l.user(), l.listedAt(), l.listedAt(),
                    LineageProcess.State.COMPLETED, hash);
            if (process.isEmpty()) {
                return false;
            }
            Map<String, ColumnRow> productColumns = loadColumns(c, product.id());
            TreeSet<String> columns = new TreeSet<>();
            productColumns.values().stream().filter(ColumnRow::present).forEach(col -> columns.add(col.name()));
            DatasetRow listing = ensureDataset(c, ReachNames.listing(l.productId()), DatasetKind.LISTING,
                    f.workspaceId());
            copy(c, process.get(), product, productColumns, listing, columns);
            return true;
        });
    }

    boolean endListing(String productId, Instant at, EndReason reason) {
        return connections.write(c -> update(c, "UPDATE lineage_datasets SET ended_at = ?, end_reason = ?"
                + " WHERE name = ? AND kind = 'LISTING' AND ended_at IS NULL", timestamp(at), reason.name(),
                ReachNames.listing(productId)) > 0);
    }

    boolean recordDeliveryStart(DeliveryStart d) {
        return connections.write(c -> {
            String listingName = ReachNames.listing(d.productId());
            DatasetRow listing = findDataset(c, listingName).orElseThrow(() -> unknownDataset(listingName));
            if (listing.kind() != DatasetKind.LISTING || endedAt(c, listing.id()).isPresent()) {
                throw new LineageException(LineageErrorCode.UNKNOWN_DATASET, "product " + d.productId()
                        + " has no current listing in the lineage graph");
            }
            LineageProcess list = processOf(c, PRODUCT_JOB + d.productId(), 2).orElseThrow(
                    () -> unknownDataset(listingName));
            String hash = ReachNames.sha256(String.join("\u0000", "DELIVERY", d.deliveryId(), d.productId(),
                    d.consumerUser(), d.consumerOrganization().orElse(""), d.channel(), d.scenario()));
            Optional<Long> process = insertProcess(c, DELIVERY_JOB + d.deliveryId(), 1, StatementKind.DELIVERY,
                    list.workspaceId(), list.grantId(), list.organizationId(), d.consumerUser(), d.startedAt(), null,
                    LineageProcess.State.RUNNING, hash);
            if (process.isEmpty()) {
                return false;
            }
            DatasetRow consumer = ensureDataset(c, ReachNames.consumer(d.consumerUser()), DatasetKind.CONSUMER, null);
            long id = process.get();
            processDataset(c, id, listing.id(), "INPUT", null);
            processDataset(c, id, consumer.id(), "OUTPUT", WriteMode.APPEND);
            update(c, "INSERT INTO lineage_dataset_edges (process_id, source_id, target_id, kind) VALUES (?, ?, ?,"
                    + " 'IDENTITY')", id, listing.id(), consumer.id());
            update(c, "INSERT INTO lineage_deliveries (process_id, delivery_id, product_id, consumer_organization,"
                    + " channel, scenario, outcome) VALUES (?, ?, ?, ?, ?, ?, 'OPEN')", id, d.deliveryId(),
                    d.productId(), d.consumerOrganization().orElse(null), d.channel(),
                    d.scenario().length() > 500 ? d.scenario().substring(0, 500) : d.scenario());
            return true;
        });
    }

    boolean recordDeliveryEnd(String deliveryId, Instant endedAt, long rows, long bytes, boolean completed) {
        return connections.write(c -> {
            LineageProcess.State state = completed ? LineageProcess.State.COMPLETED : LineageProcess.State.FAILED;
            Optional<StoreRows.ProcessRow> row = StoreRows.lockProcess(c, DELIVERY_JOB + deliveryId, 1);
            if (row.isEmpty()) {
                throw new LineageException(LineageErrorCode.UNKNOWN_PROCESS, "no lineage for delivery " + deliveryId);
            }
            LineageProcess p = row.get().process();
            if (p.state() != LineageProcess.State.RUNNING) {
                if (p.state() == state) {
                    return false;
                }
                throw new LineageException(LineageErrorCode.INVALID_STATE_TRANSITION, "delivery " + deliveryId
                        + " already ended " + p.state());
            }
            update(c, "UPDATE lineage_processes SET state = ?, ended_at = ? WHERE id = ?", state.name(),
                    timestamp(endedAt), row.get().id());
            update(c, "UPDATE lineage_deliveries SET rows_sent = ?, bytes_sent = ?, outcome = ? WHERE process_id = ?",
                    Math.max(0, rows), Math.max(0, bytes),
                    (completed ? DeliveryOutcome.COMPLETED : DeliveryOutcome.STOPPED).name(), row.get().id());
            return true;
        });
    }

    int endWorkspace(String workspaceId, Instant at) {
        return connections.write(c -> update(c, "UPDATE lineage_datasets SET ended_at = ?, end_reason = ?"
                + " WHERE workspace_id = ? AND kind IN ('TABLE', 'VIEW') AND ended_at IS NULL", timestamp(at),
                EndReason.TORN_DOWN.name(), workspaceId));
    }

    Optional<DeliveryFacts> delivery(String deliveryId) {
        return connections.read(c -> {
            List<DeliveryFacts> found = deliveries(c, "d.delivery_id = ?", deliveryId);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        });
    }

    /** Delivery facts of the processes {@code ids} (for graph answers). */
    static List<DeliveryFacts> deliveriesOf(Connection c, Array ids) throws SQLException {
        return deliveries(c, "d.process_id = ANY(?)", ids);
    }

    private static List<DeliveryFacts> deliveries(Connection c, String where, Object param) throws SQLException {
        List<DeliveryFacts> result = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT p.job_id, p.step, d.delivery_id, d.product_id,"
                + " ds.name, p.user_id, d.consumer_organization, d.channel, d.scenario, d.rows_sent, d.bytes_sent,"
                + " d.outcome, p.started_at, p.ended_at, cs.name FROM lineage_deliveries d"
                + " JOIN lineage_processes p ON p.id = d.process_id"
                + " JOIN lineage_process_datasets i ON i.process_id = p.id AND i.role = 'INPUT'"
                + " JOIN lineage_datasets ds ON ds.id = i.dataset_id"
                + " JOIN lineage_process_datasets o ON o.process_id = p.id AND o.role = 'OUTPUT'"
                + " JOIN lineage_datasets cs ON cs.id = o.dataset_id WHERE " + where + " ORDER BY p.started_at, d.delivery_id")) {
            ps.setObject(1, param);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    OffsetDateTime ended = rs.getObject(14, OffsetDateTime.class);
                    result.add(new DeliveryFacts(rs.getString(1) + "#" + rs.getInt(2), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getString(15), rs.getString(6),
                            Optional.ofNullable(rs.getString(7)), rs.getString(8), rs.getString(9), rs.getLong(10),
                            rs.getLong(11), DeliveryOutcome.valueOf(rs.getString(12)),
                            rs.getObject(13, OffsetDateTime.class).toInstant(),
                            Optional.ofNullable(ended).map(OffsetDateTime::toInstant)));
                }
            }
        }
        return result;
    }

    /** Copies {@code columns} of {@code from} into {@code to} by IDENTITY, carrying each column's sensitivity. */
    private static void copy(Connection c, long process, DatasetRow from, Map<String, ColumnRow> fromColumns,
            DatasetRow to, TreeSet<String> columns) throws SQLException {
        lockDataset(c, to.id());
        Map<String, ColumnRow> existing = loadColumns(c, to.id());
        update(c, "UPDATE lineage_columns SET present = FALSE WHERE dataset_id = ?", to.id());
        for (String name : columns) {
            Optional<Sensitivity> s = fromColumns.get(name).sensitivity();
            String origin = s.isPresent() ? SensitivityOrigin.INHERITED.name() : SensitivityOrigin.NONE.name();
            String sql = existing.containsKey(name)
                    ? "UPDATE lineage_columns SET present = TRUE, classification = ?, grade = ?, origin = ?"
                            + " WHERE dataset_id = ? AND name = ?"
                    : "INSERT INTO lineage_columns (classification, grade, origin, dataset_id, name, present)"
                            + " VALUES (?, ?, ?, ?, ?, TRUE)";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                setSensitivity(ps, 1, s);
                ps.setString(3, origin);
                ps.setLong(4, to.id());
                ps.setString(5, name);
                ps.executeUpdate();
            }
        }
        Map<String, ColumnRow> toColumns = loadColumns(c, to.id());
        processDataset(c, process, from.id(), "INPUT", null);
        processDataset(c, process, to.id(), "OUTPUT", WriteMode.CREATE);
        for (String name : columns) {
            long source = fromColumns.get(name).id();
            ColumnRow target = toColumns.get(name);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO lineage_process_columns (process_id,"
                    + " column_id, classification, grade) VALUES (?, ?, ?, ?)")) {
                ps.setLong(1, process);
                ps.setLong(2, target.id());
                setSensitivity(ps, 3, target.sensitivity());
                ps.executeUpdate();
            }
            update(c, "INSERT INTO lineage_column_edges (process_id, source_id, target_id, kind)"
                    + " VALUES (?, ?, ?, 'IDENTITY')", process, source, target.id());
            if (target.sensitivity().isPresent()) {
                update(c, "DELETE FROM lineage_sensitivity_sources WHERE column_id = ?", target.id());
                update(c, "INSERT INTO lineage_sensitivity_sources (column_id, source_column_id, process_id)"
                        + " VALUES (?, ?, ?)", target.id(), source, process);
            }
        }
        update(c, "INSERT INTO lineage_dataset_edges (process_id, source_id, target_id, kind) VALUES (?, ?, ?, ?)",
                process, from.id(), to.id(), columns.isEmpty() ? null : "IDENTITY");
    }

    private static void processDataset(Connection c, long process, long dataset, String role, WriteMode mode)
            throws SQLException {
        update(c, "INSERT INTO lineage_process_datasets (process_id, dataset_id, role, write_mode) VALUES (?, ?, ?, ?)",
                process, dataset, role, mode == null ? null : mode.name());
    }

    /** Inserts the process; empty if the same one exists, {@code CONFLICTING_DUPLICATE} if another one does. */
    private static Optional<Long> insertProcess(Connection c, String jobId, int step, StatementKind statement,
            String workspaceId, String grantId, String organizationId, String user, Instant startedAt,
            Instant endedAt, LineageProcess.State state, String hash) throws SQLException {
        if (jobId.length() > 64 || user.length() > 200) {
            throw StoreRows.invalid("id too long for the lineage store: " + jobId);
        }
        boolean inserted;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO lineage_processes (job_id, step, statement,"
                + " workspace_id, grant_id, organization_id, user_id, started_at, ended_at, state, content_hash)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            ps.setString(1, jobId);
            ps.setInt(2, step);
            ps.setString(3, statement.name());
            ps.setString(4, workspaceId);
            ps.setString(5, grantId);
            ps.setString(6, organizationId);
            ps.setString(7, user);
            ps.setObject(8, timestamp(startedAt));
            ps.setObject(9, endedAt == null ? null : timestamp(endedAt));
            ps.setString(10, state.name());
            ps.setString(11, hash);
            inserted = ps.executeUpdate() > 0;
        }
        try (PreparedStatement q = c.prepareStatement(
                "SELECT id, content_hash FROM lineage_processes WHERE job_id = ? AND step = ?")) {
            q.setString(1, jobId);
            q.setInt(2, step);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                if (!inserted) {
                    if (rs.getString(2).equals(hash)) {
                        return Optional.empty();
                    }
                    throw new LineageException(LineageErrorCode.CONFLICTING_DUPLICATE, "process " + jobId + "#" + step
                            + " was stored with different content; a retry must repeat it");
                }
                return Optional.of(rs.getLong(1));
            }
        }
    }

    private static Optional<LineageProcess> processOf(Connection c, String jobId, int step) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + StoreRows.PROCESS_COLUMNS
                + " FROM lineage_processes WHERE job_id = ? AND step = ?")) {
            ps.setString(1, jobId);
            ps.setInt(2, step);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(StoreRows.processRow(rs).process()) : Optional.empty();
            }
        }
    }

    private static Optional<Instant> endedAt(Connection c, long datasetId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT ended_at FROM lineage_datasets WHERE id = ?")) {
            ps.setLong(1, datasetId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return Optional.ofNullable(rs.getObject(1, OffsetDateTime.class)).map(OffsetDateTime::toInstant);
            }
        }
    }

    /** The dataset, created with kind and workspace if missing; {@code DATASET_MISMATCH} if it exists otherwise. */
    private static DatasetRow ensureDataset(Connection c, String name, DatasetKind kind, String workspaceId)
            throws SQLException {
        update(c, "INSERT INTO lineage_datasets (name, kind, workspace_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                name, kind.name(), workspaceId);
        DatasetRow row = findDataset(c, name).orElseThrow();
        if (row.kind() != kind || !Objects.equals(row.workspaceId(), workspaceId)) {
            throw new LineageException(LineageErrorCode.DATASET_MISMATCH, name + " is a " + row.kind()
                    + " of another owner");
        }
        return row;
    }
}
