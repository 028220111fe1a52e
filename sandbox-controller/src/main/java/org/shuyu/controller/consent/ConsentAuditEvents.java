package org.shuyu.controller.consent;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.shuyu.controller.audit.AuditEvent;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.Role;

/** Every audit event the consent registry records: its action names and detail texts live here. */
final class ConsentAuditEvents {
    private ConsentAuditEvents() {}

    /** A subject's consent given ({@code consent.grant}) or withdrawn ({@code consent.withdraw}). */
    static AuditEvent recorded(Actor actor, Consent consent) {
        return AuditEvent.done(actor, consent.granted() ? "consent.grant" : "consent.withdraw", "dataset", consent.datasetId(),
                Optional.empty(), "subject " + consent.subjectId() + "; evidence: " + consent.evidence());
    }

    /** Demo consents seeded without a request, on the authority's behalf: one record for the batch. */
    static AuditEvent seeded(String by, String datasetId, int subjects, String evidence) {
        return new AuditEvent(by, Set.of(Role.AUTHORITY.name()), "consent.seed", "dataset", datasetId, Optional.empty(),
                AuditEvent.Outcome.DONE, Optional.empty(), subjects + " demo consents: " + evidence);
    }

    /** A consent file applied ({@code consent.bulk}): its counts and SHA-256; each change has its own record too. */
    static AuditEvent bulk(Actor actor, ConsentService.BulkResult r) {
        return AuditEvent.done(actor, "consent.bulk", "dataset", r.datasetId(), Optional.empty(), "consent file sha256 "
                + r.sha256() + ": " + r.rows() + " rows, " + r.granted() + " granted, " + r.withdrawn() + " withdrawn, "
                + r.unchanged() + " unchanged");
    }

    /**
     * A consent file applied in partial mode ({@code consent.bulk}, issue 19): the counts of the applied rows, and the
     * refused lines counted by code. Numbers and codes only: a refused line's content never reaches the audit log.
     */
    static AuditEvent bulkPartial(Actor actor, ConsentService.BulkResult r, List<ConsentFile.RefusedRow> refused) {
        Map<String, Long> byCode = new TreeMap<>();
        refused.forEach(row -> byCode.merge(row.code().name(), 1L, Long::sum));
        return AuditEvent.done(actor, "consent.bulk", "dataset", r.datasetId(), Optional.empty(), "consent file sha256 "
                + r.sha256() + " (partial): " + r.rows() + " rows applied, " + r.granted() + " granted, " + r.withdrawn()
                + " withdrawn, " + r.unchanged() + " unchanged; " + refused.size() + " lines refused " + byCode);
    }
}
