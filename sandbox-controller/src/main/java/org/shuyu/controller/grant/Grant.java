package org.shuyu.controller.grant;

import org.shuyu.controller.catalog.PriorityDomain;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.shuyu.controller.identity.Jurisdiction;

/** A grant of authorized operation: one scenario, one agreement, at most three years. */
public record Grant(
        String id,
        String applicationId,
        String organizationId,
        LifecycleState state,
        String scenario,
        PriorityDomain priorityDomain,
        Jurisdiction.Level level,
        Jurisdiction jurisdiction,
        List<String> datasetIds,
        LocalDate termStart,
        LocalDate termEnd,
        Agreement agreement,
        Optional<EmergencyPlan> emergencyPlan,
        Optional<Suspension> suspension,
        Optional<Rectification> rectification,
        Instant createdAt,
        String createdBy,
        Optional<Instant> activatedAt,
        Optional<Instant> endedAt,
        Optional<String> endReason) {

    public static final int MAX_YEARS = 3;

    public Grant {
        requireNonNull(id, "id is null");
        requireNonNull(applicationId, "applicationId is null");
        requireNonNull(organizationId, "organizationId is null");
        requireNonNull(state, "state is null");
        if (state.phase() != LifecycleState.Phase.GRANT) {
            throw new IllegalArgumentException("a grant cannot be in state " + state);
        }
        requireNonNull(scenario, "scenario is null");
        requireNonNull(priorityDomain, "priorityDomain is null");
        requireNonNull(level, "level is null");
        requireNonNull(jurisdiction, "jurisdiction is null");
        datasetIds = List.copyOf(datasetIds);
        requireNonNull(termStart, "termStart is null");
        requireNonNull(termEnd, "termEnd is null");
        requireNonNull(agreement, "agreement is null");
        requireNonNull(emergencyPlan, "emergencyPlan is null");
        requireNonNull(suspension, "suspension is null");
        requireNonNull(rectification, "rectification is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(createdBy, "createdBy is null");
        requireNonNull(activatedAt, "activatedAt is null");
        requireNonNull(endedAt, "endedAt is null");
        requireNonNull(endReason, "endReason is null");
    }

    /** This grant in {@code state}, with the facts a move sets (activation, suspension, rectification, end). */
    public Grant moved(LifecycleState state, Optional<Instant> activatedAt, Optional<Suspension> suspension,
                       Optional<Rectification> rectification, Optional<Instant> endedAt, Optional<String> endReason) {
        return new Grant(id, applicationId, organizationId, state, scenario, priorityDomain, level, jurisdiction, datasetIds,
                termStart, termEnd, agreement, emergencyPlan, suspension, rectification, createdAt, createdBy, activatedAt,
                endedAt, endReason);
    }

    /** The normalized scenario: one scenario, one live grant per operator. */
    public static String scenarioKey(String scenario) {
        return scenario.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    public record Agreement(String documentName, String sha256, LocalDate signedOn) {
        public Agreement {
            requireNonNull(documentName, "documentName is null");
            requireNonNull(sha256, "sha256 is null");
            requireNonNull(signedOn, "signedOn is null");
        }
    }

    public record EmergencyPlan(String documentName, String sha256, String summary, String contacts, Instant recordedAt, String recordedBy) {
        public EmergencyPlan {
            requireNonNull(documentName, "documentName is null");
            requireNonNull(sha256, "sha256 is null");
            requireNonNull(summary, "summary is null");
            requireNonNull(contacts, "contacts is null");
            requireNonNull(recordedAt, "recordedAt is null");
            requireNonNull(recordedBy, "recordedBy is null");
        }
    }

    public record Suspension(String reason, Instant suspendedAt, Instant rectificationDeadline) {
        public Suspension {
            requireNonNull(reason, "reason is null");
            requireNonNull(suspendedAt, "suspendedAt is null");
            requireNonNull(rectificationDeadline, "rectificationDeadline is null");
        }
    }

    public record Rectification(String report, Instant reportedAt) {
        public Rectification {
            requireNonNull(report, "report is null");
            requireNonNull(reportedAt, "reportedAt is null");
        }
    }

    public record Drill(String id, String grantId, LocalDate heldOn, String scenario, String outcome, Instant recordedAt, String recordedBy) {
        public Drill {
            requireNonNull(id, "id is null");
            requireNonNull(grantId, "grantId is null");
            requireNonNull(heldOn, "heldOn is null");
            requireNonNull(scenario, "scenario is null");
            requireNonNull(outcome, "outcome is null");
            requireNonNull(recordedAt, "recordedAt is null");
            requireNonNull(recordedBy, "recordedBy is null");
        }
    }

    public enum DecisionKind { TERMINATE, REVOKE }

    public enum DecisionState { PENDING_APPROVAL, APPROVED, EXECUTED }

    /** A coordination-body decision to end a grant; municipal ones need the leading group's approval. */
    public record Decision(String id, String grantId, DecisionKind kind, DecisionState state, Jurisdiction jurisdiction,
                           LocalDate meetingDate, String minutes, String reason, String decidedBy, Instant decidedAt,
                           Optional<String> approvedBy, Optional<Instant> approvedAt, Optional<Instant> executedAt) {
        public Decision {
            requireNonNull(id, "id is null");
            requireNonNull(grantId, "grantId is null");
            requireNonNull(kind, "kind is null");
            requireNonNull(state, "state is null");
            requireNonNull(jurisdiction, "jurisdiction is null");
            requireNonNull(meetingDate, "meetingDate is null");
            requireNonNull(minutes, "minutes is null");
            requireNonNull(reason, "reason is null");
            requireNonNull(decidedBy, "decidedBy is null");
            requireNonNull(decidedAt, "decidedAt is null");
            requireNonNull(approvedBy, "approvedBy is null");
            requireNonNull(approvedAt, "approvedAt is null");
            requireNonNull(executedAt, "executedAt is null");
        }
    }

    public record Member(String grantId, String userId, String name, String addedBy, Instant addedAt,
                         Optional<String> removedBy, Optional<Instant> removedAt) {
        public Member {
            requireNonNull(grantId, "grantId is null");
            requireNonNull(userId, "userId is null");
            requireNonNull(name, "name is null");
            requireNonNull(addedBy, "addedBy is null");
            requireNonNull(addedAt, "addedAt is null");
            requireNonNull(removedBy, "removedBy is null");
            requireNonNull(removedAt, "removedAt is null");
        }

        public boolean current() {
            return removedAt.isEmpty();
        }
    }

    public record Publication(String grantId, String operatorName, String scenario, PriorityDomain priorityDomain,
                              List<String> datasetIds, LocalDate termStart, LocalDate termEnd, Instant publishedAt, String status) {
        public Publication {
            requireNonNull(grantId, "grantId is null");
            requireNonNull(operatorName, "operatorName is null");
            requireNonNull(scenario, "scenario is null");
            requireNonNull(priorityDomain, "priorityDomain is null");
            datasetIds = List.copyOf(datasetIds);
            requireNonNull(termStart, "termStart is null");
            requireNonNull(termEnd, "termEnd is null");
            requireNonNull(publishedAt, "publishedAt is null");
            requireNonNull(status, "status is null");
        }
    }

    public record Filing(String grantId, String filingNumber, String payload, String sha256, Instant filedAt) {
        public Filing {
            requireNonNull(grantId, "grantId is null");
            requireNonNull(filingNumber, "filingNumber is null");
            requireNonNull(payload, "payload is null");
            requireNonNull(sha256, "sha256 is null");
            requireNonNull(filedAt, "filedAt is null");
        }
    }

    public enum DeletionState { SCHEDULED, DONE }

    /** The record of deleting an ended grant's retained data; the audit log is kept (R-17a). */
    public record Deletion(String id, String grantId, String organizationId, LifecycleEvent reason, String scope,
                           DeletionState state, Instant scheduledAt, Instant dueAt, Optional<Instant> completedAt,
                           Optional<Long> deletedFiles, Optional<Long> deletedBytes, LocalDate logsKeptUntil,
                           Optional<String> detail) {
        public Deletion {
            requireNonNull(id, "id is null");
            requireNonNull(grantId, "grantId is null");
            requireNonNull(organizationId, "organizationId is null");
            requireNonNull(reason, "reason is null");
            requireNonNull(scope, "scope is null");
            requireNonNull(state, "state is null");
            requireNonNull(scheduledAt, "scheduledAt is null");
            requireNonNull(dueAt, "dueAt is null");
            requireNonNull(completedAt, "completedAt is null");
            requireNonNull(deletedFiles, "deletedFiles is null");
            requireNonNull(deletedBytes, "deletedBytes is null");
            requireNonNull(logsKeptUntil, "logsKeptUntil is null");
            requireNonNull(detail, "detail is null");
        }
    }
}
