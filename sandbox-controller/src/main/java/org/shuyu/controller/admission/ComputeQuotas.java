package org.shuyu.controller.admission;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.shuyu.controller.audit.AuditLog;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.Permissions;
import org.shuyu.controller.organization.Organization;
import org.shuyu.controller.organization.OrganizationStore;
import org.shuyu.controller.workspace.WorkspaceService;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The use cases behind the admission endpoints: the platform admin reads and sets an operator's compute quota;
 * supervisors read the whole admission picture, an operator's people only their own organizations' part of it
 * (an organization is a caller's own when it is the organization's accountable person or may read one of its
 * workspaces, i.e. is a member of it).
 */
@Service
public class ComputeQuotas {
    /** The most engines a quota may allow; beyond it the number is a typo, not a plan. */
    static final int MAX_ENGINES = 1000;

    private final Admission admission;
    private final OrganizationStore organizations;
    private final WorkspaceService workspaces;
    private final AuditLog audit;
    private final Clock clock;

    public ComputeQuotas(Admission admission, OrganizationStore organizations, WorkspaceService workspaces, AuditLog audit,
            Clock clock) {
        this.admission = requireNonNull(admission, "admission is null");
        this.organizations = requireNonNull(organizations, "organizations is null");
        this.workspaces = requireNonNull(workspaces, "workspaces is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** The organization's quota (set or default), if the actor may see the organization; else NOT_FOUND. */
    @Transactional(readOnly = true)
    public ComputeQuota get(Actor actor, String organizationId) {
        Organization organization = visible(actor, organizationId);
        return admission.quota(organization.id());
    }

    /**
     * Sets the organization's quota: the platform admin only (FORBIDDEN_ROLE), an existing organization in its
     * jurisdiction (NOT_FOUND), no negative number or more than {@value #MAX_ENGINES} engines (INVALID_QUOTA), not
     * above the capacity (QUOTA_ABOVE_CAPACITY). Audited ({@code admission.quota-set}). Held tickets are never taken
     * back by a lower quota; see {@link Admission#putQuota}.
     */
    @Transactional
    public ComputeQuota set(Actor actor, String organizationId, int maxCores, int maxMemoryMb, int maxEngines) {
        requireNonNull(actor, "actor is null");
        if (!Permissions.setsComputeQuotas(actor)) {
            throw new SandboxException(ErrorCode.FORBIDDEN_ROLE, "only the data authority sets compute quotas");
        }
        Organization organization = organizations.find(organizationId).filter(o -> actor.covers(o.jurisdiction()))
                .orElseThrow(() -> SandboxException.notFound("organization", organizationId));
        if (maxCores < 0 || maxMemoryMb < 0 || maxEngines < 0) {
            throw new SandboxException(ErrorCode.INVALID_QUOTA, "maxCores, maxMemoryMb and maxEngines must not be negative");
        }
        if (maxEngines > MAX_ENGINES) {
            throw new SandboxException(ErrorCode.INVALID_QUOTA, "maxEngines must be at most " + MAX_ENGINES + ", got " + maxEngines);
        }
        Capacity capacity = admission.capacity();
        if (maxCores > capacity.cores() || maxMemoryMb > capacity.memoryMb()) {
            throw new SandboxException(ErrorCode.QUOTA_ABOVE_CAPACITY, "the capacity is " + capacity.cores() + " cores and "
                    + capacity.memoryMb() + " MiB; asked " + maxCores + " cores and " + maxMemoryMb + " MiB");
        }
        ComputeQuota quota = new ComputeQuota(organization.id(), maxCores, maxMemoryMb, maxEngines,
                Optional.of(clock.instant().truncatedTo(ChronoUnit.MICROS)), Optional.of(actor.userId()));
        ComputeQuota current = admission.quota(organization.id());
        Optional<ComputeQuota> before = current.isDefault() ? Optional.empty() : Optional.of(current);
        audit.append(AdmissionAuditEvents.quotaSet(actor, before, quota));
        admission.putQuota(quota);
        return quota;
    }

    /** The admission picture as the actor may see it: everything for supervisors, else its own organizations' part. */
    @Transactional(readOnly = true)
    public Admission.Usage usage(Actor actor) {
        Admission.Usage all = admission.usage();
        if (Permissions.readsAllAdmission(actor)) {
            return all;
        }
        Set<String> own = ownOrganizations(actor);
        return new Admission.Usage(all.capacity(), all.usedCores(), all.usedMemoryMb(),
                all.operators().stream().filter(o -> own.contains(o.organizationId())).toList(),
                all.tickets().stream().filter(t -> own.contains(t.organizationId())).toList(),
                all.queue().stream().filter(q -> own.contains(q.organizationId())).toList());
    }

    private Organization visible(Actor actor, String organizationId) {
        Optional<Organization> organization = organizations.find(organizationId);
        boolean sees = organization.map(o -> Permissions.readsAllAdmission(actor) || ownOrganizations(actor).contains(o.id()))
                .orElse(false);
        if (!sees) {
            throw SandboxException.notFound("organization", organizationId);
        }
        return organization.get();
    }

    private Set<String> ownOrganizations(Actor actor) {
        Set<String> own = new LinkedHashSet<>();
        organizations.all().stream().filter(o -> o.isAccountable(actor.userId())).forEach(o -> own.add(o.id()));
        workspaces.list(actor).forEach(v -> own.add(v.workspace().organizationId()));
        return own;
    }
}
