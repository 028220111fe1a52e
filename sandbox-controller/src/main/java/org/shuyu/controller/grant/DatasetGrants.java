package org.shuyu.controller.grant;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.shuyu.controller.catalog.CatalogService;
import org.shuyu.controller.catalog.Dataset;
import org.shuyu.controller.catalog.Provider;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.Permissions;
import org.springframework.stereotype.Service;

/**
 * The grants that name a dataset: the provider's view of who uses its data. A provider-role user sees the grants of
 * the datasets of providers its jurisdiction covers, and no other; the authority's and supervisors' people see the
 * grants they may read anyway.
 */
@Service
public class DatasetGrants {
    private final LifecycleStore store;
    private final GrantVisibility visibility;
    private final CatalogService catalog;

    public DatasetGrants(LifecycleStore store, GrantVisibility visibility, CatalogService catalog) {
        this.store = requireNonNull(store, "store is null");
        this.visibility = requireNonNull(visibility, "visibility is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
    }

    public List<Grant> using(Actor actor, String datasetId) {
        Dataset dataset = catalog.find(datasetId).orElseThrow(() -> SandboxException.notFound("dataset", datasetId));
        List<Grant> naming = store.grants().stream().filter(g -> g.datasetIds().contains(dataset.id())).toList();
        Provider provider = catalog.provider(dataset.providerId()).orElseThrow();
        if (Permissions.seesGrantsOfDatasetsOf(actor, provider.jurisdiction())) {
            return naming;
        }
        if (Permissions.seesGrantsOfAnyDataset(actor)) {
            return naming.stream().filter(g -> visibility.mayRead(actor, g)).toList();
        }
        throw new SandboxException(ErrorCode.OUTSIDE_JURISDICTION, "only a provider of jurisdiction "
                + provider.jurisdiction().code() + " (or the authority and supervisors) sees the grants that use " + dataset.id());
    }
}
