package org.shuyu.controller.grant;

import org.shuyu.controller.catalog.PriorityDomain;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.shuyu.controller.identity.Jurisdiction;

/** A formal application for authorized operation. */
public record Application(
        String id,
        String labId,
        String organizationId,
        Optional<String> announcementId,
        LifecycleState state,
        String scenario,
        PriorityDomain priorityDomain,
        Jurisdiction.Level level,
        Jurisdiction jurisdiction,
        List<String> datasetIds,
        Map<MaterialKind, Material> materials,
        List<Review> reviews,
        Optional<Deliberation> deliberation,
        Optional<Approval> approval,
        Instant createdAt,
        String createdBy,
        Optional<Instant> submittedAt,
        Optional<String> closedReason) {

    public Application {
        requireNonNull(id, "id is null");
        requireNonNull(labId, "labId is null");
        requireNonNull(organizationId, "organizationId is null");
        requireNonNull(announcementId, "announcementId is null");
        requireNonNull(state, "state is null");
        if (state.phase() != LifecycleState.Phase.APPLICATION) {
            throw new IllegalArgumentException("an application cannot be in state " + state);
        }
        requireNonNull(scenario, "scenario is null");
        requireNonNull(priorityDomain, "priorityDomain is null");
        requireNonNull(level, "level is null");
        requireNonNull(jurisdiction, "jurisdiction is null");
        datasetIds = List.copyOf(datasetIds);
        materials = materials.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(materials));
        reviews = List.copyOf(reviews);
        requireNonNull(deliberation, "deliberation is null");
        requireNonNull(approval, "approval is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(createdBy, "createdBy is null");
        requireNonNull(submittedAt, "submittedAt is null");
        requireNonNull(closedReason, "closedReason is null");
    }

    /** This application in {@code state}, with when it was submitted and why it closed. */
    public Application moved(LifecycleState state, Optional<Instant> submittedAt, Optional<String> closedReason) {
        return new Application(id, labId, organizationId, announcementId, state, scenario, priorityDomain, level, jurisdiction,
                datasetIds, materials, reviews, deliberation, approval, createdAt, createdBy, submittedAt, closedReason);
    }

    public record Material(MaterialKind kind, String documentName, String sha256, Optional<LocalDate> periodEnd,
                           Instant providedAt, String providedBy) {
        public Material {
            requireNonNull(kind, "kind is null");
            requireNonNull(documentName, "documentName is null");
            requireNonNull(sha256, "sha256 is null");
            requireNonNull(periodEnd, "periodEnd is null");
            requireNonNull(providedAt, "providedAt is null");
            requireNonNull(providedBy, "providedBy is null");
        }
    }

    public enum ReviewerKind { EXPERT, SECTOR }

    public enum Verdict { FAVOURABLE, FAVOURABLE_WITH_CONDITIONS, UNFAVOURABLE }

    public record Opinion(ReviewPoint point, Verdict verdict, String comment) {
        public Opinion {
            requireNonNull(point, "point is null");
            requireNonNull(verdict, "verdict is null");
            requireNonNull(comment, "comment is null");
        }
    }

    public record Review(String id, String reviewer, ReviewerKind kind, List<Opinion> opinions, Instant recordedAt) {
        public Review {
            requireNonNull(id, "id is null");
            requireNonNull(reviewer, "reviewer is null");
            requireNonNull(kind, "kind is null");
            opinions = List.copyOf(opinions);
            requireNonNull(recordedAt, "recordedAt is null");
        }
    }

    public enum Outcome { APPROVE, REJECT }

    public record Deliberation(String body, Jurisdiction jurisdiction, LocalDate meetingDate, String attendees,
                               String minutes, Outcome outcome, String recordedBy, Instant recordedAt) {
        public Deliberation {
            requireNonNull(body, "body is null");
            requireNonNull(jurisdiction, "jurisdiction is null");
            requireNonNull(meetingDate, "meetingDate is null");
            requireNonNull(attendees, "attendees is null");
            requireNonNull(minutes, "minutes is null");
            requireNonNull(outcome, "outcome is null");
            requireNonNull(recordedBy, "recordedBy is null");
            requireNonNull(recordedAt, "recordedAt is null");
        }
    }

    public record Approval(String approverRole, Jurisdiction jurisdiction, String decisionNumber, LocalDate approvedOn,
                           String note, String approvedBy, Instant approvedAt) {
        public Approval {
            requireNonNull(approverRole, "approverRole is null");
            requireNonNull(jurisdiction, "jurisdiction is null");
            requireNonNull(decisionNumber, "decisionNumber is null");
            requireNonNull(approvedOn, "approvedOn is null");
            requireNonNull(note, "note is null");
            requireNonNull(approvedBy, "approvedBy is null");
            requireNonNull(approvedAt, "approvedAt is null");
        }
    }
}
