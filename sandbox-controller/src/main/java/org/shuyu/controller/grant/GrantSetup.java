package org.shuyu.controller.grant;

import static java.util.Objects.requireNonNull;
import static org.shuyu.controller.grant.LifecycleInputs.requireSha256;
import static org.shuyu.controller.grant.LifecycleInputs.requireText;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;
import org.shuyu.controller.audit.AuditLog;
import org.shuyu.controller.audit.Sha256;
import org.shuyu.controller.catalog.Catalog;
import org.shuyu.controller.config.IdGenerator;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.WorkspaceAccessChanged;
import org.shuyu.controller.organization.Organization;
import org.shuyu.controller.workflow.Transition;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Setting a grant up: the signed agreement and term, the emergency plan and its drills, and activation
 * with publication and provincial filing.
 */
@Service
public class GrantSetup {
    private final LifecycleStore store;
    private final GrantVisibility visibility;
    private final AuditLog audit;
    private final Clock clock;
    private final IdGenerator ids;
    private final Catalog datasets;
    private final ApplicationEventPublisher events;

    public GrantSetup(LifecycleStore store, GrantVisibility visibility, AuditLog audit, Clock clock, IdGenerator ids, Catalog datasets,
                      ApplicationEventPublisher events) {
        this.store = requireNonNull(store, "store is null");
        this.visibility = requireNonNull(visibility, "visibility is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.ids = requireNonNull(ids, "ids is null");
        this.datasets = requireNonNull(datasets, "datasets is null");
        this.events = requireNonNull(events, "events is null");
    }

    public record Document(String documentName, String sha256, LocalDate signedOn) {}

    public record PlanInput(String documentName, String sha256, String summary, String contacts) {}

    public record CreateGrant(String applicationId, LocalDate termStart, LocalDate termEnd, Document agreement, PlanInput emergencyPlan) {}

    public record DrillInput(LocalDate heldOn, String scenario, String outcome) {}

    /** Signing the agreement of an approved application makes the grant (one scenario, one live grant: R-25). */
    @Transactional
    public Grant create(Actor actor, CreateGrant command) {
        requireText(command.applicationId(), "applicationId");
        if (command.termStart() == null || command.termEnd() == null) {
            throw SandboxException.invalid("termStart and termEnd are required");
        }
        if (!command.termEnd().isAfter(command.termStart())) {
            throw SandboxException.invalid("termEnd must be after termStart");
        }
        if (command.termEnd().isAfter(command.termStart().plusYears(Grant.MAX_YEARS))) {
            throw new SandboxException(ErrorCode.TERM_TOO_LONG, "a grant lasts at most " + Grant.MAX_YEARS
                    + " years (R-16): " + command.termStart() + " to " + command.termEnd());
        }
        Document agreement = command.agreement();
        if (agreement == null) {
            throw SandboxException.invalid("agreement is required (documentName, sha256, signedOn)");
        }
        requireText(agreement.documentName(), "agreement.documentName");
        requireSha256(agreement.sha256(), "agreement.sha256");
        if (agreement.signedOn() == null || agreement.signedOn().isAfter(LifecycleTime.today(clock))) {
            throw SandboxException.invalid("agreement.signedOn is required and cannot be in the future");
        }
        Application application = store.lockApplication(command.applicationId())
                .orElseThrow(() -> SandboxException.notFound("application", command.applicationId()));
        ActingRights.requireJurisdiction(actor, application.jurisdiction());
        Transition<LifecycleState, LifecycleEvent, Object> signed =
                GrantLifecycle.apply(application.state(), LifecycleEvent.SIGN_AGREEMENT, application);
        Organization organization = visibility.organization(application.organizationId());
        String key = Grant.scenarioKey(application.scenario());
        if (store.liveGrantWithScenario(organization.id(), key, GrantLifecycle.LIVE)) {
            throw new SandboxException(ErrorCode.SCENARIO_TAKEN, "organization " + organization.id()
                    + " already holds a live grant for scenario '" + application.scenario() + "' (one scenario, one grant: R-25)");
        }
        datasets.requireUsable(application.datasetIds());
        Optional<Grant.EmergencyPlan> plan = Optional.ofNullable(command.emergencyPlan()).map(p -> plan(actor, p));
        Grant grant = new Grant(ids.next("grant"), application.id(), organization.id(), LifecycleState.GRANT_AGREED,
                application.scenario(), application.priorityDomain(), application.level(), application.jurisdiction(),
                application.datasetIds(), command.termStart(), command.termEnd(),
                new Grant.Agreement(agreement.documentName(), agreement.sha256(), agreement.signedOn()), plan, Optional.empty(),
                Optional.empty(), clock.instant(), actor.userId(), Optional.empty(), Optional.empty(), Optional.empty());
        store.insertGrant(grant, key);
        store.updateApplication(application.moved(signed.to(), application.submittedAt(), Optional.of("granted as " + grant.id())));
        audit.append(GrantAuditEvents.grant(actor, signed.auditAction().orElseThrow(), grant, "agreement " + agreement.documentName()
                + " signed " + agreement.signedOn() + ", term " + command.termStart() + " to " + command.termEnd()
                + ", scenario '" + grant.scenario() + "'" + (plan.isPresent() ? ", with emergency plan" : ", no emergency plan yet")));
        return grant;
    }

    @Transactional
    public Grant putEmergencyPlan(Actor actor, String grantId, PlanInput input) {
        Grant grant = visibility.lockGrant(actor, grantId);
        ActingRights.requireAccountable(actor, visibility.organization(grant.organizationId()));
        String action = GrantLifecycle.apply(grant.state(), LifecycleEvent.SET_EMERGENCY_PLAN, grant).auditAction().orElseThrow();
        Grant.EmergencyPlan plan = plan(actor, input);
        store.putEmergencyPlan(grant.id(), plan);
        audit.append(GrantAuditEvents.grant(actor, action, grant, plan.documentName() + " sha256 " + plan.sha256()));
        return store.grant(grant.id()).orElseThrow();
    }

    /** A drill of the emergency plan on file. */
    @Transactional
    public Grant.Drill recordDrill(Actor actor, String grantId, DrillInput input) {
        if (input.heldOn() == null || input.heldOn().isAfter(LifecycleTime.today(clock))) {
            throw SandboxException.invalid("heldOn is required and cannot be in the future");
        }
        requireText(input.scenario(), "scenario");
        requireText(input.outcome(), "outcome");
        Grant grant = visibility.lockGrant(actor, grantId);
        ActingRights.requireAccountable(actor, visibility.organization(grant.organizationId()));
        String action = GrantLifecycle.apply(grant.state(), LifecycleEvent.RECORD_DRILL, grant).auditAction().orElseThrow();
        Grant.Drill drill = new Grant.Drill(ids.next("drill"), grant.id(), input.heldOn(), input.scenario(), input.outcome(),
                clock.instant(), actor.userId());
        store.insertDrill(drill);
        audit.append(GrantAuditEvents.grant(actor, action, grant, "drill " + drill.id() + " held " + input.heldOn()));
        return drill;
    }

    /** Activation needs an emergency plan and a current term; the grant is published and filed. */
    @Transactional
    public Grant activate(Actor actor, String grantId) {
        Grant grant = visibility.lockGrant(actor, grantId);
        ActingRights.requireJurisdiction(actor, grant.jurisdiction());
        Transition<LifecycleState, LifecycleEvent, Object> activation = GrantLifecycle.apply(grant.state(), LifecycleEvent.ACTIVATE, grant);
        LocalDate today = LifecycleTime.today(clock);
        if (today.isBefore(grant.termStart()) || !today.isBefore(grant.termEnd())) {
            throw new SandboxException(ErrorCode.TERM_NOT_CURRENT, "grant " + grant.id() + " runs " + grant.termStart() + " to "
                    + grant.termEnd() + "; today is " + today);
        }
        datasets.requireUsable(grant.datasetIds());
        Instant now = clock.instant();
        Grant active = grant.moved(activation.to(), Optional.of(now), Optional.empty(), Optional.empty(), grant.endedAt(), grant.endReason());
        store.updateGrant(active);
        Organization organization = visibility.organization(grant.organizationId());
        store.insertPublication(new Grant.Publication(grant.id(), organization.name(), grant.scenario(), grant.priorityDomain(),
                grant.datasetIds(), grant.termStart(), grant.termEnd(), now, "ACTIVE"));
        String payload = String.join("\n",
                "grant=" + grant.id(), "operator=" + organization.name(), "operatorId=" + organization.id(),
                "scenario=" + grant.scenario(), "priorityDomain=" + grant.priorityDomain(), "level=" + grant.level(),
                "jurisdiction=" + grant.jurisdiction().code(), "datasets=" + String.join(",", grant.datasetIds()),
                "term=" + grant.termStart() + "/" + grant.termEnd(), "agreementSha256=" + grant.agreement().sha256(),
                "emergencyPlanSha256=" + grant.emergencyPlan().orElseThrow().sha256(), "activatedAt=" + now);
        // Derived from the grant's unique id, so concurrent activations can never collide on a number.
        String filingNumber = "ZJ-NB-" + today.getYear() + "-" + Sha256.hex(grant.id()).substring(0, 12).toUpperCase(Locale.ROOT);
        store.insertFiling(new Grant.Filing(grant.id(), filingNumber, payload, Sha256.hex(payload), now));
        audit.append(GrantAuditEvents.grant(actor, activation.auditAction().orElseThrow(), grant,
                "published; provincial filing " + filingNumber));
        events.publishEvent(WorkspaceAccessChanged.grant(grant.id(), "activated"));
        return active;
    }

    private Grant.EmergencyPlan plan(Actor actor, PlanInput input) {
        requireText(input.documentName(), "emergencyPlan.documentName");
        requireSha256(input.sha256(), "emergencyPlan.sha256");
        requireText(input.summary(), "emergencyPlan.summary");
        requireText(input.contacts(), "emergencyPlan.contacts");
        return new Grant.EmergencyPlan(input.documentName(), input.sha256(), input.summary(), input.contacts(), clock.instant(),
                actor.userId());
    }
}
