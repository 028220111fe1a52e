package org.shuyu.controller.product;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.shuyu.controller.grant.Grant;
import org.shuyu.controller.grant.GrantsForProducts;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.Permissions;
import org.shuyu.controller.identity.Jurisdiction;
import org.shuyu.controller.notification.Todo;
import org.shuyu.controller.notification.TodoSource;
import org.springframework.stereotype.Component;

/**
 * What the airlock waits for (docs/products.md, "Notices and to-dos"): an expert of the grant's jurisdiction reviews a
 * candidate in review that they have not reviewed in its current revision and may review (independence); the grant's
 * people and the operator's accountable person resubmit a returned candidate by its deadline; the authority of the
 * grant's jurisdiction lists an approved product.
 */
@Component
class ProductTodos implements TodoSource {
    private final ProductStore store;
    private final ProductQueries queries;
    private final ProductReviews reviews;
    private final ProductReturnDeadlines deadlines;
    private final GrantsForProducts grants;
    private final ProductSteps steps;

    ProductTodos(ProductStore store, ProductQueries queries, ProductReviews reviews, ProductReturnDeadlines deadlines,
            GrantsForProducts grants, ProductSteps steps) {
        this.store = requireNonNull(store, "store is null");
        this.queries = requireNonNull(queries, "queries is null");
        this.reviews = requireNonNull(reviews, "reviews is null");
        this.deadlines = requireNonNull(deadlines, "deadlines is null");
        this.grants = requireNonNull(grants, "grants is null");
        this.steps = requireNonNull(steps, "steps is null");
    }

    @Override
    public List<Todo> pending(Actor actor) {
        List<Todo> out = new ArrayList<>();
        Instant now = steps.now();
        for (Product p : store.inState(ProductState.IN_REVIEW)) {
            if (!jurisdiction(p).map(j -> Permissions.awaitsProductReviewBy(actor, j)).orElse(false)) {
                continue;
            }
            int revision = store.revision(p.id());
            boolean reviewed = store.reviews(p.id()).stream()
                    .anyMatch(r -> r.revision() == revision && r.reviewer().equals(actor.userId()));
            if (!reviewed && reviews.independence(actor, p).isEmpty()) {
                out.add(Todo.of("product.review", "review", "product", p.id(), "review product " + p.name() + " v"
                        + p.version() + " (revision " + revision + ")", "/api/v1/products/" + p.id()));
            }
        }
        for (Product p : store.inState(ProductState.APPROVED)) {
            if (jurisdiction(p).map(j -> Permissions.awaitsProductListingBy(actor, j)).orElse(false)) {
                out.add(Todo.of("product.list", "list", "product", p.id(), "list approved product " + p.name() + " v"
                        + p.version(), "/api/v1/products/" + p.id()));
            }
        }
        for (Product p : store.inState(ProductState.RETURNED)) {
            if (queries.actsForOperator(actor, p)) {
                out.add(Todo.due("product.returned", "resubmit", "product", p.id(), "revise and resubmit returned product "
                        + p.name() + " v" + p.version(), "/api/v1/products/" + p.id(), deadlines.dueOf(p), now));
            }
        }
        return out;
    }

    private Optional<Jurisdiction> jurisdiction(Product p) {
        return grants.grant(p.grantId()).map(Grant::jurisdiction);
    }
}
