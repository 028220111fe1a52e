package org.shuyu.controller.catalog;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.shuyu.controller.audit.AuditLog;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.Permissions;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The catalog: registers providers and datasets, and answers other features whether datasets
 * may be used. Every registration is one transaction with its audit record: nothing is half-written.
 */
@Service
public class CatalogService implements Catalog {
    private final CatalogStore store;
    private final AuditLog audit;
    private final Clock clock;

    public CatalogService(CatalogStore store, AuditLog audit, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<Dataset> find(String datasetId) {
        requireNonNull(datasetId, "datasetId is null");
        return Dataset.isValidId(datasetId) ? store.dataset(datasetId) : Optional.empty();
    }

    @Override
    @Transactional(readOnly = true)
    public void requireUsable(List<String> datasetIds) {
        requireNonNull(datasetIds, "datasetIds is null");
        Set<String> unknown = new LinkedHashSet<>();
        Set<String> prohibited = new LinkedHashSet<>();
        for (String id : new LinkedHashSet<>(datasetIds)) {
            Optional<Dataset> dataset = id == null ? Optional.empty() : find(id);
            if (dataset.isEmpty()) {
                unknown.add(String.valueOf(id));
            } else if (!dataset.get().openness().usable()) {
                prohibited.add(id);
            }
        }
        if (!unknown.isEmpty()) {
            throw new SandboxException(ErrorCode.UNKNOWN_DATASET,
                    (unknown.size() == 1 ? "dataset " : "datasets ") + String.join(", ", unknown)
                            + (unknown.size() == 1 ? " is" : " are") + " not in the catalog");
        }
        if (!prohibited.isEmpty()) {
            throw new SandboxException(ErrorCode.PROHIBITED_DATASET,
                    (prohibited.size() == 1 ? "dataset " : "datasets ") + String.join(", ", prohibited)
                            + (prohibited.size() == 1 ? " is" : " are")
                            + " prohibited from opening (R-04) and can never be part of a lab, an application or a grant");
        }
    }

    @Transactional(readOnly = true)
    public List<Dataset> datasets() {
        return store.datasets();
    }

    @Transactional(readOnly = true)
    public Optional<Provider> provider(String id) {
        return store.provider(id);
    }

    @Transactional(readOnly = true)
    public List<Provider> providers() {
        return store.providers();
    }

    /** Registers a provider; an authority only within its jurisdiction. */
    @Transactional
    public Provider registerProvider(Provider provider, Actor actor) {
        requireNonNull(provider, "provider is null");
        requireNonNull(actor, "actor is null");
        if (!Permissions.registersProviders(actor)) {
            throw new SandboxException(ErrorCode.FORBIDDEN_ROLE, "only the data authority registers providers");
        }
        if (!actor.covers(provider.jurisdiction())) {
            throw new SandboxException(ErrorCode.OUTSIDE_JURISDICTION, "provider " + provider.id() + " of jurisdiction "
                    + provider.jurisdiction().code() + " is outside your jurisdiction");
        }
        if (store.provider(provider.id()).isPresent()) {
            throw new SandboxException(ErrorCode.ALREADY_EXISTS, "provider " + provider.id() + " already exists");
        }
        store.insert(provider);
        audit.append(CatalogAuditEvents.providerRegistered(actor, provider));
        return provider;
    }

    /**
     * Registers a dataset with its schema. A provider-role user may register only for providers within their
     * jurisdiction; the authority may register for any provider.
     */
    @Transactional
    public Dataset registerDataset(DatasetRegistration registration, Actor actor) {
        requireNonNull(registration, "registration is null");
        requireNonNull(actor, "actor is null");
        Provider provider = store.provider(registration.providerId())
                .orElseThrow(() -> new SandboxException(ErrorCode.UNKNOWN_PROVIDER,
                        "provider " + registration.providerId() + " is not registered"));
        if (!Permissions.registersDatasetsOfAnyProvider(actor)) {
            if (!Permissions.registersDatasetsOfCoveredProviders(actor)) {
                throw new SandboxException(ErrorCode.FORBIDDEN_ROLE, "only providers and the data authority register datasets");
            }
            if (!actor.covers(provider.jurisdiction())) {
                throw new SandboxException(ErrorCode.OUTSIDE_JURISDICTION, "provider " + provider.id()
                        + " of jurisdiction " + provider.jurisdiction().code() + " is outside your jurisdiction");
            }
        }
        Dataset dataset = new Dataset(registration.id(), provider.id(), registration.title(), registration.description(),
                registration.openness(), registration.category(), registration.qualityStatus(), registration.personLevel(),
                registration.subjectColumn(), registration.rowCount(), registration.columns(),
                clock.instant().truncatedTo(ChronoUnit.MICROS), actor.userId());
        if (store.dataset(dataset.id()).isPresent()) {
            throw new SandboxException(ErrorCode.ALREADY_EXISTS, "dataset " + dataset.id() + " already exists");
        }
        store.insert(dataset);
        audit.append(CatalogAuditEvents.datasetRegistered(actor, dataset, provider));
        return dataset;
    }
}
