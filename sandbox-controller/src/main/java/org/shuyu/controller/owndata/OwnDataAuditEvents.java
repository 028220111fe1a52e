package org.shuyu.controller.owndata;

import java.util.Optional;
import java.util.stream.Collectors;
import org.shuyu.controller.audit.AuditEvent;
import org.shuyu.controller.identity.Actor;

/** Every audit event of the own-data airlock: names, counts, codes and SHA-256, never a value of the file. */
final class OwnDataAuditEvents {
    private OwnDataAuditEvents() {}

    static AuditEvent created(Actor actor, OwnDataImport i) {
        return AuditEvent.done(actor, "owndata.create", "own-data-import", i.id(), Optional.of(i.organizationId()),
                "declared own-data import of table " + i.tableName() + " into the workspace of grant " + i.grantId() + ": "
                        + i.columns().size() + " columns, grade " + i.grade() + ", identifying columns "
                        + i.columns().stream().filter(OwnColumn::identifying).map(OwnColumn::name).toList());
    }

    static AuditEvent transition(Actor actor, String action, OwnDataImport before, OwnDataImport after) {
        StringBuilder detail = new StringBuilder("own-data import of table " + after.tableName() + " of grant " + after.grantId()
                + ": " + before.state() + " -> " + after.state());
        after.file().ifPresent(f -> detail.append("; file of ").append(f.rows()).append(" rows, ").append(f.bytes())
                .append(" bytes, sha256 ").append(f.sha256()));
        if (!after.checks().isEmpty() && !after.checks().equals(before.checks())) {
            detail.append("; checks ").append(after.checks().stream()
                    .map(c -> c.check() + "=" + (c.passed() ? "passed" : c.code().orElseThrow().name()))
                    .collect(Collectors.joining(", ")));
        }
        if (after.state() == OwnDataState.MATERIALIZED) {
            detail.append("; materialized as ").append(after.datasetId()).append(" at grade ").append(after.grade());
        }
        return AuditEvent.done(actor, action, "own-data-import", after.id(), Optional.of(after.organizationId()), detail.toString());
    }
}
