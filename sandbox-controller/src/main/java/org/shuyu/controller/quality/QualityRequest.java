package org.shuyu.controller.quality;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import org.shuyu.controller.identity.Jurisdiction;

/**
 * A data quality request: an operator's request, under one of its grants, against a dataset that grant is
 * granted. {@code dueAt} is the deadline the provider answers and fixes by (a new one on each reopening);
 * {@code overdueAt} is when the scheduler marked the current deadline missed (empty while it is not, or after a
 * reopening). {@code answer} is the provider's latest answer; {@code reopened} counts the operator's reopenings.
 */
public record QualityRequest(
        String id,
        String datasetId,
        String providerId,
        Jurisdiction providerJurisdiction,
        String grantId,
        String organizationId,
        String filedBy,
        TargetKind targetKind,
        String target,
        String description,
        String evidence,
        Optional<String> evidenceSha256,
        QualityState state,
        Instant filedAt,
        Instant dueAt,
        Optional<Instant> overdueAt,
        Optional<Instant> acknowledgedAt,
        Optional<Answer> answer,
        int reopened,
        Optional<Instant> closedAt) {

    public QualityRequest {
        requireNonNull(id, "id is null");
        requireNonNull(datasetId, "datasetId is null");
        requireNonNull(providerId, "providerId is null");
        requireNonNull(providerJurisdiction, "providerJurisdiction is null");
        requireNonNull(grantId, "grantId is null");
        requireNonNull(organizationId, "organizationId is null");
        requireNonNull(filedBy, "filedBy is null");
        requireNonNull(targetKind, "targetKind is null");
        requireNonNull(target, "target is null");
        requireNonNull(description, "description is null");
        requireNonNull(evidence, "evidence is null");
        requireNonNull(evidenceSha256, "evidenceSha256 is null");
        requireNonNull(state, "state is null");
        requireNonNull(filedAt, "filedAt is null");
        requireNonNull(dueAt, "dueAt is null");
        requireNonNull(overdueAt, "overdueAt is null");
        requireNonNull(acknowledgedAt, "acknowledgedAt is null");
        requireNonNull(answer, "answer is null");
        requireNonNull(closedAt, "closedAt is null");
    }

    /** The provider's answer: fixed (with a note and, optionally, the SHA-256 of the new data) or rejected (a reason). */
    public record Answer(Kind kind, String note, Optional<String> dataSha256, Instant at, String by, boolean late) {
        public enum Kind { FIXED, REJECTED }

        public Answer {
            requireNonNull(kind, "kind is null");
            requireNonNull(note, "note is null");
            requireNonNull(dataSha256, "dataSha256 is null");
            requireNonNull(at, "at is null");
            requireNonNull(by, "by is null");
        }
    }

    /** Whether the deadline has passed while the request still waits for the provider. */
    public boolean overdue(Instant now) {
        return QualityLifecycle.awaitingProvider().contains(state) && now.isAfter(dueAt);
    }

    QualityRequest in(QualityState next) {
        return new QualityRequest(id, datasetId, providerId, providerJurisdiction, grantId, organizationId, filedBy, targetKind,
                target, description, evidence, evidenceSha256, next, filedAt, dueAt, overdueAt, acknowledgedAt, answer, reopened,
                closedAt);
    }

    QualityRequest acknowledged(Instant at) {
        return new QualityRequest(id, datasetId, providerId, providerJurisdiction, grantId, organizationId, filedBy, targetKind,
                target, description, evidence, evidenceSha256, state, filedAt, dueAt, overdueAt, Optional.of(at), answer, reopened,
                closedAt);
    }

    QualityRequest answered(Answer a) {
        return new QualityRequest(id, datasetId, providerId, providerJurisdiction, grantId, organizationId, filedBy, targetKind,
                target, description, evidence, evidenceSha256, state, filedAt, dueAt, overdueAt, acknowledgedAt, Optional.of(a),
                reopened, closedAt);
    }

    QualityRequest markedOverdue(Instant at) {
        return new QualityRequest(id, datasetId, providerId, providerJurisdiction, grantId, organizationId, filedBy, targetKind,
                target, description, evidence, evidenceSha256, state, filedAt, dueAt, Optional.of(at), acknowledgedAt, answer,
                reopened, closedAt);
    }

    /** Reopened with a new deadline: the overdue mark of the old one is cleared, the answer kept until the next one. */
    QualityRequest reopenedUntil(Instant newDue) {
        return new QualityRequest(id, datasetId, providerId, providerJurisdiction, grantId, organizationId, filedBy, targetKind,
                target, description, evidence, evidenceSha256, state, filedAt, newDue, Optional.empty(), acknowledgedAt, answer,
                reopened + 1, closedAt);
    }

    QualityRequest closed(Instant at) {
        return new QualityRequest(id, datasetId, providerId, providerJurisdiction, grantId, organizationId, filedBy, targetKind,
                target, description, evidence, evidenceSha256, state, filedAt, dueAt, overdueAt, acknowledgedAt, answer, reopened,
                Optional.of(at));
    }
}
