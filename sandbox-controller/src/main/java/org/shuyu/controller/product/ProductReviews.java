package org.shuyu.controller.product;

import static java.util.Objects.requireNonNull;
import static org.shuyu.controller.product.ProductAuditEvents.abbreviate;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.grant.GrantsForProducts;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.Permissions;
import org.shuyu.controller.organization.Organization;
import org.shuyu.controller.organization.Organizations;
import org.shuyu.controller.personnel.PersonnelStore;
import org.springframework.stereotype.Service;

/**
 * The expert review of a checked product (R-19b): each review by an independent expert is recorded; any rejection
 * rejects, and the second approval approves (the two-person rule is a guard of {@link ProductLifecycle}).
 */
@Service
public class ProductReviews {
    private final ProductStore store;
    private final ProductSteps steps;
    private final ProductQueries queries;
    private final GrantsForProducts grants;
    private final Organizations organizations;
    private final PersonnelStore personnel;
    private final ProductNotices notices;
    private final ProductReturnDeadlines deadlines;

    public ProductReviews(ProductStore store, ProductSteps steps, ProductQueries queries, GrantsForProducts grants,
            Organizations organizations, PersonnelStore personnel, ProductNotices notices,
            ProductReturnDeadlines deadlines) {
        this.notices = requireNonNull(notices, "notices is null");
        this.deadlines = requireNonNull(deadlines, "deadlines is null");
        this.store = requireNonNull(store, "store is null");
        this.steps = requireNonNull(steps, "steps is null");
        this.queries = requireNonNull(queries, "queries is null");
        this.grants = requireNonNull(grants, "grants is null");
        this.organizations = requireNonNull(organizations, "organizations is null");
        this.personnel = requireNonNull(personnel, "personnel is null");
    }

    /**
     * An expert's review. The expert must be independent: not the author, not a member (current or former) of the
     * grant, not the operator's accountable person, and not on the operator's personnel records. Any rejection
     * rejects; the second approval approves.
     */
    public Product review(Actor actor, String id, ProductStore.Review.Decision decision, String comment) {
        if (!Permissions.reviewsProducts(actor)) {
            throw new SandboxException(ErrorCode.FORBIDDEN_ROLE, "only expert reviewers review products");
        }
        if (decision == null) {
            throw invalid("decision is required: APPROVE or REJECT");
        }
        String text = comment == null ? "" : comment.strip();
        if (text.isEmpty() && decision == ProductStore.Review.Decision.REJECT) {
            throw invalid("a rejection needs a comment saying why");
        }
        if (text.length() > 4000) {
            throw invalid("comment must be at most 4000 characters");
        }
        Product current = queries.visible(actor, id);
        independence(actor, current).ifPresent(conflict -> {
            throw new SandboxException(ErrorCode.REVIEWER_NOT_INDEPENDENT, actor.userId() + " may not review product "
                    + id + ": " + conflict);
        });
        return steps.inTx(() -> {
            Product p = steps.lock(id);
            String recorded = ProductLifecycle.require(p, ProductEvent.REVIEW, "review").auditAction().orElseThrow();
            int revision = store.revision(id);
            List<ProductStore.Review> reviews = currentRound(id, revision);
            if (reviews.stream().anyMatch(r -> r.reviewer().equals(actor.userId()))) {
                throw new SandboxException(ErrorCode.ALREADY_REVIEWED, actor.userId() + " already reviewed product " + id
                        + " (revision " + revision + ")");
            }
            Instant now = steps.now();
            store.insertReview(id, new ProductStore.Review(actor.userId(), decision, text, now, revision));
            steps.append(ProductAuditEvents.done(actor, recorded, p, decision + (text.isEmpty() ? "" : ": "
                    + abbreviate(text))));
            long approvals = reviews.stream().filter(r -> r.decision() == ProductStore.Review.Decision.APPROVE).count()
                    + (decision == ProductStore.Review.Decision.APPROVE ? 1 : 0);
            if (decision == ProductStore.Review.Decision.REJECT) {
                Product rejected = steps.move(p, ProductLifecycle.require(p, ProductEvent.REJECT, "reject"), Optional.of(
                        "rejected in review by " + actor.userId() + ": " + abbreviate(text)), now,
                        m -> ProductAuditEvents.done(actor, m.action(), m.product(), m.product().stateReason().orElse("")));
                notices.ended(rejected, "product.rejected", "was rejected in review by " + actor.userId());
                return rejected;
            }
            ProductLifecycle.Facts facts = new ProductLifecycle.Facts(approvals);
            if (ProductLifecycle.holds(p.state(), ProductEvent.APPROVE, facts)) {
                Product approved = steps.move(p, ProductLifecycle.TABLE.apply(p.state(), ProductEvent.APPROVE, facts),
                        Optional.of("approved by " + approvals + " independent experts"), now,
                        m -> ProductAuditEvents.done(actor, m.action(), m.product(), m.product().stateReason().orElse("")));
                notices.approved(approved);
                return approved;
            }
            return p;
        });
    }

    /**
     * An expert returns the candidate for revision (issue 20): the comment saying what to change is required; the
     * revision's review round ends (its reviews stay as history) and the operator may resubmit by the deadline.
     */
    public Product returnForRevision(Actor actor, String id, String comment) {
        if (!Permissions.reviewsProducts(actor)) {
            throw new SandboxException(ErrorCode.FORBIDDEN_ROLE, "only expert reviewers return products for revision");
        }
        String text = comment == null ? "" : comment.strip();
        if (text.isEmpty()) {
            throw new SandboxException(ErrorCode.RETURN_COMMENT_REQUIRED, "a return needs a comment saying what to revise");
        }
        if (text.length() > 4000) {
            throw invalid("comment must be at most 4000 characters");
        }
        Product current = queries.visible(actor, id);
        independence(actor, current).ifPresent(conflict -> {
            throw new SandboxException(ErrorCode.REVIEWER_NOT_INDEPENDENT, actor.userId() + " may not review product "
                    + id + ": " + conflict);
        });
        return steps.inTx(() -> {
            Product p = steps.lock(id);
            var transition = ProductLifecycle.require(p, ProductEvent.RETURN, "return");
            int revision = store.revision(id);
            if (currentRound(id, revision).stream().anyMatch(r -> r.reviewer().equals(actor.userId()))) {
                throw new SandboxException(ErrorCode.ALREADY_REVIEWED, actor.userId() + " already reviewed product " + id
                        + " (revision " + revision + ")");
            }
            Instant now = steps.now();
            store.insertReview(id, new ProductStore.Review(actor.userId(), ProductStore.Review.Decision.RETURN, text, now,
                    revision));
            Product returned = steps.move(p, transition, Optional.of("revision " + revision + " returned for revision by "
                    + actor.userId() + ": " + abbreviate(text)), now, m -> ProductAuditEvents.done(actor, m.action(),
                            m.product(), "revision " + revision + " returned: " + abbreviate(text)));
            notices.returned(returned, revision, actor.userId(), deadlines.dueOf(returned));
            return returned;
        });
    }

    private List<ProductStore.Review> currentRound(String id, int revision) {
        return store.reviews(id).stream().filter(r -> r.revision() == revision).toList();
    }

    /** Why the actor is not independent of the product, if they are not. */
    Optional<String> independence(Actor actor, Product p) {
        String user = actor.userId();
        if (p.createdBy().equals(user)) {
            return Optional.of("they wrote it (self-review)");
        }
        if (grants.isOrWasMember(p.grantId(), user)) {
            return Optional.of("they are (or were) a member of grant " + p.grantId() + " (same operator)");
        }
        Optional<Organization> operator = organizations.find(p.organizationId());
        if (operator.map(o -> o.isAccountable(user)).orElse(false)) {
            return Optional.of("they are the accountable person of the operator " + p.organizationId());
        }
        if (personnel.find(p.organizationId(), user).isPresent()) {
            return Optional.of("they are on the personnel records of the operator " + p.organizationId());
        }
        return Optional.empty();
    }

    private static SandboxException invalid(String message) {
        return new SandboxException(ErrorCode.INVALID_PRODUCT, message);
    }
}
