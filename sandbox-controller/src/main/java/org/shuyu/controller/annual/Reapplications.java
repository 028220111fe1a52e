package org.shuyu.controller.annual;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.shuyu.controller.audit.AuditLog;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.grant.Application;
import org.shuyu.controller.grant.ApplicationService;
import org.shuyu.controller.grant.ApplicationSubmissionCheck;
import org.shuyu.controller.grant.GrantLifecycle;
import org.shuyu.controller.grant.LifecycleEvent;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.Permissions;
import org.shuyu.controller.organization.Organization;
import org.shuyu.controller.organization.Organizations;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The annual evaluations as the basis of a re-application: whoever may read an application (its reviewers
 * among them) sees the applying organization's earlier evaluations; an organization with a FAIL evaluation submits an
 * application only with an explicit justification, which its accountable person records while the application is a
 * draft ({@link #check} refuses the submission with REAPPLICATION_JUSTIFICATION_REQUIRED otherwise).
 */
@Component
public class Reapplications implements ApplicationSubmissionCheck {
    static final int JUSTIFICATION_MAX = 4000;

    private final AnnualReportStore store;
    private final ApplicationService applications;
    private final Organizations organizations;
    private final AuditLog audit;
    private final Clock clock;

    public Reapplications(AnnualReportStore store, ApplicationService applications, Organizations organizations,
            AuditLog audit, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.applications = requireNonNull(applications, "applications is null");
        this.organizations = requireNonNull(organizations, "organizations is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** What a reviewer sees: the organization's evaluations (newest year first), whether one failed, the justification. */
    public record EarlierEvaluations(String applicationId, String organizationId, List<AnnualEvaluation> evaluations,
            boolean justificationRequired, Optional<AnnualReportStore.Justification> justification) {}

    public EarlierEvaluations of(Actor actor, String applicationId) {
        return of(applications.get(actor, applicationId));
    }

    private EarlierEvaluations of(Application application) {
        List<AnnualEvaluation> evaluations = store.evaluationsOf(application.organizationId());
        return new EarlierEvaluations(application.id(), application.organizationId(), evaluations,
                evaluations.stream().anyMatch(e -> e.grade().failing()), store.justification(application.id()));
    }

    /** The applicant's accountable person records why the organization applies again; only while the application is a draft. */
    @Transactional
    public EarlierEvaluations justify(Actor actor, String applicationId, String text) {
        Application application = applications.get(actor, applicationId);
        Organization organization = organizations.find(application.organizationId()).orElseThrow(() -> new SandboxException(
                ErrorCode.UNKNOWN_ORGANIZATION, "organization " + application.organizationId() + " does not exist"));
        if (!Permissions.writesAnnualReports(actor) || !organization.isAccountable(actor.userId())) {
            throw new SandboxException(ErrorCode.NOT_ACCOUNTABLE_PERSON, actor.userId()
                    + " is not the accountable person of organization " + organization.id());
        }
        if (!GrantLifecycle.allows(application.state(), LifecycleEvent.SUBMIT)) {
            throw new SandboxException(ErrorCode.REAPPLICATION_JUSTIFICATION_CLOSED, "application " + application.id()
                    + " is " + application.state() + "; a justification is recorded before submission");
        }
        if (text == null || text.isBlank() || text.length() > JUSTIFICATION_MAX) {
            throw new SandboxException(ErrorCode.REAPPLICATION_JUSTIFICATION_INVALID,
                    "justification must be 1-" + JUSTIFICATION_MAX + " characters");
        }
        store.putJustification(new AnnualReportStore.Justification(application.id(), text.strip(), actor.userId(),
                clock.instant()));
        audit.append(AnnualReportAuditEvents.justification(actor, application.id(), organization.id(), text.strip().length()));
        return of(application);
    }

    @Override
    public void check(Application application) {
        EarlierEvaluations earlier = of(application);
        if (earlier.justificationRequired() && earlier.justification().isEmpty()) {
            throw new SandboxException(ErrorCode.REAPPLICATION_JUSTIFICATION_REQUIRED, "organization "
                    + application.organizationId() + " has a FAIL annual evaluation; record a justification"
                    + " (PUT /api/v1/applications/" + application.id() + "/reapplication-justification) before submitting");
        }
    }
}
