package org.shuyu.controller.adapter.openlineage;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import org.shuyu.controller.adapter.openlineage.OpenLineageEvents.EventType;
import org.shuyu.controller.adapter.openlineage.OpenLineageEvents.RunEnd;
import org.shuyu.controller.adapter.openlineage.OpenLineageEvents.RunSubject;
import org.shuyu.controller.job.Job;
import org.shuyu.controller.job.JobLauncher;
import org.shuyu.controller.job.JobState;
import org.shuyu.controller.lineage.LineageExport;
import org.shuyu.controller.workspace.Workspace;
import org.shuyu.lineage.store.LineageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenLineage adapter of the {@link LineageExport} port: maps the job's stored, settled lineage and enqueues the
 * event in the caller's transaction, nothing more; {@link OpenLineageDeliverer} sends later. Outcomes map as
 * SUCCEEDED → COMPLETE, CANCELLED → ABORT, FAILED and REFUSED → FAIL (docs/openlineage.md).
 */
public class OpenLineageExport implements LineageExport {
    private static final Logger log = LoggerFactory.getLogger(OpenLineageExport.class);
    private final OpenLineageEvents events;
    private final OpenLineageOutbox outbox;
    private final LineageStore store;

    public OpenLineageExport(OpenLineageEvents events, OpenLineageOutbox outbox, LineageStore store) {
        this.events = requireNonNull(events, "events is null");
        this.outbox = requireNonNull(outbox, "outbox is null");
        this.store = requireNonNull(store, "store is null");
    }

    @Override
    public void started(Job job, Workspace workspace, Instant at) {
        outbox.enqueue(job.id(), EventType.START.name(), events.start(subject(job, workspace), at), at);
    }

    /**
     * A mapping that fails (a bug of this adapter, never the job's) must not fail the job's settlement: the job ends as
     * it would without the export, and a FAILED row with the error's class stays in the outbox for the status endpoint.
     * A failure of the outbox insert itself is the database's and rolls back with the settlement, as every write does.
     */
    @Override
    public void ended(Job job, Workspace workspace, JobLauncher.Outcome outcome, Instant at) {
        EventType type = type(outcome.state());
        String event;
        try {
            event = events.end(type, subject(job, workspace), at, new RunEnd(outcome.state().name(), outcome.code(), outcome.step()),
                    store.processesOf(job.id()), store.columnsOf(job.id()), store::dataset);
        } catch (RuntimeException e) {
            log.error("OpenLineage export: the {} event of job {} could not be built ({}); recorded as FAILED", type, job.id(),
                    e.getClass().getName());
            outbox.enqueueFailed(job.id(), type.name(), at, "mapping failed: " + e.getClass().getName());
            return;
        }
        outbox.enqueue(job.id(), type.name(), event, at);
    }

    static EventType type(JobState state) {
        return switch (state) {
            case SUCCEEDED -> EventType.COMPLETE;
            case CANCELLED -> EventType.ABORT;
            case FAILED, REFUSED -> EventType.FAIL;
            case QUEUED, RUNNING -> throw new IllegalArgumentException("a job that has not ended has no end event: " + state);
        };
    }

    private static RunSubject subject(Job job, Workspace workspace) {
        return new RunSubject(job.id(), job.kind().name(), job.name(), workspace.id(), workspace.databaseName(),
                workspace.kind() == Workspace.Kind.GRANT ? Optional.of(workspace.id()) : Optional.empty(),
                workspace.organizationId(), job.submittedBy());
    }
}
