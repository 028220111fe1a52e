package org.shuyu.controller.quality;

import static java.util.Objects.requireNonNull;

import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.grant.Grant;
import org.shuyu.controller.grant.GrantStore;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.Permissions;
import org.shuyu.controller.organization.Organizations;
import org.springframework.stereotype.Component;

/**
 * Who may see and act on a quality request: the operator of its grant (a current engineer member or the accountable
 * person of the grant's organization), the dataset's provider (a provider-role user covering the provider's
 * jurisdiction), the authority covering that jurisdiction and security supervisors (read only). A caller who may not
 * see a request gets NOT_FOUND, as for one that does not exist.
 */
@Component
class QualityAccess {
    private final GrantStore grants;
    private final Organizations organizations;

    QualityAccess(GrantStore grants, Organizations organizations) {
        this.grants = requireNonNull(grants, "grants is null");
        this.organizations = requireNonNull(organizations, "organizations is null");
    }

    boolean operatorOf(Actor actor, String grantId, String organizationId) {
        String accountable = organizations.find(organizationId).map(o -> o.accountableUserId()).orElse("");
        return Permissions.actsForOperatorOnQuality(actor, accountable,
                () -> grants.member(grantId, actor.userId()).filter(Grant.Member::current).isPresent());
    }

    boolean operatorOf(Actor actor, QualityRequest r) {
        return operatorOf(actor, r.grantId(), r.organizationId());
    }

    boolean mayRead(Actor actor, QualityRequest r) {
        return Permissions.readsQualityRequestsOf(actor, r.providerJurisdiction()) || operatorOf(actor, r);
    }

    /** The request if the actor may see it; NOT_FOUND otherwise. */
    QualityRequest visible(Actor actor, QualityRequest r) {
        if (!mayRead(actor, r)) {
            throw SandboxException.notFound("quality request", r.id());
        }
        return r;
    }

    void requireOperator(Actor actor, QualityRequest r) {
        if (!operatorOf(actor, r)) {
            throw new SandboxException(ErrorCode.QUALITY_NOT_OPERATOR, "only the operator of grant " + r.grantId()
                    + " (a current engineer member or its accountable person) may do this to quality request " + r.id());
        }
    }

    void requireProvider(Actor actor, QualityRequest r) {
        if (!Permissions.answersQualityRequestsOf(actor, r.providerJurisdiction())) {
            throw new SandboxException(ErrorCode.QUALITY_NOT_PROVIDER, "only a provider of jurisdiction "
                    + r.providerJurisdiction().code() + " answers quality request " + r.id() + " against " + r.datasetId());
        }
    }
}
