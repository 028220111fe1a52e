package org.shuyu.controller.product;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.workspace.Workspace;
import org.shuyu.controller.workspace.WorkspaceService;
import org.shuyu.lineage.EndReason;
import org.shuyu.lineage.LineageErrorCode;
import org.shuyu.lineage.LineageException;
import org.shuyu.lineage.store.LineageReachStore;
import org.shuyu.lineage.store.LineageStore;
import org.shuyu.lineage.store.ReachNames;
import org.shuyu.lineage.store.ReachRecords.DeliveryStart;
import org.shuyu.lineage.store.ReachRecords.ProductFreeze;
import org.shuyu.lineage.store.ReachRecords.ProductListing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The airlock's steps in the lineage graph (docs/lineage.md, "Beyond the workspace"): the freeze (table to product),
 * the listing (product to listing) and each delivery (listing to consumer), each written in the transaction of the
 * step it records. A product listed before the graph reached products is added on its first listing or delivery
 * (from its snapshot's columns). A listing or a delivery whose lineage cannot be written is refused
 * ({@code PRODUCT_LINEAGE_MISSING}): nothing leaves without its lineage.
 */
@Component
public class ProductLineage {
    private static final Logger log = LoggerFactory.getLogger(ProductLineage.class);

    private final LineageReachStore reach;
    private final LineageStore lineage;
    private final WorkspaceService workspaces;
    private final SnapshotStore snapshots;
    private final ProductFiles files;

    public ProductLineage(LineageReachStore reach, LineageStore lineage, WorkspaceService workspaces,
            SnapshotStore snapshots, ProductFiles files) {
        this.reach = requireNonNull(reach, "reach is null");
        this.lineage = requireNonNull(lineage, "lineage is null");
        this.workspaces = requireNonNull(workspaces, "workspaces is null");
        this.snapshots = requireNonNull(snapshots, "snapshots is null");
        this.files = requireNonNull(files, "files is null");
    }

    /**
     * Records the freeze of a snapshot just taken (inside the snapshot's transaction). A table without lineage is not
     * an error here: the LINEAGE_COMPLETE check rejects the product, and a rejected product never leaves.
     */
    void frozen(Product p, List<String> columns, int revision) {
        Product.Snapshot snapshot = p.snapshot().orElseThrow();
        try {
            reach.recordFreeze(freezeOf(p, columns, snapshot, revision));
        } catch (LineageException e) {
            if (e.code() != LineageErrorCode.UNKNOWN_DATASET && e.code() != LineageErrorCode.UNKNOWN_COLUMN) {
                throw missing(p, e);
            }
            log.info("product {}: its table has no complete lineage ({}); the automatic checks will reject it", p.id(),
                    e.code());
        }
    }

    /** Records a listing (inside the listing's transaction), adding the freeze first if it is missing. */
    void listed(Product p, Actor by, Instant at) {
        try {
            ensureFrozen(p);
            reach.recordListing(new ProductListing(p.id(), by.userId(), at));
        } catch (LineageException e) {
            throw missing(p, e);
        }
    }

    /** Ends the product's listing (inside the delisting's transaction). */
    void delisted(Product p, Instant at) {
        try {
            reach.endListing(p.id(), at, EndReason.DELISTED);
        } catch (LineageException e) {
            throw missing(p, e);
        }
    }

    /** Records an opened delivery (inside the transaction that meters it); refuses it if that cannot be done. */
    void deliveryOpened(DeliveryGate.Delivery d) {
        Product p = d.product();
        try {
            if (lineage.dataset(ReachNames.listing(p.id())).isEmpty()) {
                ensureFrozen(p);
                reach.recordListing(new ProductListing(p.id(), "(listed before lineage reached products)",
                        p.updatedAt()));
            }
            reach.recordDeliveryStart(new DeliveryStart(d.callId(), p.id(), d.caller().userId(), Optional.empty(),
                    d.channel().name(), d.scenario(), d.startedAt()));
        } catch (LineageException e) {
            throw missing(p, e);
        }
    }

    /** Records what a delivery sent and how it ended (inside the transaction that meters it). */
    void deliveryClosed(DeliveryGate.Delivery d, Instant at, long rows, long bytes, boolean completed) {
        try {
            reach.recordDeliveryEnd(d.callId(), at, rows, bytes, completed);
        } catch (LineageException e) {
            throw missing(d.product(), e);
        }
    }

    private void ensureFrozen(Product p) {
        if (lineage.dataset(ReachNames.product(p.id())).isPresent()) {
            return;
        }
        Product.Snapshot snapshot = p.snapshot().orElseThrow(() -> new SandboxException(
                ErrorCode.PRODUCT_LINEAGE_MISSING, "product " + p.id() + " has no snapshot"));
        List<String> columns = snapshots.describe(files.fileOf(snapshot)).columns().stream()
                .map(SnapshotStore.SnapshotColumn::name).toList();
        reach.recordFreeze(freezeOf(p, columns, snapshot, 1));
    }

    /** The freeze of the product's revision {@code revision} (a resubmitted revision is recorded as its own freeze). */
    private ProductFreeze freezeOf(Product p, List<String> columns, Product.Snapshot snapshot, int revision) {
        Workspace workspace = workspaces.find(p.grantId())
                .orElseThrow(() -> SandboxException.notFound("workspace", p.grantId()));
        String table = workspace.databaseName().toLowerCase(Locale.ROOT) + "." + p.sourceTable().toLowerCase(Locale.ROOT);
        // the snapshot's column names as the lineage spells them (the checks compare them ignoring case)
        List<String> known = lineage.columns(table).stream().map(c -> c.column().column()).toList();
        List<String> named = columns.stream().map(c -> known.stream().filter(k -> k.equalsIgnoreCase(c)).findFirst()
                .orElse(c)).toList();
        return new ProductFreeze(p.id(), workspace.id(), p.grantId(), p.organizationId(), p.createdBy(), table, named,
                snapshot.jobId(), snapshot.takenAt(), revision);
    }

    private static SandboxException missing(Product p, LineageException e) {
        return new SandboxException(ErrorCode.PRODUCT_LINEAGE_MISSING, "product " + p.id() + ": its lineage from the"
                + " workspace table to the consumer cannot be recorded (" + e.code() + "); nothing leaves without it", e);
    }
}
