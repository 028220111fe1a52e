package org.shuyu.controller.grant;

import static java.util.Objects.requireNonNull;
import static org.shuyu.controller.grant.LifecycleInputs.requireText;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.shuyu.controller.audit.AuditLog;
import org.shuyu.controller.config.IdGenerator;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.Jurisdiction;
import org.shuyu.controller.identity.Permissions;
import org.shuyu.controller.identity.Role;
import org.shuyu.controller.organization.Organization;
import org.shuyu.controller.workflow.Transition;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Formal applications, the authorities' side: expert and sector review, deliberation by the coordination body
 * of the application's level and approval, and rejection.
 */
@Service
public class ApplicationReviews {
    private final ApplicationStore store;
    private final GrantVisibility visibility;
    private final AuditLog audit;
    private final Clock clock;
    private final IdGenerator ids;

    public ApplicationReviews(ApplicationStore store, GrantVisibility visibility, AuditLog audit, Clock clock, IdGenerator ids) {
        this.store = requireNonNull(store, "store is null");
        this.visibility = requireNonNull(visibility, "visibility is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.ids = requireNonNull(ids, "ids is null");
    }

    public record RecordReview(List<Application.Opinion> opinions) {}

    public record Deliberate(LocalDate meetingDate, String attendees, String minutes, Application.Outcome outcome) {}

    public record Approve(String decisionNumber, LocalDate approvedOn, String note) {}

    /** An expert or sector authority records opinions on all four points of R-14. */
    @Transactional
    public Application review(Actor actor, String applicationId, RecordReview command) {
        if (command.opinions() == null) {
            throw SandboxException.invalid("opinions are required");
        }
        Map<ReviewPoint, Application.Opinion> byPoint = new EnumMap<>(ReviewPoint.class);
        for (Application.Opinion opinion : command.opinions()) {
            if (opinion == null || opinion.comment().isBlank()) {
                throw SandboxException.invalid("every opinion needs a point, a verdict and a comment");
            }
            if (byPoint.put(opinion.point(), opinion) != null) {
                throw SandboxException.invalid("point " + opinion.point() + " appears twice");
            }
        }
        Set<ReviewPoint> missing = EnumSet.allOf(ReviewPoint.class);
        missing.removeAll(byPoint.keySet());
        if (!missing.isEmpty()) {
            throw new SandboxException(ErrorCode.REVIEW_INCOMPLETE, "a review must give an opinion on all four points of R-14; missing: " + missing);
        }
        Application application = visibility.lockApplication(actor, applicationId);
        Organization organization = visibility.organization(application.organizationId());
        if (actor.userId().equals(organization.accountableUserId())) {
            throw new SandboxException(ErrorCode.REVIEWER_CONFLICT, "the applicant's accountable person cannot review its own application");
        }
        Transition<LifecycleState, LifecycleEvent, Object> transition =
                GrantLifecycle.apply(application.state(), LifecycleEvent.RECORD_REVIEW, application);
        if (application.reviews().stream().anyMatch(r -> r.reviewer().equals(actor.userId()))) {
            throw new SandboxException(ErrorCode.ALREADY_EXISTS, actor.userId() + " has already reviewed application " + application.id());
        }
        Application.ReviewerKind kind = Permissions.reviewsAsExpert(actor) ? Application.ReviewerKind.EXPERT : Application.ReviewerKind.SECTOR;
        Application.Review review = new Application.Review(ids.next("review"), actor.userId(), kind,
                new ArrayList<>(byPoint.values()), clock.instant());
        store.insertReview(application.id(), review);
        store.updateApplication(application.moved(transition.to(), application.submittedAt(), application.closedReason()));
        audit.append(GrantAuditEvents.application(actor, transition.auditAction().orElseThrow(), application,
                kind + " review: " + byPoint.values().stream().map(o -> o.point() + "=" + o.verdict()).toList()));
        return store.application(application.id()).orElseThrow();
    }

    /**
     * The coordination body of the application's level records its deliberation minutes: outcome APPROVE
     * is the event DELIBERATE, outcome REJECT the event REJECT. While reviews are still being collected, deliberating
     * to approve without an expert and a sector review is refused as REVIEW_INCOMPLETE (the guard of DELIBERATE), not as
     * an illegal transition; an application is deliberated once.
     */
    @Transactional
    public Application deliberate(Actor actor, String applicationId, Deliberate command) {
        if (command.meetingDate() == null || command.outcome() == null) {
            throw SandboxException.invalid("meetingDate and outcome (APPROVE or REJECT) are required");
        }
        requireText(command.minutes(), "minutes");
        requireText(command.attendees(), "attendees");
        Application application = visibility.lockApplication(actor, applicationId);
        ActingRights.requireLevel(actor, application.level(), application.jurisdiction(), "deliberation");
        LifecycleEvent event = command.outcome() == Application.Outcome.APPROVE ? LifecycleEvent.DELIBERATE : LifecycleEvent.REJECT;
        if (event == LifecycleEvent.DELIBERATE && GrantLifecycle.inReview(application.state())) {
            GrantLifecycle.EXPERT_AND_SECTOR_REVIEW.refusal(application).ifPresent(refusal -> {
                throw refusal;
            });
        }
        if (application.deliberation().isPresent()) {
            throw new SandboxException(ErrorCode.ILLEGAL_TRANSITION, "application " + application.id() + " has already been deliberated");
        }
        LifecycleState next = GrantLifecycle.apply(application.state(), event, application).to();
        Application.Deliberation deliberation = new Application.Deliberation(
                (application.level() == Jurisdiction.Level.MUNICIPAL ? "municipal" : "county " + application.jurisdiction().code())
                        + " coordination body",
                actor.jurisdiction().orElseThrow(), command.meetingDate(), command.attendees(), command.minutes(), command.outcome(),
                actor.userId(), clock.instant());
        store.insertDeliberation(application.id(), deliberation);
        Optional<String> closed = event == LifecycleEvent.REJECT ? Optional.of("rejected at deliberation") : application.closedReason();
        store.updateApplication(application.moved(next, application.submittedAt(), closed));
        // Recorded as a deliberation whatever its outcome (a rejection at deliberation is not application.reject).
        audit.append(GrantAuditEvents.application(actor, "application.deliberate", application,
                "outcome " + command.outcome() + ", meeting " + command.meetingDate()));
        return store.application(application.id()).orElseThrow();
    }

    /** Approval: the leading group for municipal grants, the county coordination body for county grants. */
    @Transactional
    public Application approve(Actor actor, String applicationId, Approve command) {
        requireText(command.decisionNumber(), "decisionNumber");
        if (command.approvedOn() == null) {
            throw SandboxException.invalid("approvedOn is required");
        }
        Application application = visibility.lockApplication(actor, applicationId);
        Role required = Permissions.approvingBody(application.level());
        if (!Permissions.approvesApplication(actor, application.level())) {
            throw new SandboxException(ErrorCode.WRONG_DECISION_LEVEL, application.level().name().toLowerCase()
                    + "-level grants are approved by the " + (required == Role.LEADING_GROUP ? "municipal leading group" : "county coordination body"));
        }
        ActingRights.requireLevel(actor, application.level(), application.jurisdiction(), "approval");
        if (GrantLifecycle.inReview(application.state())) {
            throw new SandboxException(ErrorCode.DELIBERATION_MISSING,
                    "application " + application.id() + " has no deliberation minutes yet; approval follows deliberation (R-15)");
        }
        Transition<LifecycleState, LifecycleEvent, Object> transition =
                GrantLifecycle.apply(application.state(), LifecycleEvent.APPROVE, application);
        Application.Approval approval = new Application.Approval(required.realmRole(), actor.jurisdiction().orElseThrow(),
                command.decisionNumber(), command.approvedOn(), Optional.ofNullable(command.note()).orElse(""), actor.userId(), clock.instant());
        store.insertApproval(application.id(), approval);
        store.updateApplication(application.moved(transition.to(), application.submittedAt(), application.closedReason()));
        audit.append(GrantAuditEvents.application(actor, transition.auditAction().orElseThrow(), application,
                "decision " + command.decisionNumber() + " of " + command.approvedOn()));
        return store.application(application.id()).orElseThrow();
    }

    @Transactional
    public Application reject(Actor actor, String applicationId, String reason) {
        requireText(reason, "reason");
        Application application = visibility.lockApplication(actor, applicationId);
        ActingRights.requireJurisdiction(actor, application.jurisdiction());
        LifecycleState next = GrantLifecycle.apply(application.state(), LifecycleEvent.REJECT, application).to();
        Application rejected = application.moved(next, application.submittedAt(), Optional.of(reason));
        store.updateApplication(rejected);
        // The REJECT rows before deliberation are shared with a rejection at deliberation: the action is named here.
        audit.append(GrantAuditEvents.application(actor, "application.reject", application, reason));
        return rejected;
    }
}
