package org.shuyu.controller.grant;

import org.shuyu.controller.organization.Organization;

import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.shuyu.controller.config.SandboxProperties;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.Jurisdiction;
import org.shuyu.controller.identity.Role;
import org.shuyu.controller.identity.WorkspaceAccessChanged;
import org.shuyu.controller.personnel.PersonnelVetting;
import org.shuyu.controller.personnel.VettingItem;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Grants: agreement and term, emergency plan and drills, activation with publication and
 * provincial filing, suspension and rectification (R-17b), decisions, termination, revocation and
 * expiry (R-05, R-17a), and membership.
 */
@Service
public class GrantService {
    /** States in which a grant still holds its scenario (one scenario, one grant: R-25). */
    static final Set<LifecycleState> LIVE = EnumSet.of(LifecycleState.GRANT_AGREED, LifecycleState.GRANT_ACTIVE,
            LifecycleState.GRANT_SUSPENDED, LifecycleState.GRANT_RECTIFICATION_REPORTED, LifecycleState.GRANT_RECTIFICATION_OVERDUE);

    private final LifecycleSupport support;
    private final RetainedData retainedData;
    private final SandboxProperties properties;
    private final PersonnelVetting vetting;
    private final ApplicationEventPublisher events;

    public GrantService(LifecycleSupport support, RetainedData retainedData, SandboxProperties properties, PersonnelVetting vetting,
                        ApplicationEventPublisher events) {
        this.support = support;
        this.retainedData = retainedData;
        this.properties = properties;
        this.vetting = vetting;
        this.events = events;
    }

    public record Document(String documentName, String sha256, LocalDate signedOn) {}

    public record PlanInput(String documentName, String sha256, String summary, String contacts) {}

    public record CreateGrant(String applicationId, LocalDate termStart, LocalDate termEnd, Document agreement, PlanInput emergencyPlan) {}

    public record DrillInput(LocalDate heldOn, String scenario, String outcome) {}

    public record Suspend(String violation, Instant rectificationDeadline) {}

    public record DecisionInput(Grant.DecisionKind kind, LocalDate meetingDate, String minutes, String reason) {}

    public record EndInput(String decisionId, String reason) {}

    public record MemberInput(String userId, String name) {}

    @Transactional
    public Grant create(Actor actor, CreateGrant command) {
        LifecycleSupport.requireText(command.applicationId(), "applicationId");
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
        LifecycleSupport.requireText(agreement.documentName(), "agreement.documentName");
        LifecycleSupport.requireSha256(agreement.sha256(), "agreement.sha256");
        if (agreement.signedOn() == null || agreement.signedOn().isAfter(support.today())) {
            throw SandboxException.invalid("agreement.signedOn is required and cannot be in the future");
        }
        Application application = support.store.lockApplication(command.applicationId())
                .orElseThrow(() -> SandboxException.notFound("application", command.applicationId()));
        support.requireJurisdiction(actor, application.jurisdiction());
        LifecycleState applicationNext = GrantLifecycle.next(application.state(), LifecycleEvent.SIGN_AGREEMENT);
        Organization organization = support.organization(application.organizationId());
        String key = Grant.scenarioKey(application.scenario());
        if (support.store.liveGrantWithScenario(organization.id(), key, LIVE)) {
            throw new SandboxException(ErrorCode.SCENARIO_TAKEN, "organization " + organization.id()
                    + " already holds a live grant for scenario '" + application.scenario() + "' (one scenario, one grant: R-25)");
        }
        support.datasets.requireUsable(application.datasetIds());
        Optional<Grant.EmergencyPlan> plan = Optional.ofNullable(command.emergencyPlan()).map(p -> plan(actor, p));
        Grant grant = new Grant(support.ids.next("grant"), application.id(), organization.id(), LifecycleState.GRANT_AGREED,
                application.scenario(), application.priorityDomain(), application.level(), application.jurisdiction(),
                application.datasetIds(), command.termStart(), command.termEnd(),
                new Grant.Agreement(agreement.documentName(), agreement.sha256(), agreement.signedOn()), plan, Optional.empty(),
                Optional.empty(), support.now(), actor.userId(), Optional.empty(), Optional.empty(), Optional.empty());
        support.store.insertGrant(grant, key);
        support.store.updateApplication(new Application(application.id(), application.labId(), application.organizationId(),
                application.announcementId(), applicationNext, application.scenario(), application.priorityDomain(), application.level(),
                application.jurisdiction(), application.datasetIds(), application.materials(), application.reviews(),
                application.deliberation(), application.approval(), application.createdAt(), application.createdBy(),
                application.submittedAt(), Optional.of("granted as " + grant.id())));
        support.recordDone(actor, "grant.create", "grant", grant.id(), organization.id(), "agreement " + agreement.documentName()
                + " signed " + agreement.signedOn() + ", term " + command.termStart() + " to " + command.termEnd()
                + ", scenario '" + grant.scenario() + "'" + (plan.isPresent() ? ", with emergency plan" : ", no emergency plan yet"));
        return grant;
    }

    @Transactional
    public Grant putEmergencyPlan(Actor actor, String grantId, PlanInput input) {
        Grant grant = lock(actor, grantId);
        support.requireAccountable(actor, support.organization(grant.organizationId()));
        GrantLifecycle.next(grant.state(), LifecycleEvent.SET_EMERGENCY_PLAN);
        Grant.EmergencyPlan plan = plan(actor, input);
        support.store.putEmergencyPlan(grant.id(), plan);
        support.recordDone(actor, "grant.emergency-plan", "grant", grant.id(), grant.organizationId(),
                plan.documentName() + " sha256 " + plan.sha256());
        return support.store.grant(grant.id()).orElseThrow();
    }

    @Transactional
    public Grant.Drill recordDrill(Actor actor, String grantId, DrillInput input) {
        if (input.heldOn() == null || input.heldOn().isAfter(support.today())) {
            throw SandboxException.invalid("heldOn is required and cannot be in the future");
        }
        LifecycleSupport.requireText(input.scenario(), "scenario");
        LifecycleSupport.requireText(input.outcome(), "outcome");
        Grant grant = lock(actor, grantId);
        support.requireAccountable(actor, support.organization(grant.organizationId()));
        GrantLifecycle.next(grant.state(), LifecycleEvent.RECORD_DRILL);
        if (grant.emergencyPlan().isEmpty()) {
            throw new SandboxException(ErrorCode.EMERGENCY_PLAN_MISSING, "grant " + grant.id() + " has no emergency plan to drill (R-25)");
        }
        Grant.Drill drill = new Grant.Drill(support.ids.next("drill"), grant.id(), input.heldOn(), input.scenario(), input.outcome(),
                support.now(), actor.userId());
        support.store.insertDrill(drill);
        support.recordDone(actor, "grant.drill", "grant", grant.id(), grant.organizationId(), "drill " + drill.id() + " held " + input.heldOn());
        return drill;
    }

    /** Activation needs an emergency plan and a current term; the grant is published and filed. */
    @Transactional
    public Grant activate(Actor actor, String grantId) {
        Grant grant = lock(actor, grantId);
        support.requireJurisdiction(actor, grant.jurisdiction());
        LifecycleState next = GrantLifecycle.next(grant.state(), LifecycleEvent.ACTIVATE);
        if (grant.emergencyPlan().isEmpty()) {
            throw new SandboxException(ErrorCode.EMERGENCY_PLAN_MISSING,
                    "grant " + grant.id() + " cannot become active without an emergency plan (R-25)");
        }
        LocalDate today = support.today();
        if (today.isBefore(grant.termStart()) || !today.isBefore(grant.termEnd())) {
            throw new SandboxException(ErrorCode.TERM_NOT_CURRENT, "grant " + grant.id() + " runs " + grant.termStart() + " to "
                    + grant.termEnd() + "; today is " + today);
        }
        support.datasets.requireUsable(grant.datasetIds());
        Instant now = support.now();
        Grant active = with(grant, next, Optional.of(now), Optional.empty(), Optional.empty(), grant.endedAt(), grant.endReason());
        support.store.updateGrant(active);
        Organization organization = support.organization(grant.organizationId());
        support.store.insertPublication(new Grant.Publication(grant.id(), organization.name(), grant.scenario(), grant.priorityDomain(),
                grant.datasetIds(), grant.termStart(), grant.termEnd(), now, "ACTIVE"));
        String payload = String.join("\n",
                "grant=" + grant.id(), "operator=" + organization.name(), "operatorId=" + organization.id(),
                "scenario=" + grant.scenario(), "priorityDomain=" + grant.priorityDomain(), "level=" + grant.level(),
                "jurisdiction=" + grant.jurisdiction().code(), "datasets=" + String.join(",", grant.datasetIds()),
                "term=" + grant.termStart() + "/" + grant.termEnd(), "agreementSha256=" + grant.agreement().sha256(),
                "emergencyPlanSha256=" + grant.emergencyPlan().orElseThrow().sha256(), "activatedAt=" + now);
        // Derived from the grant's unique id, so concurrent activations can never collide on a number.
        String filingNumber = "ZJ-NB-" + today.getYear() + "-"
                + LabService.sha256(grant.id()).substring(0, 12).toUpperCase(java.util.Locale.ROOT);
        support.store.insertFiling(new Grant.Filing(grant.id(), filingNumber, payload, LabService.sha256(payload), now));
        support.recordDone(actor, "grant.activate", "grant", grant.id(), grant.organizationId(),
                "published; provincial filing " + filingNumber);
        accessChanged(grant.id(), "activated");
        return active;
    }

    /** R-17b: suspension for a violation with a rectification deadline; access closes at once. */
    @Transactional
    public Grant suspend(Actor actor, String grantId, Suspend input) {
        LifecycleSupport.requireText(input.violation(), "violation");
        if (input.rectificationDeadline() == null) {
            throw SandboxException.invalid("rectificationDeadline is required");
        }
        Grant grant = lock(actor, grantId);
        support.requireJurisdiction(actor, grant.jurisdiction());
        LifecycleState next = GrantLifecycle.next(grant.state(), LifecycleEvent.SUSPEND);
        if (!input.rectificationDeadline().isAfter(support.now())) {
            throw new SandboxException(ErrorCode.DEADLINE_INVALID, "the rectification deadline must be in the future");
        }
        Grant suspended = with(grant, next, grant.activatedAt(),
                Optional.of(new Grant.Suspension(input.violation(), support.now(), input.rectificationDeadline())), Optional.empty(),
                grant.endedAt(), grant.endReason());
        support.store.updateGrant(suspended);
        support.store.updatePublicationStatus(grant.id(), "SUSPENDED");
        support.recordDone(actor, "grant.suspend", "grant", grant.id(), grant.organizationId(),
                "violation: " + input.violation() + "; rectify by " + input.rectificationDeadline());
        accessChanged(grant.id(), "suspended");
        return suspended;
    }

    @Transactional
    public Grant reportRectification(Actor actor, String grantId, String report) {
        LifecycleSupport.requireText(report, "report");
        Grant grant = lock(actor, grantId);
        support.requireAccountable(actor, support.organization(grant.organizationId()));
        LifecycleState next = GrantLifecycle.next(grant.state(), LifecycleEvent.REPORT_RECTIFICATION);
        Instant deadline = grant.suspension().orElseThrow().rectificationDeadline();
        if (support.now().isAfter(deadline)) {
            throw new SandboxException(ErrorCode.DEADLINE_PASSED, "the rectification deadline " + deadline + " has passed");
        }
        Grant reported = with(grant, next, grant.activatedAt(), grant.suspension(),
                Optional.of(new Grant.Rectification(report, support.now())), grant.endedAt(), grant.endReason());
        support.store.updateGrant(reported);
        support.recordDone(actor, "grant.rectification", "grant", grant.id(), grant.organizationId(), report);
        return reported;
    }

    @Transactional
    public Grant reinstate(Actor actor, String grantId, String note) {
        Grant grant = lock(actor, grantId);
        support.requireJurisdiction(actor, grant.jurisdiction());
        LifecycleState next = GrantLifecycle.next(grant.state(), LifecycleEvent.REINSTATE);
        if (!support.today().isBefore(grant.termEnd())) {
            throw new SandboxException(ErrorCode.TERM_NOT_CURRENT, "grant " + grant.id() + " ended its term on " + grant.termEnd());
        }
        Grant active = with(grant, next, grant.activatedAt(), Optional.empty(), Optional.empty(), grant.endedAt(), grant.endReason());
        support.store.updateGrant(active);
        support.store.updatePublicationStatus(grant.id(), "ACTIVE");
        support.recordDone(actor, "grant.reinstate", "grant", grant.id(), grant.organizationId(), Optional.ofNullable(note).orElse(""));
        accessChanged(grant.id(), "reinstated");
        return active;
    }

    /** the coordination body of the grant's level decides to terminate or revoke. */
    @Transactional
    public Grant.Decision recordDecision(Actor actor, String grantId, DecisionInput input) {
        if (input.kind() == null || input.meetingDate() == null) {
            throw SandboxException.invalid("kind (TERMINATE or REVOKE) and meetingDate are required");
        }
        LifecycleSupport.requireText(input.minutes(), "minutes");
        LifecycleSupport.requireText(input.reason(), "reason");
        Grant grant = lock(actor, grantId);
        support.requireLevel(actor, grant.level(), grant.jurisdiction(), "a decision to " + input.kind().name().toLowerCase());
        GrantLifecycle.next(grant.state(), LifecycleEvent.RECORD_DECISION);
        boolean municipal = grant.level() == Jurisdiction.Level.MUNICIPAL;
        Grant.Decision decision = new Grant.Decision(support.ids.next("decision"), grant.id(), input.kind(),
                municipal ? Grant.DecisionState.PENDING_APPROVAL : Grant.DecisionState.APPROVED, actor.jurisdiction().orElseThrow(),
                input.meetingDate(), input.minutes(), input.reason(), actor.userId(), support.now(),
                municipal ? Optional.empty() : Optional.of(actor.userId()), municipal ? Optional.empty() : Optional.of(support.now()),
                Optional.empty());
        support.store.insertDecision(decision);
        support.recordDone(actor, "grant.decision", "grant", grant.id(), grant.organizationId(), "decision " + decision.id() + " to "
                + input.kind() + (municipal ? ", awaiting the leading group's approval" : ", county decision final"));
        return decision;
    }

    @Transactional
    public Grant.Decision approveDecision(Actor actor, String grantId, String decisionId) {
        Grant grant = lock(actor, grantId);
        Grant.Decision decision = support.store.decision(decisionId).filter(d -> d.grantId().equals(grant.id()))
                .orElseThrow(() -> SandboxException.notFound("decision", decisionId));
        if (grant.level() != Jurisdiction.Level.MUNICIPAL || !actor.has(Role.LEADING_GROUP)) {
            throw new SandboxException(ErrorCode.WRONG_DECISION_LEVEL,
                    "only the municipal leading group approves decisions on municipal grants (R-05)");
        }
        support.requireLevel(actor, grant.level(), grant.jurisdiction(), "approval");
        if (decision.state() != Grant.DecisionState.PENDING_APPROVAL) {
            throw new SandboxException(ErrorCode.ILLEGAL_TRANSITION, "decision " + decisionId + " is " + decision.state());
        }
        Grant.Decision approved = new Grant.Decision(decision.id(), decision.grantId(), decision.kind(), Grant.DecisionState.APPROVED,
                decision.jurisdiction(), decision.meetingDate(), decision.minutes(), decision.reason(), decision.decidedBy(),
                decision.decidedAt(), Optional.of(actor.userId()), Optional.of(support.now()), Optional.empty());
        support.store.updateDecision(approved);
        support.recordDone(actor, "grant.decision-approve", "grant", grant.id(), grant.organizationId(), "decision " + decisionId);
        return approved;
    }

    @Transactional
    public Grant terminate(Actor actor, String grantId, EndInput input) {
        return endByDecision(actor, grantId, input, LifecycleEvent.TERMINATE, Grant.DecisionKind.TERMINATE);
    }

    @Transactional
    public Grant revoke(Actor actor, String grantId, EndInput input) {
        return endByDecision(actor, grantId, input, LifecycleEvent.REVOKE, Grant.DecisionKind.REVOKE);
    }

    private Grant endByDecision(Actor actor, String grantId, EndInput input, LifecycleEvent event, Grant.DecisionKind kind) {
        Grant grant = lock(actor, grantId);
        support.requireJurisdiction(actor, grant.jurisdiction());
        GrantLifecycle.next(grant.state(), event);
        String decisionId = input == null ? null : input.decisionId();
        Grant.Decision decision = Optional.ofNullable(decisionId).flatMap(support.store::decision)
                .filter(d -> d.grantId().equals(grant.id()) && d.kind() == kind && d.state() == Grant.DecisionState.APPROVED)
                .orElseThrow(() -> new SandboxException(ErrorCode.DECISION_REQUIRED, "to " + kind.name().toLowerCase() + " grant "
                        + grant.id() + " name an approved, unused " + kind + " decision of the coordination body of its level (R-05)"
                        + (decisionId == null ? "" : "; " + decisionId + " is not one")));
        support.store.updateDecision(new Grant.Decision(decision.id(), decision.grantId(), decision.kind(), Grant.DecisionState.EXECUTED,
                decision.jurisdiction(), decision.meetingDate(), decision.minutes(), decision.reason(), decision.decidedBy(),
                decision.decidedAt(), decision.approvedBy(), decision.approvedAt(), Optional.of(support.now())));
        String reason = Optional.ofNullable(input.reason()).filter(s -> !s.isBlank()).orElse(decision.reason());
        return end(actor, grant, event, reason + " (decision " + decision.id() + ")");
    }

    /** The scheduler: a grant whose term is over expires. */
    @Transactional
    public boolean expireIfDue(String grantId) {
        Grant grant = lock(grantId);
        if (!LIVE.contains(grant.state()) || support.today().isBefore(grant.termEnd())) {
            return false;
        }
        end(LifecycleSupport.SCHEDULER, grant, LifecycleEvent.EXPIRE, "term ended " + grant.termEnd());
        return true;
    }

    /** The scheduler: a suspended grant whose rectification deadline passed without a report (R-17b). */
    @Transactional
    public boolean markOverdueIfDue(String grantId) {
        Grant grant = lock(grantId);
        if (grant.state() != LifecycleState.GRANT_SUSPENDED
                || grant.suspension().map(s -> !support.now().isAfter(s.rectificationDeadline())).orElse(true)) {
            return false;
        }
        LifecycleState next = GrantLifecycle.next(grant.state(), LifecycleEvent.DEADLINE_PASSED);
        support.store.updateGrant(with(grant, next, grant.activatedAt(), grant.suspension(), grant.rectification(), grant.endedAt(), grant.endReason()));
        support.recordDone(LifecycleSupport.SCHEDULER, "grant.rectification-overdue", "grant", grant.id(), grant.organizationId(),
                "deadline " + grant.suspension().orElseThrow().rectificationDeadline() + " passed without a rectification report;"
                        + " the grant can be terminated by decision");
        return true;
    }

    /**
     * R-17a: ending closes access at once (members removed, state no longer open), schedules deletion of the
     * retained data with a deletion record, and keeps the logs for the retention period.
     */
    private Grant end(Actor actor, Grant grant, LifecycleEvent event, String reason) {
        LifecycleState next = GrantLifecycle.next(grant.state(), event);
        Instant now = support.now();
        Grant ended = with(grant, next, grant.activatedAt(), grant.suspension(), grant.rectification(), Optional.of(now), Optional.of(reason));
        support.store.updateGrant(ended);
        for (Grant.Member member : support.store.members(grant.id())) {
            if (member.current()) {
                support.store.putMember(new Grant.Member(member.grantId(), member.userId(), member.name(), member.addedBy(),
                        member.addedAt(), Optional.of(actor.userId()), Optional.of(now)));
            }
        }
        support.store.updatePublicationStatus(grant.id(), next.shortName());
        LocalDate logsKeptUntil = support.today().plusDays(properties.audit().retentionDays());
        Grant.Deletion deletion = new Grant.Deletion(support.ids.next("deletion"), grant.id(), grant.organizationId(), event,
                retainedData.scope(grant.id()), Grant.DeletionState.SCHEDULED, now, now.plus(properties.lifecycle().deletionGrace()),
                Optional.empty(), Optional.empty(), Optional.empty(), logsKeptUntil, Optional.empty());
        support.store.insertDeletion(deletion);
        support.recordDone(actor, "grant." + event.name().toLowerCase(), "grant", grant.id(), grant.organizationId(),
                reason + "; access closed; data deletion " + deletion.id() + " scheduled; logs kept until " + logsKeptUntil);
        accessChanged(grant.id(), next.shortName().toLowerCase(java.util.Locale.ROOT));
        return ended;
    }

    /** Carries out a due deletion and completes its record. */
    @Transactional
    public Optional<Grant.Deletion> executeDeletion(String deletionId) {
        // Locked and re-read: two scheduler passes (or two controller replicas) never both carry it out.
        Grant.Deletion deletion = support.store.lockDeletion(deletionId)
                .orElseThrow(() -> SandboxException.notFound("deletion", deletionId));
        if (deletion.state() != Grant.DeletionState.SCHEDULED || deletion.dueAt().isAfter(support.now())) {
            return Optional.empty();
        }
        RetainedData.Erasure erasure = retainedData.erase(deletion.grantId());
        events.publishEvent(new GrantDataErased(deletion.grantId(), deletion.id()));
        Grant.Deletion done = new Grant.Deletion(deletion.id(), deletion.grantId(), deletion.organizationId(), deletion.reason(),
                deletion.scope(), Grant.DeletionState.DONE, deletion.scheduledAt(), deletion.dueAt(), Optional.of(support.now()),
                Optional.of(erasure.files()), Optional.of(erasure.bytes()), deletion.logsKeptUntil(), Optional.of(erasure.detail()));
        support.store.updateDeletion(done);
        support.recordDone(LifecycleSupport.SCHEDULER, "grant.data-deleted", "grant", deletion.grantId(), deletion.organizationId(),
                erasure.detail() + ": " + erasure.files() + " files, " + erasure.bytes() + " bytes");
        return Optional.of(done);
    }

    // ---- members

    @Transactional
    public Grant.Member addMember(Actor actor, String grantId, MemberInput input) {
        LifecycleSupport.requireText(input.userId(), "userId");
        LifecycleSupport.requireText(input.name(), "name");
        Grant grant = lock(actor, grantId);
        requireAccountableOrAuthority(actor, grant);
        GrantLifecycle.next(grant.state(), LifecycleEvent.MANAGE_MEMBERS);
        if (support.store.member(grant.id(), input.userId()).filter(Grant.Member::current).isPresent()) {
            throw new SandboxException(ErrorCode.ALREADY_EXISTS, input.userId() + " is already a member of grant " + grant.id());
        }
        Grant.Member member = new Grant.Member(grant.id(), input.userId(), input.name(), actor.userId(), support.now(),
                Optional.empty(), Optional.empty());
        support.store.putMember(member);
        List<VettingItem> missing = vetting.missing(grant.organizationId(), input.userId());
        support.recordDone(actor, "grant.member-add", "grant", grant.id(), grant.organizationId(), "member " + input.userId()
                + (missing.isEmpty() ? " (vetted)" : " (not yet vetted: lacks " + VettingItem.labels(missing)
                + "; refused every workspace action until vetted, R-18)"));
        accessChanged(grant.id(), "member " + input.userId() + " added");
        return member;
    }

    @Transactional
    public Grant.Member removeMember(Actor actor, String grantId, String userId) {
        Grant grant = lock(actor, grantId);
        requireAccountableOrAuthority(actor, grant);
        GrantLifecycle.next(grant.state(), LifecycleEvent.MANAGE_MEMBERS);
        Grant.Member member = support.store.member(grant.id(), userId).filter(Grant.Member::current)
                .orElseThrow(() -> SandboxException.notFound("member", userId));
        Grant.Member removed = new Grant.Member(member.grantId(), member.userId(), member.name(), member.addedBy(), member.addedAt(),
                Optional.of(actor.userId()), Optional.of(support.now()));
        support.store.putMember(removed);
        support.recordDone(actor, "grant.member-remove", "grant", grant.id(), grant.organizationId(), "member " + userId);
        accessChanged(grant.id(), "member " + userId + " removed");
        return removed;
    }

    public List<Grant.Member> members(Actor actor, String grantId) {
        Grant grant = get(actor, grantId);
        return support.store.members(grant.id());
    }

    /**
     * The gate every workspace action passes: the grant must be active, the user a current member, and vetted as a
     * person of the grant's operator. Suspension, termination, revocation, expiry, removal of the member and
     * withdrawal of a vetting item close it at once. It reads the platform's own state only: whatever the identity
     * provider's groups say, and however long a token still lives.
     */
    public void requireAccess(String grantId, String userId) {
        Grant grant = support.store.grant(grantId).orElseThrow(() -> SandboxException.notFound("grant", grantId));
        if (!grant.state().accessOpen()) {
            throw new SandboxException(ErrorCode.GRANT_NOT_ACTIVE, "grant " + grantId + " is " + grant.state().shortName()
                    + "; platform access is closed");
        }
        if (support.store.member(grantId, userId).filter(Grant.Member::current).isEmpty()) {
            throw new SandboxException(ErrorCode.NOT_A_MEMBER, userId + " is not a current member of grant " + grantId);
        }
        List<VettingItem> missing = vetting.missing(grant.organizationId(), userId);
        if (!missing.isEmpty()) {
            throw new SandboxException(ErrorCode.VETTING_INCOMPLETE, userId + " may not act in the workspace of grant " + grantId
                    + " before vetting is complete (R-18); lacks " + VettingItem.labels(missing) + " (" + missing.stream()
                    .map(Enum::name).collect(java.util.stream.Collectors.joining(", ")) + "); the accountable person of organization "
                    + grant.organizationId() + " records them in its personnel registry");
        }
    }

    /**
     * The workspace gate for the caller itself ({@code GET /grants/{id}/access}): a caller who may not see the grant
     * (not a current member, not its operator's accountable person, no supervisor) gets NOT_FOUND, as for a grant
     * that does not exist; one who may see it gets the gate's own refusal.
     */
    public void requireAccess(Actor actor, String grantId) {
        get(actor, grantId);
        requireAccess(grantId, actor.userId());
    }

    public Grant get(Actor actor, String grantId) {
        Grant grant = support.store.grant(grantId).orElseThrow(() -> SandboxException.notFound("grant", grantId));
        if (!mayRead(actor, grant)) {
            throw SandboxException.notFound("grant", grantId);
        }
        return grant;
    }

    public List<Grant> list(Actor actor) {
        return support.store.grants().stream().filter(g -> mayRead(actor, g)).toList();
    }

    public List<Grant.Drill> drills(String grantId) {
        return support.store.drills(grantId);
    }

    public List<Grant.Decision> decisions(String grantId) {
        return support.store.decisions(grantId);
    }

    public List<Grant.Publication> publications() {
        return support.store.publications();
    }

    public List<Grant.Filing> filings(Actor actor) {
        return support.store.filings().stream()
                .filter(f -> support.store.grant(f.grantId()).map(g -> actor.has(Role.SECURITY) || actor.covers(g.jurisdiction())).orElse(false))
                .toList();
    }

    public List<Grant.Deletion> deletions() {
        return support.store.deletions();
    }

    private boolean mayRead(Actor actor, Grant grant) {
        if (support.mayRead(actor, support.organization(grant.organizationId()), grant.jurisdiction())) {
            return true;
        }
        return actor.has(Role.ENGINEER) && support.store.member(grant.id(), actor.userId()).filter(Grant.Member::current).isPresent();
    }

    private void requireAccountableOrAuthority(Actor actor, Grant grant) {
        if (actor.has(Role.AUTHORITY)) {
            support.requireJurisdiction(actor, grant.jurisdiction());
        } else {
            support.requireAccountable(actor, support.organization(grant.organizationId()));
        }
    }

    private Grant.EmergencyPlan plan(Actor actor, PlanInput input) {
        LifecycleSupport.requireText(input.documentName(), "emergencyPlan.documentName");
        LifecycleSupport.requireSha256(input.sha256(), "emergencyPlan.sha256");
        LifecycleSupport.requireText(input.summary(), "emergencyPlan.summary");
        LifecycleSupport.requireText(input.contacts(), "emergencyPlan.contacts");
        return new Grant.EmergencyPlan(input.documentName(), input.sha256(), input.summary(), input.contacts(), support.now(), actor.userId());
    }

    /** After commit, the identity provider's workspace groups are reconciled with this grant's state and members. */
    private void accessChanged(String grantId, String reason) {
        events.publishEvent(WorkspaceAccessChanged.grant(grantId, reason));
    }

    private Grant lock(String grantId) {
        return support.store.lockGrant(grantId).orElseThrow(() -> SandboxException.notFound("grant", grantId));
    }

    /**
     * Locks a grant the actor may see: one the actor may not see answers NOT_FOUND exactly as one that does not exist,
     * so that no refusal (jurisdiction, accountable person, decision level) tells a stranger that the grant exists.
     */
    private Grant lock(Actor actor, String grantId) {
        Grant grant = lock(grantId);
        if (!mayRead(actor, grant)) {
            throw SandboxException.notFound("grant", grantId);
        }
        return grant;
    }

    private static Grant with(Grant g, LifecycleState state, Optional<Instant> activatedAt, Optional<Grant.Suspension> suspension,
                              Optional<Grant.Rectification> rectification, Optional<Instant> endedAt, Optional<String> endReason) {
        return new Grant(g.id(), g.applicationId(), g.organizationId(), state, g.scenario(), g.priorityDomain(), g.level(),
                g.jurisdiction(), g.datasetIds(), g.termStart(), g.termEnd(), g.agreement(), g.emergencyPlan(), suspension,
                rectification, g.createdAt(), g.createdBy(), activatedAt, endedAt, endReason);
    }
}
