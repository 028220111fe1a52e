package org.shuyu.controller.adapter.persistence;

import static org.shuyu.controller.adapter.persistence.JdbcLifecycleStore.instant;
import static org.shuyu.controller.adapter.persistence.JdbcLifecycleStore.instantOrNull;
import static org.shuyu.controller.adapter.persistence.JdbcLifecycleStore.ts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.shuyu.controller.engine.EngineRecord;
import org.shuyu.controller.engine.EngineStore;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The engine registry on the controller's database ({@code workspace_engine}, V13). */
@Repository
public class JdbcEngineStore implements EngineStore {
    private static final String COLUMNS = "SELECT id, workspace_id, incarnation, location, control_url, connect_host,"
            + " connect_port, state, started_at, ready_at, stopped_at, stop_reason, cores, memory_mb, cpu_seconds"
            + " FROM workspace_engine";
    private final JdbcClient jdbc;

    public JdbcEngineStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void insert(EngineRecord e, String tokenHash) {
        jdbc.sql("INSERT INTO workspace_engine (id, workspace_id, incarnation, state, started_at, cores, memory_mb,"
                        + " cpu_seconds, token_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(e.id(), e.workspaceId(), e.incarnation(), e.state().name(), ts(e.startedAt()), e.cores(),
                        e.memoryMb(), e.cpuSeconds(), tokenHash)
                .update();
    }

    @Override
    public void recordLocation(String engineId, String location) {
        jdbc.sql("UPDATE workspace_engine SET location = ? WHERE id = ?").params(location, engineId).update();
    }

    @Override
    public void markReady(String engineId, String controlUrl, String connectHost, int connectPort, Instant at) {
        jdbc.sql("UPDATE workspace_engine SET state = 'READY', control_url = ?, connect_host = ?, connect_port = ?,"
                        + " ready_at = ? WHERE id = ? AND state = 'STARTING'")
                .params(controlUrl, connectHost, connectPort, ts(at), engineId).update();
    }

    @Override
    public void markStopping(String engineId) {
        jdbc.sql("UPDATE workspace_engine SET state = 'STOPPING' WHERE id = ? AND state <> 'STOPPED'").param(engineId)
                .update();
    }

    @Override
    public void markStopped(String engineId, Instant at, String reason) {
        jdbc.sql("UPDATE workspace_engine SET state = 'STOPPED', stopped_at = ?, stop_reason = ? WHERE id = ?"
                        + " AND state <> 'STOPPED'")
                .params(ts(at), reason, engineId).update();
    }

    @Override
    public void recordCpu(String engineId, double cpuSeconds) {
        jdbc.sql("UPDATE workspace_engine SET cpu_seconds = ? WHERE id = ? AND cpu_seconds <= ?")
                .params(cpuSeconds, engineId, cpuSeconds).update();
    }

    @Override
    public Optional<EngineRecord> find(String engineId) {
        return jdbc.sql(COLUMNS + " WHERE id = ?").param(engineId).query(JdbcEngineStore::map).optional();
    }

    @Override
    public List<EngineRecord> unstoppedOfOtherIncarnations(String incarnation) {
        return jdbc.sql(COLUMNS + " WHERE state <> 'STOPPED' AND incarnation <> ?"
                        + " AND NOT EXISTS (SELECT 1 FROM controller_leases l WHERE l.name = CONCAT('incarnation/', workspace_engine.incarnation) AND l.expires_at > CURRENT_TIMESTAMP) ORDER BY started_at, id")
                .param(incarnation).query(JdbcEngineStore::map).list();
    }

    @Override
    public List<EngineRecord> ofWorkspace(String workspaceId, int limit) {
        return jdbc.sql(COLUMNS + " WHERE workspace_id = ? ORDER BY started_at DESC, id DESC LIMIT ?")
                .params(workspaceId, limit).query(JdbcEngineStore::map).list();
    }

    @Override
    public EngineUsage usage(String workspaceId, Instant now) {
        List<EngineRecord> all = jdbc.sql(COLUMNS + " WHERE workspace_id = ?").param(workspaceId)
                .query(JdbcEngineStore::map).list();
        double cores = 0;
        double cpu = 0;
        for (EngineRecord engine : all) {
            cores += engine.coreSeconds(now);
            cpu += engine.cpuSeconds();
        }
        return new EngineUsage(all.size(), cores, cpu);
    }

    private static EngineRecord map(ResultSet rs, int row) throws SQLException {
        int port = rs.getInt("connect_port");
        Optional<Integer> connectPort = rs.wasNull() ? Optional.empty() : Optional.of(port);
        return new EngineRecord(rs.getString("id"), rs.getString("workspace_id"), rs.getString("incarnation"),
                Optional.ofNullable(rs.getString("location")), Optional.ofNullable(rs.getString("control_url")),
                Optional.ofNullable(rs.getString("connect_host")), connectPort,
                EngineRecord.State.valueOf(rs.getString("state")), instant(rs, "started_at"),
                Optional.ofNullable(instantOrNull(rs, "ready_at")), Optional.ofNullable(instantOrNull(rs, "stopped_at")),
                Optional.ofNullable(rs.getString("stop_reason")), rs.getInt("cores"), rs.getInt("memory_mb"),
                rs.getDouble("cpu_seconds"));
    }
}
