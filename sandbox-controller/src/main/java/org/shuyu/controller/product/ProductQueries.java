package org.shuyu.controller.product;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.Permissions;
import org.shuyu.controller.organization.Organizations;
import org.shuyu.controller.product.check.ProductChecks;
import org.shuyu.controller.workspace.WorkspaceService;
import org.springframework.stereotype.Service;

/**
 * Who sees which product: listed products everyone; the review file (checks, reviews, aggregation) the authority,
 * security supervisors, experts, and the grant's people (its members and the operator's accountable person).
 */
@Service
public class ProductQueries {
    private final ProductStore store;
    private final WorkspaceService workspaces;
    private final Organizations organizations;

    public ProductQueries(ProductStore store, WorkspaceService workspaces, Organizations organizations) {
        this.store = requireNonNull(store, "store is null");
        this.workspaces = requireNonNull(workspaces, "workspaces is null");
        this.organizations = requireNonNull(organizations, "organizations is null");
    }

    /** A product with its check results and reviews, as the API shows it. */
    public record View(Product product, List<CheckResult> checks, List<ProductStore.Review> reviews,
            Optional<ProductChecks.Aggregation> aggregation) {}

    public View get(Actor actor, String id) {
        Product p = visible(actor, id);
        boolean insider = insider(actor, p);
        return new View(p, insider ? store.checks(id) : List.of(), insider ? store.reviews(id) : List.of(),
                insider ? store.aggregation(id) : Optional.empty());
    }

    /**
     * The products the actor may see, optionally of one grant and one state: everything for the authority, security
     * supervisors and experts; a grant's own products for its members and accountable person; listed products for
     * everyone (the listing).
     */
    public List<Product> search(Actor actor, Optional<String> grantId, Optional<ProductState> state) {
        List<Product> all = grantId.map(store::ofGrant).orElseGet(store::all);
        List<Product> out = new ArrayList<>();
        for (Product p : all) {
            if (state.isPresent() && p.state() != state.get()) {
                continue;
            }
            if (ProductLifecycle.listed(p.state()) || insider(actor, p)) {
                out.add(p);
            }
        }
        return out;
    }

    /** The product as the actor may see it, or NOT_FOUND. */
    public Product visible(Actor actor, String id) {
        Product p = store.find(id).orElseThrow(() -> SandboxException.notFound("product", id));
        if (ProductLifecycle.listed(p.state()) || insider(actor, p)) {
            return p;
        }
        throw SandboxException.notFound("product", id);
    }

    /** Whether the actor sees the product's review file: supervisors, experts, the authority, its grant's people. */
    public boolean insider(Actor actor, Product p) {
        if (Permissions.seesEveryProduct(actor)) {
            return true;
        }
        return actsForOperator(actor, p);
    }

    /** The grant's current members and the operator's accountable person act for the operator. */
    public boolean actsForOperator(Actor actor, Product p) {
        boolean member = workspaces.subject(p.grantId()).map(s -> s.members().contains(actor.userId())).orElse(false);
        return member || accountable(actor, p);
    }

    /**
     * Whether the actor reads the product's data: supervisors, experts and the authority always; the grant's people
     * only while their grant is open (R-08: a suspended or ended grant reaches no data, not even its candidates').
     */
    public boolean readsDataOf(Actor actor, Product p) {
        return Permissions.seesEveryProduct(actor)
                || workspaces.subject(p.grantId()).map(WorkspaceService.Subject::open).orElse(false);
    }

    /** Whether the actor is the accountable person of the product's operator. */
    public boolean accountable(Actor actor, Product p) {
        return organizations.find(p.organizationId()).map(o -> o.isAccountable(actor.userId())).orElse(false);
    }
}
