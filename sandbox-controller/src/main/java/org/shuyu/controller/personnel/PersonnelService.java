package org.shuyu.controller.personnel;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.shuyu.controller.audit.AuditLog;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.Jurisdiction;
import org.shuyu.controller.identity.Permissions;
import org.shuyu.controller.identity.WorkspaceAccessChanged;
import org.shuyu.controller.organization.Organization;
import org.shuyu.controller.organization.Organizations;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The vetting registry of R-18. An operator's accountable person (R-24a) records, for each of its people, the four
 * items (pre-job training, real-name authentication, filing and vetting, signed confidentiality agreement) with
 * date and evidence; the data authority of the organization's jurisdiction and the security supervisors read
 * them. Every change is audited. {@link #missing} is what the workspace gate asks.
 */
@Service
public class PersonnelService implements PersonnelVetting {
    /** Dates (completion of an item) are Ningbo's. */
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9._@-]{1,200}");

    private final PersonnelStore store;
    private final Organizations organizations;
    private final AuditLog audit;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    public PersonnelService(PersonnelStore store, Organizations organizations, AuditLog audit, Clock clock,
                            ApplicationEventPublisher events) {
        this.store = requireNonNull(store, "store is null");
        this.organizations = requireNonNull(organizations, "organizations is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.events = requireNonNull(events, "events is null");
    }

    /** What the accountable person sends: the person's name and every item now held (an item left out is withdrawn). */
    public record PersonInput(String name, Map<VettingItem, ItemInput> items) {
        public PersonInput {
            items = items == null ? Map.of() : Map.copyOf(items);
        }
    }

    public record ItemInput(LocalDate completedOn, String evidence) {}

    @Override
    @Transactional(readOnly = true)
    public List<VettingItem> missing(String organizationId, String userId) {
        return store.find(organizationId, userId).map(PersonnelRecord::missing).orElse(List.of(VettingItem.values()));
    }

    @Transactional(readOnly = true)
    public PersonnelRecord get(Actor actor, String organizationId, String userId) {
        requireReader(actor, organization(organizationId));
        return store.find(organizationId, userId).orElseThrow(() -> new SandboxException(ErrorCode.NOT_FOUND,
                "no personnel record of " + userId + " in organization " + organizationId
                        + "; its accountable person records one with PUT"));
    }

    @Transactional(readOnly = true)
    public List<PersonnelRecord> list(Actor actor, String organizationId) {
        requireReader(actor, organization(organizationId));
        return store.all(organizationId);
    }

    /**
     * Records the person's vetting as sent: items sent are recorded (unchanged ones keep their original record),
     * items not sent are withdrawn. Withdrawing an item closes the person's workspace access at once.
     */
    @Transactional
    public PersonnelRecord put(Actor actor, String organizationId, String userId, PersonInput input) {
        requireNonNull(input, "input is null");
        Organization organization = organization(organizationId);
        if (!organization.isAccountable(actor.userId())) {
            throw new SandboxException(ErrorCode.NOT_ACCOUNTABLE_PERSON, actor.userId() + " is not the accountable person of organization "
                    + organizationId + "; only " + organization.accountableUserId() + " records its personnel's vetting (R-18, R-24a)");
        }
        if (userId == null || !USER_ID.matcher(userId).matches()) {
            throw SandboxException.invalid("userId must be 1-200 letters, digits or . _ @ -");
        }
        if (input.name() == null || input.name().isBlank() || input.name().length() > 200) {
            throw SandboxException.invalid("name is required (1-200 characters)");
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZONE);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Optional<PersonnelRecord> before = store.lock(organizationId, userId);
        Map<VettingItem, PersonnelRecord.Entry> items = new EnumMap<>(VettingItem.class);
        List<String> recorded = new ArrayList<>();
        for (Map.Entry<VettingItem, ItemInput> sent : input.items().entrySet()) {
            VettingItem item = requireNonNull(sent.getKey(), "item is null");
            ItemInput value = sent.getValue();
            if (value == null || value.completedOn() == null) {
                throw SandboxException.invalid("items." + item.name() + ".completedOn is required");
            }
            if (value.completedOn().isAfter(today)) {
                throw SandboxException.invalid("items." + item.name() + ".completedOn " + value.completedOn() + " is in the future");
            }
            if (value.evidence() == null || value.evidence().isBlank() || value.evidence().length() > 500) {
                throw SandboxException.invalid("items." + item.name() + ".evidence is required (1-500 characters): a reference to"
                        + " the certificate, filing number or signed document");
            }
            PersonnelRecord.Entry entry = new PersonnelRecord.Entry(value.completedOn(), value.evidence().strip(), now, actor.userId());
            PersonnelRecord.Entry kept = before.map(PersonnelRecord::items).map(m -> m.get(item))
                    .filter(old -> old.sameAs(entry)).orElse(null);
            if (kept == null) {
                recorded.add(item.name() + " (" + entry.completedOn() + ", " + entry.evidence() + ")");
            }
            items.put(item, kept != null ? kept : entry);
        }
        List<String> withdrawn = before.map(b -> b.items().keySet().stream().filter(item -> !items.containsKey(item))
                .map(Enum::name).toList()).orElse(List.of());
        boolean renamed = before.map(b -> !b.name().equals(input.name())).orElse(true);
        if (before.isPresent() && recorded.isEmpty() && withdrawn.isEmpty() && !renamed) {
            return before.get();
        }
        PersonnelRecord record = new PersonnelRecord(organizationId, userId, input.name(), items, now, actor.userId());
        store.put(record);
        audit.append(PersonnelAuditEvents.recorded(actor, before.isPresent(), record, recorded, withdrawn));
        events.publishEvent(WorkspaceAccessChanged.all("vetting of " + userId + " in " + organizationId));
        return record;
    }

    private Organization organization(String organizationId) {
        return organizations.find(organizationId).orElseThrow(() -> SandboxException.notFound("organization", organizationId));
    }

    /** The accountable person, the authority of the organization's jurisdiction, and security supervisors read vetting. */
    private static void requireReader(Actor actor, Organization organization) {
        if (organization.isAccountable(actor.userId()) || Permissions.readsAllPersonnel(actor)) {
            return;
        }
        if (Permissions.readsPersonnelOfCoveredOrganizations(actor)) {
            if (actor.covers(organization.jurisdiction())) {
                return;
            }
            throw new SandboxException(ErrorCode.OUTSIDE_JURISDICTION, "jurisdiction "
                    + actor.jurisdiction().map(Jurisdiction::code).orElse("(none)") + " does not cover organization "
                    + organization.id() + " (" + organization.jurisdiction().code() + ")");
        }
        throw new SandboxException(ErrorCode.NOT_ACCOUNTABLE_PERSON, actor.userId() + " is not the accountable person of organization "
                + organization.id() + "; personnel vetting is read by it, the data authority and security supervisors");
    }
}
