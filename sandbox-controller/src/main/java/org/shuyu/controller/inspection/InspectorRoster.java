package org.shuyu.controller.inspection;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.shuyu.controller.audit.AuditLog;
import org.shuyu.controller.audit.AuditPage;
import org.shuyu.controller.audit.AuditQuery;
import org.shuyu.controller.identity.Permissions;
import org.springframework.stereotype.Component;

/**
 * Whether a user named as inspector is a real security supervisor. The platform keeps no user directory of its own
 * (roles live in the identity provider's token), so the evidence is the tamper-evident audit log: a user is a known
 * supervisor when it has acted on the platform with the SECURITY role (every supervisory read is audited, so any
 * supervisor who has used the platform qualifies). The recording supervisor qualifies by its own token.
 */
@Component
public class InspectorRoster {
    private static final int PAGES = 20;
    private final AuditLog audit;

    public InspectorRoster(AuditLog audit) {
        this.audit = requireNonNull(audit, "audit is null");
    }

    /** Whether {@code userId} has an audit record made with the SECURITY role. */
    public boolean knownSupervisor(String userId) {
        long after = 0;
        for (int page = 0; page < PAGES; page++) {
            AuditPage records = audit.search(new AuditQuery(Optional.of(userId), Optional.empty(), Optional.empty(),
                    Optional.empty(), after, AuditQuery.MAX_LIMIT));
            if (records.records().stream().anyMatch(r -> Permissions.actedAsSupervisor(r.actorRoles()))) {
                return true;
            }
            if (records.nextAfter().isEmpty()) {
                return false;
            }
            after = records.nextAfter().get();
        }
        return false;
    }
}
