package org.shuyu.controller.adapter.persistence;

import static org.shuyu.controller.adapter.persistence.JdbcLifecycleStore.instant;
import static org.shuyu.controller.adapter.persistence.JdbcLifecycleStore.instantOrNull;
import static org.shuyu.controller.adapter.persistence.JdbcLifecycleStore.ts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.shuyu.controller.job.ControllerIncarnation;
import org.shuyu.controller.job.Job;
import org.shuyu.controller.job.JobLifecycle;
import org.shuyu.controller.job.JobState;
import org.shuyu.controller.job.JobStore;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Jobs on the controller's database. The spec's steps are stored as a JSON array of strings. */
@Repository
public class JdbcJobStore implements JobStore {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<List<String>> STEPS = new TypeReference<>() {};
    private static final String COLUMNS = "SELECT id, workspace_id, kind, name, spec, submitted_by, submitted_at, state, started_at,"
            + " finished_at, result_code, result_message, failed_step, cpu_seconds, peak_memory_bytes, wall_millis, storage_bytes FROM jobs";
    /** The states of unfinished jobs as an SQL list, from the job table (enum names only: nothing to escape). */
    private static final String UNFINISHED = JobLifecycle.unfinished().stream().map(s -> "'" + s.name() + "'")
            .collect(Collectors.joining(", ", "(", ")"));
    /** The owning controller process's heartbeat (V17) has expired: its work is a dead replica's leftover. */
    private static final String OWNER_DEAD = " AND NOT EXISTS (SELECT 1 FROM controller_leases l WHERE l.name = CONCAT('incarnation/', jobs.incarnation) AND l.expires_at > CURRENT_TIMESTAMP)";
    private static final String OWNER_ALIVE = " OR EXISTS (SELECT 1 FROM controller_leases l"
            + " WHERE l.name = CONCAT('incarnation/', jobs.incarnation) AND l.expires_at > CURRENT_TIMESTAMP)";
    private final JdbcClient jdbc;
    private final ControllerIncarnation incarnation;

    public JdbcJobStore(JdbcClient jdbc, ControllerIncarnation incarnation) {
        this.jdbc = jdbc;
        this.incarnation = incarnation;
    }

    @Override
    public void insert(Job job, String runtimeTokenHash) {
        jdbc.sql("INSERT INTO jobs (id, workspace_id, kind, name, spec, submitted_by, submitted_at, state, runtime_token_hash,"
                        + " incarnation) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(job.id(), job.workspaceId(), job.kind().name(), job.name(), JSON.writeValueAsString(job.steps()),
                        job.submittedBy(), ts(job.submittedAt()), job.state().name(), runtimeTokenHash, incarnation.id())
                .update();
    }

    @Override
    public void update(Job job) {
        Optional<Job.Metrics> m = job.metrics();
        jdbc.sql("UPDATE jobs SET state = ?, started_at = ?, finished_at = ?, result_code = ?, result_message = ?, failed_step = ?,"
                        + " cpu_seconds = ?, peak_memory_bytes = ?, wall_millis = ?, storage_bytes = ? WHERE id = ?")
                .params(job.state().name(), job.startedAt().map(JdbcLifecycleStore::ts).orElse(null),
                        job.finishedAt().map(JdbcLifecycleStore::ts).orElse(null), job.resultCode().orElse(null),
                        job.resultMessage().map(s -> s.length() > 4000 ? s.substring(0, 3997) + "..." : s).orElse(null),
                        job.failedStep().orElse(null), m.map(Job.Metrics::cpuSeconds).orElse(null),
                        m.map(Job.Metrics::peakMemoryBytes).orElse(null), m.map(Job.Metrics::wallMillis).orElse(null),
                        m.map(Job.Metrics::storageBytes).orElse(null), job.id())
                .update();
    }

    @Override
    public void clearRuntimeToken(String jobId) {
        jdbc.sql("UPDATE jobs SET runtime_token_hash = NULL WHERE id = ?").param(jobId).update();
    }

    @Override
    public Optional<Job> find(String id) {
        return jdbc.sql(COLUMNS + " WHERE id = ?").param(id).query(JdbcJobStore::mapJob).optional();
    }

    @Override
    public Optional<Job> lock(String id) {
        return jdbc.sql(COLUMNS + " WHERE id = ? FOR UPDATE").param(id).query(JdbcJobStore::mapJob).optional();
    }

    @Override
    public Optional<Job> runningByTokenHash(String tokenHash) {
        // Any live replica accepts the credential (a runtime's calls reach whichever replica the Service picks); a dead
        // replica's jobs have dead credentials from the moment its heartbeat expires.
        return jdbc.sql(COLUMNS + " WHERE runtime_token_hash = ? AND state = 'RUNNING' AND (incarnation = ?" + OWNER_ALIVE + ")")
                .params(tokenHash, incarnation.id())
                .query(JdbcJobStore::mapJob).optional();
    }

    @Override
    public void recordProcess(String jobId, long pid) {
        jdbc.sql("UPDATE jobs SET pid = ?, incarnation = ? WHERE id = ?").params(pid, incarnation.id(), jobId).update();
    }

    @Override
    public Optional<Long> pid(String jobId) {
        return jdbc.sql("SELECT pid FROM jobs WHERE id = ?").param(jobId)
                .query((rs, row) -> {
                    long pid = rs.getLong(1);
                    return rs.wasNull() ? Optional.<Long>empty() : Optional.of(pid);
                })
                .optional().flatMap(p -> p);
    }

    @Override
    public List<Job> unfinishedOfEarlierIncarnations() {
        return jdbc.sql(COLUMNS + " WHERE state IN " + UNFINISHED + " AND (incarnation IS NULL OR incarnation <> ?)" + OWNER_DEAD
                        + " ORDER BY submitted_at, id")
                .param(incarnation.id()).query(JdbcJobStore::mapJob).list();
    }

    @Override
    public List<Job> inWorkspace(String workspaceId, int limit) {
        return jdbc.sql(COLUMNS + " WHERE workspace_id = ? ORDER BY submitted_at DESC, id DESC LIMIT ?").params(workspaceId, limit)
                .query(JdbcJobStore::mapJob).list();
    }

    @Override
    public List<Job> unfinished() {
        return jdbc.sql(COLUMNS + " WHERE state IN " + UNFINISHED + " ORDER BY submitted_at, id").query(JdbcJobStore::mapJob).list();
    }

    @Override
    public Usage usage(String workspaceId) {
        return jdbc.sql("SELECT COUNT(*), COALESCE(SUM(cpu_seconds), 0), COALESCE(MAX(peak_memory_bytes), 0),"
                        + " COALESCE(SUM(wall_millis), 0) FROM jobs WHERE workspace_id = ? AND finished_at IS NOT NULL")
                .param(workspaceId)
                .query((rs, row) -> new Usage(rs.getLong(1), rs.getDouble(2), rs.getLong(3), rs.getLong(4))).single();
    }

    private static Job mapJob(ResultSet rs, int row) throws SQLException {
        double cpu = rs.getDouble("cpu_seconds");
        Optional<Job.Metrics> metrics = rs.wasNull() ? Optional.empty()
                : Optional.of(new Job.Metrics(cpu, rs.getLong("peak_memory_bytes"), rs.getLong("wall_millis"), rs.getLong("storage_bytes")));
        int step = rs.getInt("failed_step");
        Optional<Integer> failedStep = rs.wasNull() ? Optional.empty() : Optional.of(step);
        List<String> steps = JSON.readValue(rs.getString("spec"), STEPS);
        return new Job(rs.getString("id"), rs.getString("workspace_id"), Job.Kind.valueOf(rs.getString("kind")), rs.getString("name"),
                steps, rs.getString("submitted_by"), instant(rs, "submitted_at"), JobState.valueOf(rs.getString("state")),
                Optional.ofNullable(instantOrNull(rs, "started_at")), Optional.ofNullable(instantOrNull(rs, "finished_at")),
                Optional.ofNullable(rs.getString("result_code")), Optional.ofNullable(rs.getString("result_message")), failedStep,
                metrics);
    }
}
