package org.shuyu.controller.product;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.shuyu.controller.grant.Grant;
import org.shuyu.controller.grant.GrantsForProducts;
import org.shuyu.controller.identity.Jurisdiction;
import org.shuyu.controller.identity.Role;
import org.shuyu.controller.notification.Notice;
import org.shuyu.controller.notification.Notifications;
import org.shuyu.controller.notification.Recipient;
import org.shuyu.controller.organization.Organization;
import org.shuyu.controller.organization.Organizations;
import org.springframework.stereotype.Component;

/**
 * Who must act next in the airlock is told (docs/products.md, "Notices"): the experts of the grant's jurisdiction when
 * a candidate waits for review, the operator (the author and the operator's accountable person) when it is returned,
 * approved, rejected or withdrawn at its deadline, and the authority of the grant's jurisdiction when an approved
 * product waits to be listed. Sent inside the transition's transaction; summaries carry identifiers and states only.
 */
@Component
class ProductNotices {
    private final Notifications notifications;
    private final GrantsForProducts grants;
    private final Organizations organizations;

    ProductNotices(Notifications notifications, GrantsForProducts grants, Organizations organizations) {
        this.notifications = requireNonNull(notifications, "notifications is null");
        this.grants = requireNonNull(grants, "grants is null");
        this.organizations = requireNonNull(organizations, "organizations is null");
    }

    /** A candidate (revision {@code revision}) passed its checks and waits for the experts. */
    void awaitsReview(Product p, int revision) {
        jurisdictionOf(p).ifPresent(j -> notifications.send(Notice.of("product.review", Recipient.role(Role.EXPERT, j),
                "product", p.id(), "product " + p.name() + " v" + p.version() + " (revision " + revision
                        + ") waits for " + ProductLifecycle.REQUIRED_APPROVALS + " independent expert reviews")));
    }

    /** An expert returned the candidate: the operator revises and resubmits it by {@code due}. */
    void returned(Product p, int revision, String by, Instant due) {
        for (String user : operator(p)) {
            notifications.send(Notice.of("product.returned", Recipient.user(user), "product", p.id(), "product "
                    + p.name() + " v" + p.version() + " revision " + revision + " was returned for revision by " + by
                    + "; resubmit it or it is withdrawn").due(due));
        }
    }

    /** The candidate was approved (the operator is told) and waits for the authority to list it. */
    void approved(Product p) {
        for (String user : operator(p)) {
            notifications.send(Notice.of("product.approved", Recipient.user(user), "product", p.id(), "product "
                    + p.name() + " v" + p.version() + " was approved; the data authority lists it next"));
        }
        jurisdictionOf(p).ifPresent(j -> notifications.send(Notice.of("product.list", Recipient.role(Role.AUTHORITY, j),
                "product", p.id(), "product " + p.name() + " v" + p.version() + " was approved and waits to be listed")));
    }

    /** The candidate was rejected (in review, by its checks, or withdrawn at its return deadline). */
    void ended(Product p, String kind, String what) {
        for (String user : operator(p)) {
            notifications.send(Notice.of(kind, Recipient.user(user), "product", p.id(), "product " + p.name() + " v"
                    + p.version() + " " + what));
        }
    }

    private Optional<Jurisdiction> jurisdictionOf(Product p) {
        return grants.grant(p.grantId()).map(Grant::jurisdiction);
    }

    /** The author and the operator's accountable person. */
    private Set<String> operator(Product p) {
        Set<String> users = new LinkedHashSet<>();
        users.add(p.createdBy());
        organizations.find(p.organizationId()).map(Organization::accountableUserId).ifPresent(users::add);
        return users;
    }
}
