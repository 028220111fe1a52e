package org.shuyu.controller.job;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.shuyu.controller.audit.AuditEvent;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.workflow.Transition;
import org.shuyu.controller.workspace.Workspace;

/**
 * Every audit event of a job: its request (by the member, with their roles) and its end (recorded in the submitter's
 * name). A job's events are about subject {@code job} in its workspace's organization; a JOB's actions are
 * {@code job.*}, a PREVIEW's {@code workspace.preview*}, a SNAPSHOT's {@code workspace.snapshot*} and an interactive STATEMENT's
 * {@code session.statement*} (issue 16).
 */
final class JobAuditEvents {
    private JobAuditEvents() {}

    /** The request of a run: {@code job.submit}, {@code workspace.preview-request} or {@code workspace.snapshot-request}. */
    static AuditEvent requested(Actor actor, Job job, Workspace workspace, String detail) {
        return requested(actor.userId(), actor.roles().stream().map(Enum::name).collect(Collectors.toSet()), job, workspace, detail);
    }

    /** The request of a run by a user known by id only (a Spark Connect statement the engine registers: no token roles). */
    static AuditEvent requested(String userId, Set<String> roles, Job job, Workspace workspace, String detail) {
        String action = switch (job.kind()) {
            case JOB -> "job.submit";
            case PREVIEW -> "workspace.preview-request";
            case SNAPSHOT -> "workspace.snapshot-request";
            case STATEMENT -> "session.statement-submit";
        };
        return event(userId, roles, action, job, workspace, AuditEvent.Outcome.DONE, Optional.empty(), detail);
    }

    /**
     * The end of a run by {@code transition} (the table's audit action, under the run's prefix): REFUSED with the
     * refusal's code, otherwise DONE. {@code detail} holds codes only, never the runtime's message.
     */
    static AuditEvent ended(Job job, Workspace workspace, Transition<JobState, JobEvent, Void> transition, Optional<String> code,
            String detail) {
        String action = transition.auditAction()
                .orElseThrow(() -> new IllegalStateException(transition.event() + " does not end a job"));
        String prefix = switch (job.kind()) {
            case JOB -> "job";
            case PREVIEW -> "workspace.preview";
            case SNAPSHOT -> "workspace.snapshot";
            case STATEMENT -> "session.statement";
        };
        boolean refused = transition.to() == JobState.REFUSED;
        return event(job.submittedBy(), Set.of(), prefix + action.substring(action.indexOf('.')).toLowerCase(Locale.ROOT), job,
                workspace, refused ? AuditEvent.Outcome.REFUSED : AuditEvent.Outcome.DONE, refused ? code : Optional.empty(), detail);
    }

    private static AuditEvent event(String actor, Set<String> roles, String action, Job job, Workspace workspace,
            AuditEvent.Outcome outcome, Optional<String> code, String detail) {
        return new AuditEvent(actor, roles, action, "job", job.id(), Optional.of(workspace.organizationId()), outcome, code,
                "workspace " + workspace.id() + "; " + detail);
    }
}
