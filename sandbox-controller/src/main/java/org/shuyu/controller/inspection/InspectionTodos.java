package org.shuyu.controller.inspection;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.grant.Grant;
import org.shuyu.controller.grant.GrantLifecycle;
import org.shuyu.controller.grant.GrantVisibility;
import org.shuyu.controller.grant.LifecycleEvent;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.Permissions;
import org.shuyu.controller.notification.Todo;
import org.shuyu.controller.notification.TodoSource;
import org.shuyu.controller.organization.Organizations;
import org.springframework.stereotype.Component;

/**
 * What inspections wait for: the operator's accountable person rectifies open and overdue findings; the
 * inspectors verify submitted rectifications and close inspections whose findings are all verified; the authority of
 * the grant's jurisdiction suspends on a supervisor's request, and may reinstate a grant whose finding was verified.
 */
@Component
public class InspectionTodos implements TodoSource {
    private final InspectionStore store;
    private final InspectionService inspections;
    private final GrantVisibility grants;
    private final Organizations organizations;
    private final Clock clock;

    public InspectionTodos(InspectionStore store, InspectionService inspections, GrantVisibility grants,
            Organizations organizations, Clock clock) {
        this.organizations = requireNonNull(organizations, "organizations is null");
        this.store = requireNonNull(store, "store is null");
        this.inspections = requireNonNull(inspections, "inspections is null");
        this.grants = requireNonNull(grants, "grants is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public List<Todo> pending(Actor actor) {
        Instant now = clock.instant();
        List<Todo> out = new ArrayList<>();
        for (Inspection inspection : inspections.list(actor)) {
            String path = "/api/v1/inspections/" + inspection.id();
            boolean inspector = inspection.inspectors().contains(actor.userId())
                    && Permissions.inspects(actor, inspection.jurisdiction());
            List<Finding> findings = store.findings(inspection.id());
            boolean accountable = organizations.find(inspection.organizationId())
                    .map(o -> o.isAccountable(actor.userId())).orElse(false);
            for (Finding f : findings) {
                if (accountable && EnumSet.of(FindingState.OPEN, FindingState.OVERDUE).contains(f.state())) {
                    out.add(Todo.due("inspection.finding", "rectify", "finding", f.id(), "rectify " + f.severity()
                            + " finding " + f.id() + " of inspection " + inspection.id(), path, f.deadline(), now));
                }
                if (inspector && f.state() == FindingState.RECTIFICATION_SUBMITTED) {
                    out.add(Todo.of("inspection.rectification-submitted", "verify", "finding", f.id(),
                            "verify the rectification of finding " + f.id(), path));
                }
                Optional<Grant> grant = f.grantId().flatMap(id -> grant(actor, id));
                if (grant.isPresent() && Permissions.suspendsFromFinding(actor, grant.get().jurisdiction())) {
                    if (f.suspensionRequestedBy().isPresent() && f.suspendedAt().isEmpty() && f.state() != FindingState.VERIFIED) {
                        out.add(Todo.of("inspection.suspension-requested", "suspend", "finding", f.id(),
                                "suspend grant " + grant.get().id() + " on finding " + f.id(), path));
                    }
                    if (f.state() == FindingState.VERIFIED && f.suspendedAt().isPresent()
                            && GrantLifecycle.allows(grant.get().state(), LifecycleEvent.REINSTATE)) {
                        out.add(Todo.of("inspection.reinstatement-possible", "reinstate", "grant", grant.get().id(),
                                "finding " + f.id() + " is verified: reinstate grant " + grant.get().id(),
                                "/api/v1/grants/" + grant.get().id()));
                    }
                }
            }
            if (inspector && inspection.state() == InspectionState.FINDINGS_ISSUED
                    && findings.stream().allMatch(f -> f.state() == FindingState.VERIFIED)) {
                out.add(Todo.of("inspection.closable", "close", "inspection", inspection.id(),
                        "every finding of inspection " + inspection.id() + " is verified: close it", path));
            }
        }
        return out;
    }

    private Optional<Grant> grant(Actor actor, String grantId) {
        try {
            return Optional.of(grants.grant(actor, grantId));
        } catch (SandboxException e) {
            return Optional.empty();
        }
    }
}
