package org.shuyu.controller.product;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.job.TableRuns;
import org.springframework.stereotype.Component;

/** Snapshots are snapshot jobs: the enforced runtime reads the table as the submitter and writes the Arrow file. */
@Component
class JobSnapshotTaker implements SnapshotTaker {
    private final TableRuns jobs;

    JobSnapshotTaker(TableRuns jobs) {
        this.jobs = requireNonNull(jobs, "jobs is null");
    }

    @Override
    public Taken take(Actor actor, String workspaceId, String table, long maxRows, Path target) {
        TableRuns.Snapshot snapshot = jobs.snapshot(actor, workspaceId, table, maxRows, target);
        return new Taken(snapshot.jobId(), snapshot.rows(), snapshot.bytes());
    }
}
