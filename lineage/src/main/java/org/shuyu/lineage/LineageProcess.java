package org.shuyu.lineage;

import java.time.Instant;
import java.util.Objects;

/**
 * One statement of a job run, the process node of the lineage graph: which job, step and statement, in which
 * workspace, under which grant (empty for a data lab), for which organization, run by whom, when, and how it ended.
 * The controller builds it from the job record; the runtime never reports who it is.
 */
public record LineageProcess(String jobId, int step, StatementKind statement, String workspaceId, String grantId,
        String organizationId, String user, Instant startedAt, Instant endedAt, State state) {
    public enum State {
        /** START stored, statement running. */
        RUNNING,
        /** COMPLETE stored: the statement's effects are what the lineage says. */
        COMPLETED,
        /** FAIL stored, or the job ended without COMPLETE: its outputs are quarantined. */
        FAILED
    }

    public LineageProcess {
        Objects.requireNonNull(jobId, "jobId is null");
        Objects.requireNonNull(statement, "statement is null");
        Objects.requireNonNull(workspaceId, "workspaceId is null");
        Objects.requireNonNull(organizationId, "organizationId is null");
        Objects.requireNonNull(user, "user is null");
        Objects.requireNonNull(startedAt, "startedAt is null");
        Objects.requireNonNull(state, "state is null");
        if (step < 1) {
            throw new IllegalArgumentException("step must be at least 1");
        }
    }

    /** The process's stable id: {@code <jobId>#<step>}. */
    public String id() {
        return jobId + "#" + step;
    }

    public LineageProcess ended(Instant at, State newState) {
        return new LineageProcess(jobId, step, statement, workspaceId, grantId, organizationId, user, startedAt, at,
                newState);
    }
}
