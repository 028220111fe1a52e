package org.shuyu.lineage.store;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.shuyu.lineage.ColumnRef;
import org.shuyu.lineage.EndReason;
import org.shuyu.lineage.LineageEvent;
import org.shuyu.lineage.LineageProcess;
import org.shuyu.lineage.Sensitivity;

/**
 * The lineage store on the controller's database (PostgreSQL, or H2 in PostgreSQL mode), tables of
 * {@code V7__lineage.sql}. Plain JDBC on the connection of a {@link ConnectionSource}: every call joins the caller's
 * transaction and never commits, rolls back or closes ({@link StoreConnections}).
 *
 * <p>This class only wires the parts, one per responsibility: {@link LineageWriter} (START with
 * {@link StartWriter}, end, quarantines: writes lock the dataset rows they change, {@code SELECT ... FOR UPDATE}, so
 * that concurrent statements writing one dataset combine their sensitivities correctly), {@link LineageLookups}
 * (point look-ups), {@link GraphWalk} (queries walk the graph breadth first, one indexed {@code = ANY(?)} query per
 * level, with a visited set so cycles end, and a node limit) and {@link GraphAssembler} (the graph answer). The
 * rows and SQL helpers they share are in {@link StoreRows}.
 */
public final class JdbcLineageStore implements LineageStore, LineageQueries, LineageReachStore {
    private final StoreConnections connections;
    private final LineageWriter writer;
    private final LineageLookups lookups;
    private final JobColumnReads jobColumns;
    private final ReachWriter reach;

    public JdbcLineageStore(ConnectionSource connections, Clock clock) {
        requireNonNull(connections, "connections is null");
        requireNonNull(clock, "clock is null");
        this.connections = new StoreConnections(connections);
        this.writer = new LineageWriter(this.connections, clock);
        this.lookups = new LineageLookups(this.connections);
        this.jobColumns = new JobColumnReads(this.connections);
        this.reach = new ReachWriter(this.connections);
    }

    // ---------------------------------------------------------------- writes

    @Override
    public boolean recordStart(LineageProcess process, LineageEvent start,
            Map<ColumnRef, Sensitivity> sourceSensitivities) {
        return writer.recordStart(process, start, sourceSensitivities);
    }

    @Override
    public boolean recordEnd(String jobId, int step, LineageProcess.State state, Instant endedAt) {
        return writer.recordEnd(jobId, step, state, endedAt);
    }

    @Override
    public List<String> failOpenProcesses(String jobId, Instant endedAt, String reason) {
        return writer.failOpenProcesses(jobId, endedAt, reason);
    }

    @Override
    public void quarantine(String dataset, String jobId, String reason) {
        writer.quarantine(dataset, jobId, reason);
    }

    @Override
    public boolean clearQuarantine(String dataset) {
        return writer.clearQuarantine(dataset);
    }

    // ---------------------------------------------------------------- look-ups

    @Override
    public Optional<LineageProcess> process(String jobId, int step) {
        return lookups.process(jobId, step);
    }

    @Override
    public List<ProcessRecord> processesOf(String jobId) {
        return lookups.processesOf(jobId);
    }

    @Override
    public JobColumns columnsOf(String jobId) {
        return jobColumns.columnsOf(jobId);
    }

    @Override
    public List<LineageProcess> openProcesses(String jobId) {
        return lookups.openProcesses(jobId);
    }

    @Override
    public List<Quarantine> quarantined(String workspaceId) {
        return lookups.quarantined(workspaceId);
    }

    @Override
    public boolean isQuarantined(String dataset) {
        return lookups.isQuarantined(dataset);
    }

    @Override
    public Optional<DatasetInfo> dataset(String name) {
        return lookups.dataset(name);
    }

    @Override
    public Optional<ColumnSensitivity> column(ColumnRef column) {
        return lookups.column(column);
    }

    @Override
    public List<ColumnSensitivity> columns(String dataset) {
        return lookups.columns(dataset);
    }

    // ---------------------------------------------------------------- queries

    @Override
    public LineageGraph query(LineageQuery query) {
        requireNonNull(query, "query is null");
        return connections.read(c -> new GraphWalk(c, query).run());
    }

    // ---------------------------------------------------------------- beyond the workspace

    @Override
    public boolean recordFreeze(ReachRecords.ProductFreeze freeze) {
        return reach.recordFreeze(freeze);
    }

    @Override
    public boolean recordListing(ReachRecords.ProductListing listing) {
        return reach.recordListing(listing);
    }

    @Override
    public boolean endListing(String productId, Instant at, EndReason reason) {
        return reach.endListing(productId, at, reason);
    }

    @Override
    public boolean recordDeliveryStart(ReachRecords.DeliveryStart delivery) {
        return reach.recordDeliveryStart(delivery);
    }

    @Override
    public boolean recordDeliveryEnd(String deliveryId, Instant endedAt, long rows, long bytes, boolean completed) {
        return reach.recordDeliveryEnd(deliveryId, endedAt, rows, bytes, completed);
    }

    @Override
    public int endWorkspace(String workspaceId, Instant at) {
        return reach.endWorkspace(workspaceId, at);
    }

    @Override
    public Optional<ReachRecords.DeliveryFacts> delivery(String deliveryId) {
        return reach.delivery(deliveryId);
    }
}
