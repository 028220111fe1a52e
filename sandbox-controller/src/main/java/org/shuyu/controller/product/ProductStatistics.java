package org.shuyu.controller.product;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.shuyu.controller.audit.AuditLog;
import org.shuyu.controller.config.ProductProperties;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.product.check.ProductChecks;
import org.shuyu.controller.workspace.Workspace;
import org.shuyu.controller.workspace.WorkspaceService;
import org.shuyu.lineage.Sensitivity;
import org.shuyu.lineage.store.ColumnSensitivity;
import org.shuyu.lineage.store.LineageStore;
import org.shuyu.policy.Classification;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * A candidate's per-column statistics for its reviewers (issue 20, {@link ColumnStatistics}): computed once per
 * snapshot digest and stored, read by who reads its rows (the review file's readers; others get 404). k is the
 * product's minimum cell size (what the checks measured it against; the strictest one when the checks measured none).
 * A column is withheld when its lineage marks it identifying (direct identifier, contact, health or social) or graded
 * above {@code sandbox.products.max-inherited-grade}, and every column is withheld when the table's lineage is unknown.
 * Every read is audited ({@code product.statistics}).
 */
@Service
public class ProductStatistics {
    private static final Set<Classification> IDENTIFYING = Set.of(Classification.DIRECT_IDENTIFIER,
            Classification.CONTACT, Classification.HEALTH_SOCIAL);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ProductQueries products;
    private final ProductStore store;
    private final ProductFiles files;
    private final SnapshotStore snapshots;
    private final LineageStore lineage;
    private final WorkspaceService workspaces;
    private final ProductProperties settings;
    private final AuditLog audit;
    private final ProductSteps steps;

    public ProductStatistics(ProductQueries products, ProductStore store, ProductFiles files, SnapshotStore snapshots,
            LineageStore lineage, WorkspaceService workspaces, ProductProperties settings, AuditLog audit,
            ProductSteps steps) {
        this.products = requireNonNull(products, "products is null");
        this.store = requireNonNull(store, "store is null");
        this.files = requireNonNull(files, "files is null");
        this.snapshots = requireNonNull(snapshots, "snapshots is null");
        this.lineage = requireNonNull(lineage, "lineage is null");
        this.workspaces = requireNonNull(workspaces, "workspaces is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.steps = requireNonNull(steps, "steps is null");
    }

    public ColumnStatistics.Table statistics(Actor actor, String id) {
        Product p = products.visible(actor, id);
        if (!products.insider(actor, p)) {
            throw SandboxException.notFound("product", id);
        }
        if (!products.readsDataOf(actor, p)) {
            throw new SandboxException(ErrorCode.GRANT_NOT_ACTIVE, "grant " + p.grantId() + " is not active: its people"
                    + " read no product statistics until access is restored (R-08)");
        }
        Product.Snapshot snapshot = p.snapshot().orElseThrow(() -> new SandboxException(ErrorCode.PRODUCT_NOT_FROZEN,
                "product " + id + " has no snapshot (state " + p.state() + "): statistics are read from the frozen"
                        + " snapshot"));
        Optional<String> stored = store.statistics(id, snapshot.sha256());
        ColumnStatistics.Table table;
        if (stored.isPresent()) {
            table = JSON.readValue(stored.get(), ColumnStatistics.Table.class);
        } else {
            table = ColumnStatistics.of(snapshots, files.fileOf(snapshot), k(p), withheld(p));
            String json = JSON.writeValueAsString(table);
            steps.inTx(() -> {
                store.putStatistics(id, snapshot.sha256(), json, steps.now());
                return null;
            });
        }
        audit.append(ProductAuditEvents.done(actor, "product.statistics", p, "statistics of " + table.columns().size()
                + " column(s) of the snapshot read (k " + table.k() + ")"));
        return table;
    }

    /** The product's minimum cell size: what the checks measured it against, else the strictest one. */
    int k(Product p) {
        return store.aggregation(p.id()).map(ProductChecks.Aggregation::k)
                .orElse(settings.minGroupSize().forGrade(4));
    }

    /** The snapshot's columns whose values are not shown (all of them when the table's lineage is unknown). */
    Set<String> withheld(Product p) {
        Optional<Workspace> workspace = workspaces.find(p.grantId());
        List<ColumnSensitivity> columns = workspace.map(w -> lineage.columns(w.databaseName()
                .toLowerCase(Locale.ROOT) + "." + p.sourceTable().toLowerCase(Locale.ROOT))).orElse(List.of());
        Set<String> all = p.snapshot().map(s -> snapshots.describe(files.fileOf(s)).columns().stream()
                .map(SnapshotStore.SnapshotColumn::name).collect(Collectors.toSet())).orElse(Set.of());
        if (columns.isEmpty()) {
            return all;
        }
        Set<String> hidden = columns.stream().filter(c -> c.sensitivity().map(this::sensitive).orElse(false))
                .map(c -> c.column().column().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        return all.stream().filter(name -> hidden.contains(name.toLowerCase(Locale.ROOT))).collect(Collectors.toSet());
    }

    private boolean sensitive(Sensitivity s) {
        return IDENTIFYING.contains(s.classification()) || s.grade() > settings.maxInheritedGrade();
    }
}
