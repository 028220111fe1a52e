package org.shuyu.controller.inspection;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.shuyu.controller.audit.AuditLog;
import org.shuyu.controller.config.IdGenerator;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.grant.Grant;
import org.shuyu.controller.grant.GrantVisibility;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.Permissions;
import org.shuyu.controller.notification.Notice;
import org.shuyu.controller.notification.Notifications;
import org.shuyu.controller.notification.Recipient;
import org.shuyu.controller.organization.Organization;
import org.shuyu.controller.organization.Organizations;
import org.shuyu.controller.workflow.Transition;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Inspections of operators by security supervisors (R-26, article 26): recording one with its scope, date and
 * inspectors, starting it, issuing findings, closing it. Every move comes from {@link InspectionLifecycle#TABLE}, is
 * audited with the row's action, and tells whoever acts next. A supervisor acts only on operators its jurisdiction
 * covers; others see an inspection as not found.
 */
@Service
public class InspectionService {
    static final int MAX_TEXT = 2000;
    private static final int MAX_INSPECTORS = 20;
    private final InspectionStore store;
    private final Organizations organizations;
    private final GrantVisibility grants;
    private final InspectorRoster roster;
    private final AuditLog audit;
    private final Notifications notifications;
    private final Clock clock;
    private final IdGenerator ids;

    public InspectionService(InspectionStore store, Organizations organizations, GrantVisibility grants,
            InspectorRoster roster, AuditLog audit, Notifications notifications, Clock clock, IdGenerator ids) {
        this.store = requireNonNull(store, "store is null");
        this.organizations = requireNonNull(organizations, "organizations is null");
        this.grants = requireNonNull(grants, "grants is null");
        this.roster = requireNonNull(roster, "roster is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.notifications = requireNonNull(notifications, "notifications is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.ids = requireNonNull(ids, "ids is null");
    }

    public record ScopeInput(Boolean systems, Boolean dataUse, Boolean securityCapability, List<String> grantIds) {}

    public record CreateInspection(String organizationId, LocalDate inspectionDate, ScopeInput scope, List<String> inspectors) {}

    public record FindingInput(String grantId, String severity, String description, Instant rectificationDeadline) {}

    /** An inspection with its findings, as a reader sees it. */
    public record View(Inspection inspection, List<Finding> findings) {}

    @Transactional
    public View create(Actor actor, CreateInspection input) {
        if (input == null || blank(input.organizationId()) || input.inspectionDate() == null || input.scope() == null) {
            throw invalid("organizationId, inspectionDate and scope are required");
        }
        Organization organization = organizations.find(input.organizationId())
                .orElseThrow(() -> SandboxException.notFound("organization", input.organizationId()));
        requireInspector(actor, organization);
        ScopeInput scope = input.scope();
        boolean systems = Boolean.TRUE.equals(scope.systems());
        boolean dataUse = Boolean.TRUE.equals(scope.dataUse());
        boolean security = Boolean.TRUE.equals(scope.securityCapability());
        if (!systems && !dataUse && !security) {
            throw new SandboxException(ErrorCode.INSPECTION_SCOPE_INVALID,
                    "an inspection covers at least one of systems, dataUse, securityCapability (article 26)");
        }
        List<String> grantIds = scope.grantIds() == null ? List.of() : List.copyOf(new LinkedHashSet<>(scope.grantIds()));
        for (String grantId : grantIds) {
            requireGrantOf(actor, grantId, organization.id());
        }
        Set<String> inspectors = new LinkedHashSet<>();
        inspectors.add(actor.userId());
        if (input.inspectors() != null) {
            for (String inspector : input.inspectors()) {
                if (blank(inspector) || inspector.length() > 128 || inspector.contains(",")) {
                    throw invalid("an inspector is a user id of 1 to 128 characters");
                }
                inspectors.add(inspector);
            }
        }
        if (inspectors.size() > MAX_INSPECTORS) {
            throw invalid("at most " + MAX_INSPECTORS + " inspectors");
        }
        for (String inspector : inspectors) {
            if (!inspector.equals(actor.userId()) && !roster.knownSupervisor(inspector)) {
                throw new SandboxException(ErrorCode.INSPECTOR_NOT_SUPERVISOR,
                        inspector + " is not a known security supervisor (no record of acting with that role)");
            }
        }
        Inspection inspection = new Inspection(ids.next("inspection"), organization.id(), organization.jurisdiction(),
                InspectionState.PLANNED, input.inspectionDate(),
                new Inspection.Scope(systems, dataUse, security, grantIds), List.copyOf(inspectors), actor.userId(),
                clock.instant(), Optional.empty());
        store.insert(inspection);
        audit.append(InspectionAuditEvents.inspection(actor, "inspection.create", inspection, "date "
                + inspection.inspectionDate() + "; scope systems=" + systems + ", dataUse=" + dataUse + ", securityCapability="
                + security + ", grants=" + (grantIds.isEmpty() ? "all" : grantIds) + "; inspectors " + inspectors));
        notifications.send(Notice.of("inspection.planned", Recipient.user(organization.accountableUserId()), "inspection",
                inspection.id(), "an inspection of organization " + organization.id() + " is planned for "
                        + inspection.inspectionDate()));
        return new View(inspection, List.of());
    }

    @Transactional
    public View start(Actor actor, String id) {
        return move(actor, id, InspectionEvent.START, "");
    }

    @Transactional
    public View cancel(Actor actor, String id) {
        return move(actor, id, InspectionEvent.CANCEL, "");
    }

    @Transactional
    public View close(Actor actor, String id) {
        return move(actor, id, InspectionEvent.CLOSE, "");
    }

    /** Issues a finding to the operator, who must rectify it by its deadline. */
    @Transactional
    public View issueFinding(Actor actor, String id, FindingInput input) {
        Inspection inspection = lockForInspector(actor, id);
        List<Finding> findings = store.findings(id);
        Transition<InspectionState, InspectionEvent, InspectionLifecycle.Subject> issued = InspectionLifecycle.TABLE
                .apply(inspection.state(), InspectionEvent.ISSUE_FINDING, new InspectionLifecycle.Subject(inspection, findings));
        if (input == null || blank(input.severity()) || blank(input.description()) || input.rectificationDeadline() == null) {
            throw new SandboxException(ErrorCode.FINDING_INVALID, "severity, description and rectificationDeadline are required");
        }
        Severity severity = Severity.parse(input.severity()).orElseThrow(() -> new SandboxException(ErrorCode.FINDING_INVALID,
                "severity must be one of " + List.of(Severity.values())));
        if (input.description().length() > MAX_TEXT) {
            throw new SandboxException(ErrorCode.FINDING_INVALID, "the description is at most " + MAX_TEXT + " characters");
        }
        if (!input.rectificationDeadline().isAfter(clock.instant())) {
            throw new SandboxException(ErrorCode.FINDING_INVALID, "the rectification deadline must be in the future");
        }
        Optional<String> grantId = Optional.ofNullable(input.grantId()).filter(g -> !g.isBlank());
        if (grantId.isPresent()) {
            requireGrantOf(actor, grantId.get(), inspection.organizationId());
            if (!inspection.scope().covers(grantId.get())) {
                throw new SandboxException(ErrorCode.INSPECTION_SCOPE_INVALID,
                        "grant " + grantId.get() + " is not in the scope of inspection " + id);
            }
        }
        Finding finding = new Finding(ids.next("finding"), id, inspection.organizationId(), grantId, severity,
                input.description(), input.rectificationDeadline(), FindingState.OPEN, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), actor.userId(),
                clock.instant());
        store.insertFinding(finding);
        Inspection moved = inspection.moved(issued.to(), inspection.closedAt());
        store.update(moved);
        audit.append(InspectionAuditEvents.finding(actor, issued.auditAction().orElseThrow(), finding, "severity "
                + severity + "; rectify by " + finding.deadline() + grantId.map(g -> "; grant " + g).orElse("")));
        Organization organization = organizations.find(inspection.organizationId()).orElseThrow();
        notifications.send(Notice.of("inspection.finding", Recipient.user(organization.accountableUserId()), "finding",
                finding.id(), "inspection " + id + " issued a " + severity + " finding to rectify by " + finding.deadline())
                .due(finding.deadline()));
        List<Finding> all = new ArrayList<>(findings);
        all.add(finding);
        return new View(moved, all);
    }

    public View get(Actor actor, String id) {
        Inspection inspection = store.find(id).filter(i -> readable(actor, i))
                .orElseThrow(() -> SandboxException.notFound("inspection", id));
        return new View(inspection, store.findings(id));
    }

    public List<Inspection> list(Actor actor) {
        return store.all().stream().filter(i -> readable(actor, i)).toList();
    }

    boolean readable(Actor actor, Inspection inspection) {
        String accountable = organizations.find(inspection.organizationId()).map(Organization::accountableUserId).orElse("");
        return Permissions.readsInspection(actor, inspection.jurisdiction(), accountable);
    }

    private View move(Actor actor, String id, InspectionEvent event, String detail) {
        Inspection inspection = lockForInspector(actor, id);
        List<Finding> findings = store.findings(id);
        Transition<InspectionState, InspectionEvent, InspectionLifecycle.Subject> t = InspectionLifecycle.TABLE
                .apply(inspection.state(), event, new InspectionLifecycle.Subject(inspection, findings));
        Inspection moved = inspection.moved(t.to(), InspectionLifecycle.TABLE.finalStates().contains(t.to())
                ? Optional.of(clock.instant()) : Optional.empty());
        store.update(moved);
        audit.append(InspectionAuditEvents.inspection(actor, t.auditAction().orElseThrow(), inspection,
                inspection.state() + " -> " + t.to() + (detail.isEmpty() ? "" : "; " + detail)));
        if (t.to() == InspectionState.CLOSED) {
            organizations.find(inspection.organizationId()).ifPresent(o -> notifications.send(Notice.of("inspection.closed",
                    Recipient.user(o.accountableUserId()), "inspection", id, "inspection " + id + " is closed")));
        }
        return new View(moved, findings);
    }

    /** The inspection, locked, for a supervisor whose jurisdiction covers its operator; not found for anyone else. */
    Inspection lockForInspector(Actor actor, String id) {
        Inspection inspection = store.lock(id).filter(i -> readable(actor, i))
                .orElseThrow(() -> SandboxException.notFound("inspection", id));
        if (!Permissions.inspects(actor, inspection.jurisdiction())) {
            throw new SandboxException(ErrorCode.OUTSIDE_JURISDICTION, actor.userId()
                    + " does not supervise the operators of " + inspection.jurisdiction().code());
        }
        return inspection;
    }

    private static void requireInspector(Actor actor, Organization organization) {
        if (!Permissions.inspects(actor, organization.jurisdiction())) {
            throw new SandboxException(ErrorCode.OUTSIDE_JURISDICTION, actor.userId() + " does not supervise the operators of "
                    + organization.jurisdiction().code());
        }
    }

    private void requireGrantOf(Actor actor, String grantId, String organizationId) {
        Grant grant;
        try {
            grant = grants.grant(actor, grantId);
        } catch (SandboxException e) {
            throw new SandboxException(ErrorCode.INSPECTION_SCOPE_INVALID, "grant " + grantId + " is not known");
        }
        if (!grant.organizationId().equals(organizationId)) {
            throw new SandboxException(ErrorCode.INSPECTION_SCOPE_INVALID,
                    "grant " + grantId + " is not a grant of organization " + organizationId);
        }
    }

    static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    private static SandboxException invalid(String message) {
        return new SandboxException(ErrorCode.INSPECTION_INVALID, message);
    }
}
