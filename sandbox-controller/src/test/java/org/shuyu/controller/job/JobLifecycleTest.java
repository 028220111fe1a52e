package org.shuyu.controller.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.audit.AuditEvent;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.Role;
import org.shuyu.controller.workspace.Workspace;
import org.shuyu.runtime.contract.RuntimeMetrics;
import org.shuyu.runtime.contract.RuntimeStatus;

/** The job table decides what the services used to decide by hand, and the audit actions keep their names. */
class JobLifecycleTest {
    private static final Workspace WORKSPACE = new Workspace("g-1", Workspace.Kind.GRANT, "org-1", Workspace.databaseFor("g-1"),
            Workspace.State.READY, Instant.EPOCH, Optional.empty(), Optional.empty(), Optional.empty(), 0);

    @Test
    void onlyQueuedAndRunningJobsAreUnfinished() {
        assertThat(JobLifecycle.unfinished()).containsExactlyInAnyOrder(JobState.QUEUED, JobState.RUNNING);
        for (JobState state : JobState.values()) {
            assertThat(state.finished()).as("%s", state).isEqualTo(state != JobState.QUEUED && state != JobState.RUNNING);
            assertThat(JobLifecycle.ended(state)).isEqualTo(state.finished());
        }
    }

    @Test
    void onlyAQueuedJobStartsAndOnlyAnUnfinishedOneIsCancelled() {
        for (JobState state : JobState.values()) {
            assertThat(JobLifecycle.TABLE.allows(state, JobEvent.START)).as("%s", state).isEqualTo(state == JobState.QUEUED);
            assertThat(JobLifecycle.TABLE.allows(state, JobEvent.CANCEL)).as("%s", state).isEqualTo(!state.finished());
        }
    }

    @Test
    void everyReportedEndLeadsToTheReportedState() {
        for (JobState reported : List.of(JobState.FAILED, JobState.REFUSED, JobState.CANCELLED)) {
            for (JobState from : JobLifecycle.unfinished()) {
                assertThat(JobLifecycle.TABLE.next(from, JobLifecycle.ending(reported))).isEqualTo(reported);
            }
        }
        assertThat(JobLifecycle.TABLE.next(JobState.RUNNING, JobLifecycle.ending(JobState.SUCCEEDED))).isEqualTo(JobState.SUCCEEDED);
        assertThat(JobLifecycle.TABLE.next(JobState.QUEUED, JobEvent.ABANDON)).isEqualTo(JobState.FAILED);
        assertThat(JobLifecycle.TABLE.next(JobState.RUNNING, JobEvent.ABANDON)).isEqualTo(JobState.FAILED);
        assertThatThrownBy(() -> JobLifecycle.ending(JobState.RUNNING)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aJobThatNeverStartedCannotSucceed() {
        assertThatThrownBy(() -> JobLifecycle.TABLE.next(JobState.QUEUED, JobEvent.SUCCEED))
                .isInstanceOfSatisfying(SandboxException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ILLEGAL_TRANSITION));
    }

    @Test
    void theEndOfARunIsAuditedUnderItsKindsPrefix() {
        assertThat(ended(Job.Kind.JOB, JobState.SUCCEEDED).action()).isEqualTo("job.succeeded");
        assertThat(ended(Job.Kind.PREVIEW, JobState.FAILED).action()).isEqualTo("workspace.preview.failed");
        assertThat(ended(Job.Kind.SNAPSHOT, JobState.CANCELLED).action()).isEqualTo("workspace.snapshot.cancelled");
        assertThat(ended(Job.Kind.STATEMENT, JobState.SUCCEEDED).action()).isEqualTo("session.statement.succeeded");
        AuditEvent refused = ended(Job.Kind.JOB, JobState.REFUSED);
        assertThat(refused.action()).isEqualTo("job.refused");
        assertThat(refused.outcome()).isEqualTo(AuditEvent.Outcome.REFUSED);
        assertThat(refused.code()).contains("CODE");
        AuditEvent failed = ended(Job.Kind.JOB, JobState.FAILED);
        assertThat(failed.outcome()).isEqualTo(AuditEvent.Outcome.DONE);
        assertThat(failed.code()).isEmpty();
        assertThat(failed.detail()).isEqualTo("workspace g-1; FAILED CODE");
    }

    @Test
    void theRequestOfARunIsAuditedWithTheMembersRoles() {
        Actor actor = new Actor("u-1", "U", Set.of(Role.APPLICANT), Optional.empty());
        assertThat(JobAuditEvents.requested(actor, job(Job.Kind.JOB), WORKSPACE, "d").action()).isEqualTo("job.submit");
        assertThat(JobAuditEvents.requested(actor, job(Job.Kind.PREVIEW), WORKSPACE, "d").action())
                .isEqualTo("workspace.preview-request");
        AuditEvent snapshot = JobAuditEvents.requested(actor, job(Job.Kind.SNAPSHOT), WORKSPACE, "d");
        assertThat(snapshot.action()).isEqualTo("workspace.snapshot-request");
        assertThat(snapshot.actorRoles()).containsExactly("APPLICANT");
        assertThat(snapshot.actor()).isEqualTo("u-1");
        assertThat(JobAuditEvents.requested(actor, job(Job.Kind.STATEMENT), WORKSPACE, "d").action())
                .isEqualTo("session.statement-submit");
    }

    @Test
    void aStatementIsOneStepRunByAnEngineNotLaunched() {
        assertThat(Job.Kind.STATEMENT.readsOneTable()).isFalse();
        assertThat(job(Job.Kind.STATEMENT).launched()).isFalse();
        assertThat(job(Job.Kind.JOB).launched()).isTrue();
    }

    @Test
    @Tag("R-09b")
    void anEnginesStatusMapsToTheJobsOutcomeWithItsMetering() {
        RuntimeMetrics metrics = new RuntimeMetrics(1.5, 2048, 30, List.of());
        JobLauncher.Outcome ok = StatementRuns.outcome(RuntimeStatus.succeeded("done"), Optional.of(metrics));
        assertThat(ok.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(ok.usage()).contains(new JobLauncher.Usage(1.5, 2048, 30));
        JobLauncher.Outcome cancelled = StatementRuns.outcome(new RuntimeStatus(RuntimeStatus.State.FAILED, "CANCELLED", "c",
                Optional.empty()), Optional.empty());
        assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
        assertThat(StatementRuns.outcome(new RuntimeStatus(RuntimeStatus.State.REFUSED, "ACCESS_DENIED", "no", Optional.of(1)),
                Optional.empty()).state()).isEqualTo(JobState.REFUSED);
        assertThat(StatementRuns.outcome(new RuntimeStatus(RuntimeStatus.State.FAILED, "CAST_INVALID_INPUT", "x", Optional.of(1)),
                Optional.empty()).code()).contains("CAST_INVALID_INPUT");
    }

    private static AuditEvent ended(Job.Kind kind, JobState state) {
        return JobAuditEvents.ended(job(kind), WORKSPACE, JobLifecycle.TABLE.require(JobState.RUNNING, JobLifecycle.ending(state)),
                Optional.of("CODE"), JobRecorder.summary(state, Optional.of("CODE"), Optional.empty()));
    }

    private static Job job(Job.Kind kind) {
        return new Job("job-1", "g-1", kind, "n", List.of("select 1"), "u-1", Instant.EPOCH, JobState.RUNNING, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }
}
