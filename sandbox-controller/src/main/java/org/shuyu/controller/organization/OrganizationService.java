package org.shuyu.controller.organization;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.shuyu.controller.audit.AuditLog;
import org.shuyu.controller.config.IdGenerator;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.Permissions;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applicant and operator organizations (R-06, R-24a). An applicant-role user registers only an organization
 * that names them as accountable person, within their jurisdiction; the authority registers any within its
 * jurisdiction. Readers see the organizations their jurisdiction covers.
 */
@Service
public class OrganizationService implements Organizations {
    private final OrganizationStore store;
    private final AuditLog audit;
    private final Clock clock;
    private final IdGenerator ids;

    public OrganizationService(OrganizationStore store, AuditLog audit, Clock clock, IdGenerator ids) {
        this.store = requireNonNull(store, "store is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.ids = requireNonNull(ids, "ids is null");
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<Organization> find(String organizationId) {
        requireNonNull(organizationId, "organizationId is null");
        return store.find(organizationId);
    }

    /** The organization if it exists and {@code actor}'s jurisdiction covers it. */
    @Transactional(readOnly = true)
    public Optional<Organization> find(String organizationId, Actor actor) {
        return find(organizationId).filter(o -> actor.covers(o.jurisdiction()));
    }

    /** The organizations {@code actor}'s jurisdiction covers. */
    @Transactional(readOnly = true)
    public List<Organization> visibleTo(Actor actor) {
        return store.all().stream().filter(o -> actor.covers(o.jurisdiction())).toList();
    }

    @Transactional
    public Organization register(OrganizationRegistration registration, Actor actor) {
        requireNonNull(registration, "registration is null");
        requireNonNull(actor, "actor is null");
        if (!Permissions.registersAnyOrganization(actor)) {
            if (!Permissions.registersOwnOrganization(actor)) {
                throw new SandboxException(ErrorCode.FORBIDDEN_ROLE,
                        "only applicants' accountable persons and the data authority register organizations");
            }
            if (!registration.accountableUserId().equals(actor.userId())) {
                throw new SandboxException(ErrorCode.NOT_ACCOUNTABLE_PERSON, "you may register only an organization"
                        + " that names you (" + actor.userId() + ") as its accountable person, not "
                        + registration.accountableUserId());
            }
        }
        if (!actor.covers(registration.jurisdiction())) {
            throw new SandboxException(ErrorCode.OUTSIDE_JURISDICTION, "jurisdiction "
                    + registration.jurisdiction().code() + " is outside your jurisdiction");
        }
        LocalDate today = LocalDate.now(clock);
        if (registration.establishedOn().isAfter(today)) {
            throw SandboxException.invalid("establishedOn " + registration.establishedOn() + " is in the future");
        }
        store.findByUscc(registration.uscc()).ifPresent(existing -> {
            throw new SandboxException(ErrorCode.ALREADY_EXISTS,
                    "an organization with USCC " + registration.uscc() + " already exists (" + existing.id() + ")");
        });
        Organization organization = new Organization(ids.next("org"), registration.name(), registration.uscc(),
                registration.jurisdiction(), registration.establishedOn(), registration.accountableUserId(),
                registration.accountableName(), clock.instant().truncatedTo(ChronoUnit.MICROS), actor.userId());
        store.insert(organization);
        audit.append(OrganizationAuditEvents.registered(actor, organization));
        return organization;
    }
}
