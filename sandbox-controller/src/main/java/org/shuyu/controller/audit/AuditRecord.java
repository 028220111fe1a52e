package org.shuyu.controller.audit;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/** One stored, chained audit record. {@code hash} covers every other field and {@code prevHash}. */
public record AuditRecord(
        long seq,
        String id,
        Instant at,
        String actor,
        String actorRoles,
        String action,
        String subjectType,
        String subjectId,
        Optional<String> organizationId,
        Optional<String> accountablePerson,
        AuditEvent.Outcome outcome,
        Optional<String> code,
        String detail,
        String prevHash,
        String hash) {

    public AuditRecord {
        requireNonNull(id, "id is null");
        requireNonNull(at, "at is null");
        requireNonNull(actor, "actor is null");
        requireNonNull(actorRoles, "actorRoles is null");
        requireNonNull(action, "action is null");
        requireNonNull(subjectType, "subjectType is null");
        requireNonNull(subjectId, "subjectId is null");
        requireNonNull(organizationId, "organizationId is null");
        requireNonNull(accountablePerson, "accountablePerson is null");
        requireNonNull(outcome, "outcome is null");
        requireNonNull(code, "code is null");
        requireNonNull(detail, "detail is null");
        requireNonNull(prevHash, "prevHash is null");
        requireNonNull(hash, "hash is null");
    }

    /** The hash this record's fields and predecessor hash should have. */
    public String expectedHash() {
        return AuditHash.of(this);
    }
}
