package org.shuyu.controller.product;

import static java.util.Objects.requireNonNull;
import static org.shuyu.controller.product.ProductAuditEvents.abbreviate;

import java.time.Instant;
import java.util.Optional;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.grant.Grant;
import org.shuyu.controller.grant.GrantsForProducts;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.Permissions;
import org.shuyu.controller.product.check.DifferencingCheck;
import org.shuyu.controller.product.check.ProductChecks;
import org.springframework.stereotype.Service;

/**
 * Listing an approved product (the data authority) and delisting a listed one (the authority or the operator's
 * accountable person): delivery starts with the one and stops at once with the other.
 */
@Service
public class ProductListings {
    private final ProductStore store;
    private final ProductSteps steps;
    private final ProductQueries queries;
    private final GrantsForProducts grants;
    private final ProductEpoch epoch;
    private final ProductLineage lineage;

    public ProductListings(ProductStore store, ProductSteps steps, ProductQueries queries, GrantsForProducts grants,
            ProductEpoch epoch, ProductLineage lineage) {
        this.store = requireNonNull(store, "store is null");
        this.steps = requireNonNull(steps, "steps is null");
        this.queries = requireNonNull(queries, "queries is null");
        this.grants = requireNonNull(grants, "grants is null");
        this.epoch = requireNonNull(epoch, "epoch is null");
        this.lineage = requireNonNull(lineage, "lineage is null");
    }

    /**
     * Lists an approved product (the data authority). The grant must be active, and the product is compared with the
     * grant's release ledger once more: another product may have been listed since its checks ran.
     */
    public Product list(Actor actor, String id) {
        if (!Permissions.listsProducts(actor)) {
            throw new SandboxException(ErrorCode.FORBIDDEN_ROLE, "only the data authority lists products");
        }
        queries.visible(actor, id);
        return steps.inTx(() -> {
            Product p = steps.lock(id);
            var transition = ProductLifecycle.require(p, ProductEvent.LIST, "list");
            Grant grant = grants.lockGrant(p.grantId()).orElseThrow(() -> SandboxException.notFound("grant", p.grantId()));
            if (!grant.state().accessOpen()) {
                throw new SandboxException(ErrorCode.GRANT_NOT_ACTIVE, "grant " + grant.id() + " is "
                        + grant.state().shortName() + "; its products cannot be listed");
            }
            Optional<ProductChecks.Aggregation> aggregation = store.aggregation(id);
            Instant now = steps.now();
            if (aggregation.isPresent()) {
                CheckResult again = DifferencingCheck.compare(p.id(), aggregation, store.releases(p.grantId()),
                        aggregation.get().k());
                if (!again.passed()) {
                    throw new SandboxException(ErrorCode.DIFFERENCING_RISK, again.reason() + ": "
                            + String.join("; ", again.details()));
                }
                store.insertRelease(new ProductStore.Release(id, p.grantId(), aggregation.get().signature(),
                        aggregation.get().groups(), aggregation.get().k(), now));
            }
            lineage.listed(p, actor, now);
            return steps.move(p, transition, Optional.empty(), now, m -> ProductAuditEvents.done(actor, m.action(),
                    m.product(), "listed for scenario: " + p.scenario() + "; snapshot sha256 "
                            + p.snapshot().map(Product.Snapshot::sha256).orElse("-")));
        });
    }

    /** Delists a listed product (the authority, or the operator's accountable person): delivery stops at once. */
    public Product delist(Actor actor, String id, String reason) {
        Product current = queries.visible(actor, id);
        if (!Permissions.delistsProduct(actor, queries.accountable(actor, current))) {
            throw new SandboxException(ErrorCode.FORBIDDEN_ROLE, "only the data authority or the operator's accountable"
                    + " person delists a product");
        }
        Product delisted = steps.inTx(() -> {
            Product p = steps.lock(id);
            var transition = ProductLifecycle.require(p, ProductEvent.DELIST, "delist");
            Instant now = steps.now();
            lineage.delisted(p, now);
            return steps.move(p, transition,
                    Optional.of(reason == null || reason.isBlank() ? "delisted" : abbreviate(reason.strip())),
                    now, m -> ProductAuditEvents.done(actor, m.action(), m.product(),
                            m.product().stateReason().orElse("")));
        });
        epoch.advance();
        return delisted;
    }
}
