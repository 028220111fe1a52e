package org.shuyu.controller.product;

import static java.util.Objects.requireNonNull;
import static org.shuyu.controller.product.ProductAuditEvents.abbreviate;

import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.shuyu.controller.audit.AuditEvent.Outcome;
import org.shuyu.controller.config.ProductProperties;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.grant.Grant;
import org.shuyu.controller.grant.GrantsForProducts;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.Role;
import org.shuyu.controller.product.check.ProductChecks;
import org.shuyu.controller.workspace.Workspace;
import org.shuyu.controller.workspace.WorkspaceService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * The background half of a submission: the snapshot job freezes the table (SUBMITTED to CHECKING), then the automatic
 * checks run (CHECKING to IN_REVIEW or REJECTED). Runs again after a restart for products left half-way.
 */
@Service
public class ProductPipeline {
    private static final Logger log = LoggerFactory.getLogger(ProductPipeline.class);

    private final ProductStore store;
    private final ProductSteps steps;
    private final ProductChecks checks;
    private final SnapshotTaker snapshots;
    private final SnapshotStore files;
    private final ProductFiles productFiles;
    private final GrantsForProducts grants;
    private final WorkspaceService workspaces;
    private final ProductProperties settings;
    private final ProductLineage lineage;
    private final ProductNotices notices;
    private final DisclosureStore disclosure;
    private final ExecutorService pipeline = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "product-airlock");
        t.setDaemon(true);
        return t;
    });

    public ProductPipeline(ProductStore store, ProductSteps steps, ProductChecks checks, SnapshotTaker snapshots,
            SnapshotStore files, ProductFiles productFiles, GrantsForProducts grants, WorkspaceService workspaces,
            ProductProperties settings, ProductLineage lineage, ProductNotices notices, DisclosureStore disclosure) {
        this.notices = requireNonNull(notices, "notices is null");
        this.store = requireNonNull(store, "store is null");
        this.steps = requireNonNull(steps, "steps is null");
        this.checks = requireNonNull(checks, "checks is null");
        this.snapshots = requireNonNull(snapshots, "snapshots is null");
        this.files = requireNonNull(files, "files is null");
        this.productFiles = requireNonNull(productFiles, "productFiles is null");
        this.grants = requireNonNull(grants, "grants is null");
        this.workspaces = requireNonNull(workspaces, "workspaces is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.lineage = requireNonNull(lineage, "lineage is null");
        this.disclosure = requireNonNull(disclosure, "disclosure is null");
    }

    /** Freezes and checks a submitted product in the background, the snapshot job running as {@code author}. */
    void start(Actor author, String id) {
        pipeline.execute(() -> freezeAndCheck(author, id));
    }

    /** Products a restart interrupted between submission and review are frozen and checked again. */
    @EventListener(ApplicationReadyEvent.class)
    public void resume() {
        for (ProductState state : ProductLifecycle.pipeline()) {
            for (Product p : store.inState(state)) {
                Actor author = new Actor(p.createdBy(), p.createdBy(), Set.of(Role.ENGINEER), Optional.empty());
                start(author, p.id());
            }
        }
    }

    @PreDestroy
    void stop() {
        pipeline.shutdownNow();
    }

    /** Snapshot, then checks, each only if the product is still waiting for it. */
    void freezeAndCheck(Actor author, String id) {
        try {
            Product p = store.find(id).orElseThrow();
            if (ProductLifecycle.accepts(p.state(), ProductEvent.SNAPSHOT_TAKEN)) {
                p = freeze(author, p);
            }
            if (p != null && ProductLifecycle.accepts(p.state(), ProductEvent.CHECKS_PASSED)) {
                check(p);
            }
        } catch (RuntimeException e) {
            log.error("product {}: snapshot or checks failed unexpectedly", id, e);
            fail(id, s -> ProductLifecycle.accepts(s, ProductEvent.FAIL), "internal error while checking: "
                    + abbreviate(String.valueOf(e.getMessage())));
        }
    }

    private Product freeze(Actor author, Product p) {
        Instant requested = steps.now();
        int revision = store.revision(p.id());
        String relative = ProductFiles.snapshotFile(p, revision);
        Path target = productFiles.storeDir().resolve(relative);
        SnapshotTaker.Taken taken;
        try {
            // A file left by an attempt a restart interrupted belongs to no recorded snapshot.
            Files.deleteIfExists(target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            taken = snapshots.take(author, p.grantId(), p.sourceTable(), settings.maxRows(), target);
        } catch (SandboxException e) {
            fail(p.id(), s -> ProductLifecycle.accepts(s, ProductEvent.SNAPSHOT_TAKEN),
                    "the snapshot could not be taken: " + e.getMessage());
            return null;
        }
        // The declared contribution tables are frozen with the candidate, by the same kind of job (docs/disclosure.md).
        List<ContributionDeclaration> declared = disclosure.contributions(p.id());
        for (int i = 0; i < declared.size(); i++) {
            Path file = productFiles.storeDir().resolve(ProductFiles.contributionFile(p, i));
            try {
                Files.deleteIfExists(file);
                snapshots.take(author, p.grantId(), declared.get(i).table(), settings.maxRows(), file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (SandboxException e) {
                fail(p.id(), s -> ProductLifecycle.accepts(s, ProductEvent.SNAPSHOT_TAKEN), "the contributions of column "
                        + declared.get(i).amountColumn() + " (table " + declared.get(i).table() + ") could not be frozen: "
                        + e.getMessage());
                return null;
            }
        }
        SnapshotStore.SnapshotInfo info = files.describe(target);
        Product.Snapshot snapshot = new Product.Snapshot(taken.jobId(), relative, info.rows(), info.bytes(), info.sha256(),
                requested);
        return steps.inTx(() -> {
            Product current = steps.lock(p.id());
            if (!ProductLifecycle.accepts(current.state(), ProductEvent.SNAPSHOT_TAKEN)) {
                return null; // withdrawn meanwhile
            }
            Instant now = steps.now();
            Product frozen = current.withSnapshot(snapshot, now);
            lineage.frozen(frozen, info.columns().stream().map(SnapshotStore.SnapshotColumn::name).toList(), revision);
            return steps.move(frozen, ProductLifecycle.TABLE.require(current.state(),
                    ProductEvent.SNAPSHOT_TAKEN), Optional.empty(), now, m -> ProductAuditEvents.bySystem(m.action(),
                            m.product(), Outcome.DONE, Optional.empty(), "job " + taken.jobId() + " froze " + info.rows()
                                    + " rows, " + info.bytes() + " bytes, sha256 " + info.sha256()));
        });
    }

    private void check(Product p) {
        Workspace workspace = workspaces.find(p.grantId())
                .orElseThrow(() -> SandboxException.notFound("workspace", p.grantId()));
        Grant grant = grants.grant(p.grantId()).orElseThrow(() -> SandboxException.notFound("grant", p.grantId()));
        Product.Snapshot snapshot = p.snapshot().orElseThrow();
        ProductChecks.Subject subject = new ProductChecks.Subject(p,
                workspace.databaseName().toLowerCase(Locale.ROOT) + "." + p.sourceTable(), Set.copyOf(grant.datasetIds()),
                productFiles.fileOf(snapshot), snapshot.takenAt(), store.releases(p.grantId()), declared(p, workspace));
        ProductChecks.Outcome outcome = checks.run(subject);
        steps.inTx(() -> {
            Product current = steps.lock(p.id());
            if (!ProductLifecycle.accepts(current.state(), ProductEvent.CHECKS_PASSED)) {
                return null;
            }
            store.putChecks(p.id(), outcome.results());
            store.putAggregation(p.id(), outcome.aggregation());
            String failed = outcome.results().stream().filter(r -> !r.passed()).map(r -> r.check().name())
                    .collect(Collectors.joining(", "));
            ProductEvent event = outcome.passed() ? ProductEvent.CHECKS_PASSED : ProductEvent.CHECKS_FAILED;
            Optional<String> reason = Optional.of(outcome.passed() ? "automatic checks passed; awaiting "
                    + ProductLifecycle.REQUIRED_APPROVALS + " independent expert reviews"
                    : "automatic checks failed: " + failed);
            Product moved = steps.move(current, ProductLifecycle.TABLE.require(current.state(), event), reason,
                    steps.now(), m -> ProductAuditEvents.bySystem(m.action(), m.product(), outcome.passed() ? Outcome.DONE
                            : Outcome.REFUSED, outcome.passed() ? Optional.empty() : Optional.of("CHECKS_FAILED"),
                            outcome.results().stream().map(r -> r.check() + " " + r.verdict())
                                    .collect(Collectors.joining(", "))));
            if (outcome.passed()) {
                notices.awaitsReview(moved, store.revision(moved.id()));
            } else {
                notices.ended(moved, "product.rejected", "failed its automatic checks: " + failed);
            }
            return moved;
        });
    }

    /** The product's declarations, each with its table as the lineage names it and the file it was frozen into. */
    private List<ProductChecks.Declared> declared(Product p, Workspace workspace) {
        List<ContributionDeclaration> declared = disclosure.contributions(p.id());
        List<ProductChecks.Declared> out = new ArrayList<>();
        for (int i = 0; i < declared.size(); i++) {
            out.add(new ProductChecks.Declared(declared.get(i), workspace.databaseName().toLowerCase(Locale.ROOT) + "."
                    + declared.get(i).table(), productFiles.storeDir().resolve(ProductFiles.contributionFile(p, i))));
        }
        return out;
    }

    /** Rejects the product (FAIL) if its state still satisfies {@code still}; audited as a refusal. */
    private void fail(String id, Predicate<ProductState> still, String reason) {
        steps.inTx(() -> {
            Product current = steps.lock(id);
            if (!still.test(current.state())) {
                return null;
            }
            return steps.move(current, ProductLifecycle.TABLE.require(current.state(), ProductEvent.FAIL),
                    Optional.of(abbreviate(reason)), steps.now(), m -> ProductAuditEvents.bySystem(m.action(),
                            m.product(), Outcome.REFUSED, Optional.of("CHECKS_FAILED"), reason));
        });
    }
}
