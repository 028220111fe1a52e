package org.shuyu.controller.inspection;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.shuyu.controller.identity.Jurisdiction;

/**
 * A supervisory inspection of one operator (R-26, article 26): what it covers, when, by whom, and where it stands.
 * {@code jurisdiction} is the operator's, so a county supervisor sees and runs only its county's inspections.
 */
public record Inspection(String id, String organizationId, Jurisdiction jurisdiction, InspectionState state,
        LocalDate inspectionDate, Scope scope, List<String> inspectors, String createdBy, Instant createdAt,
        Optional<Instant> closedAt) {
    public Inspection {
        requireNonNull(id, "id is null");
        requireNonNull(organizationId, "organizationId is null");
        requireNonNull(jurisdiction, "jurisdiction is null");
        requireNonNull(state, "state is null");
        requireNonNull(inspectionDate, "inspectionDate is null");
        requireNonNull(scope, "scope is null");
        inspectors = List.copyOf(inspectors);
        requireNonNull(createdBy, "createdBy is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(closedAt, "closedAt is null");
    }

    /**
     * What the inspection covers, in the article's words: the operator's information systems, its data use and its
     * security capability, and the grants (with their workspaces) it looks at; no grant named means all of them.
     */
    public record Scope(boolean systems, boolean dataUse, boolean securityCapability, List<String> grantIds) {
        public Scope {
            grantIds = List.copyOf(grantIds);
        }

        public boolean covers(String grantId) {
            return grantIds.isEmpty() || grantIds.contains(grantId);
        }
    }

    public Inspection moved(InspectionState to, Optional<Instant> closed) {
        return new Inspection(id, organizationId, jurisdiction, to, inspectionDate, scope, inspectors, createdBy, createdAt,
                closed);
    }
}
