package org.shuyu.controller.personnel;

import java.util.List;
import java.util.Optional;
import org.shuyu.controller.audit.AuditEvent;
import org.shuyu.controller.identity.Actor;

/** Every audit event the vetting registry records: its action names and detail texts live here. */
final class PersonnelAuditEvents {
    private PersonnelAuditEvents() {}

    /**
     * A person's vetting recorded ({@code personnel.record}, first time) or changed ({@code personnel.update}):
     * which items were recorded or withdrawn, and whether the person is now vetted.
     */
    static AuditEvent recorded(Actor actor, boolean existedBefore, PersonnelRecord record, List<String> recorded,
                               List<String> withdrawn) {
        StringBuilder detail = new StringBuilder(record.userId() + " (" + record.name() + ")");
        if (!recorded.isEmpty()) {
            detail.append("; recorded ").append(String.join(", ", recorded));
        }
        if (!withdrawn.isEmpty()) {
            detail.append("; withdrew ").append(String.join(", ", withdrawn));
        }
        detail.append(record.vetted() ? "; vetted (R-18)" : "; lacks " + VettingItem.labels(record.missing()));
        return AuditEvent.done(actor, existedBefore ? "personnel.update" : "personnel.record", "personnel", record.userId(),
                Optional.of(record.organizationId()), detail.toString());
    }
}
