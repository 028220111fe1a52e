package org.shuyu.controller.inspection;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * One finding of an inspection: its severity, a description of the deficiency (never data values), the
 * deadline by which the operator rectifies it, and the rectification's course. A finding that names a grant can lead
 * to that grant's suspension: the supervisor requests it, the authority suspends through the grant's own path, and the
 * finding remembers both ({@code suspensionRequestedBy}, {@code suspendedAt}).
 */
public record Finding(String id, String inspectionId, String organizationId, Optional<String> grantId, Severity severity,
        String description, Instant deadline, FindingState state, Optional<String> rectificationReport,
        Optional<Instant> submittedAt, Optional<String> rejectionReason, Optional<String> verifiedBy,
        Optional<Instant> verifiedAt, Optional<String> suspensionRequestedBy, Optional<Instant> suspendedAt,
        String createdBy, Instant createdAt) {
    public Finding {
        requireNonNull(id, "id is null");
        requireNonNull(inspectionId, "inspectionId is null");
        requireNonNull(organizationId, "organizationId is null");
        requireNonNull(grantId, "grantId is null");
        requireNonNull(severity, "severity is null");
        requireNonNull(description, "description is null");
        requireNonNull(deadline, "deadline is null");
        requireNonNull(state, "state is null");
        requireNonNull(rectificationReport, "rectificationReport is null");
        requireNonNull(submittedAt, "submittedAt is null");
        requireNonNull(rejectionReason, "rejectionReason is null");
        requireNonNull(verifiedBy, "verifiedBy is null");
        requireNonNull(verifiedAt, "verifiedAt is null");
        requireNonNull(suspensionRequestedBy, "suspensionRequestedBy is null");
        requireNonNull(suspendedAt, "suspendedAt is null");
        requireNonNull(createdBy, "createdBy is null");
        requireNonNull(createdAt, "createdAt is null");
    }

    Finding submitted(String report, Instant at) {
        return new Finding(id, inspectionId, organizationId, grantId, severity, description, deadline,
                FindingState.RECTIFICATION_SUBMITTED, Optional.of(report), Optional.of(at), rejectionReason, verifiedBy,
                verifiedAt, suspensionRequestedBy, suspendedAt, createdBy, createdAt);
    }

    Finding verified(String by, Instant at) {
        return new Finding(id, inspectionId, organizationId, grantId, severity, description, deadline, FindingState.VERIFIED,
                rectificationReport, submittedAt, rejectionReason, Optional.of(by), Optional.of(at), suspensionRequestedBy,
                suspendedAt, createdBy, createdAt);
    }

    Finding rejected(String reason, Instant newDeadline) {
        return new Finding(id, inspectionId, organizationId, grantId, severity, description, newDeadline, FindingState.OPEN,
                rectificationReport, submittedAt, Optional.of(reason), verifiedBy, verifiedAt, suspensionRequestedBy,
                suspendedAt, createdBy, createdAt);
    }

    Finding inState(FindingState to) {
        return new Finding(id, inspectionId, organizationId, grantId, severity, description, deadline, to,
                rectificationReport, submittedAt, rejectionReason, verifiedBy, verifiedAt, suspensionRequestedBy,
                suspendedAt, createdBy, createdAt);
    }

    Finding suspensionRequested(String by) {
        return new Finding(id, inspectionId, organizationId, grantId, severity, description, deadline, state,
                rectificationReport, submittedAt, rejectionReason, verifiedBy, verifiedAt, Optional.of(by), suspendedAt,
                createdBy, createdAt);
    }

    Finding suspended(Instant at) {
        return new Finding(id, inspectionId, organizationId, grantId, severity, description, deadline, state,
                rectificationReport, submittedAt, rejectionReason, verifiedBy, verifiedAt, suspensionRequestedBy,
                Optional.of(at), createdBy, createdAt);
    }
}
