package org.shuyu.controller.product;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.shuyu.controller.audit.AuditLog;
import org.shuyu.controller.config.SandboxProperties;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.Actor;
import org.springframework.stereotype.Service;

/**
 * A candidate's data as its reviewers read it (issue 18, docs/console-products.md): the first rows of the frozen
 * snapshot, at most the preview cap ({@code sandbox.jobs.preview-max-rows}, like a workspace table's preview). Only
 * who sees the review file (experts, supervisors, the authority, the grant's people) reads it; everyone else gets
 * 404 as for an unknown product. Every read is audited ({@code product.preview}).
 */
@Service
public class ProductPreviews {
    private final ProductQueries products;
    private final ProductFiles files;
    private final SnapshotStore snapshots;
    private final AuditLog audit;
    private final int cap;

    public ProductPreviews(ProductQueries products, ProductFiles files, SnapshotStore snapshots, AuditLog audit,
            SandboxProperties sandbox) {
        this.products = requireNonNull(products, "products is null");
        this.files = requireNonNull(files, "files is null");
        this.snapshots = requireNonNull(snapshots, "snapshots is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.cap = sandbox.jobs().previewMaxRows();
    }

    /** The snapshot's columns, its first {@code limit} rows (in file order), its row count and the cap applied. */
    public record Preview(List<SnapshotStore.SnapshotColumn> columns, List<List<Object>> rows, long totalRows, int cap,
            boolean truncated) {}

    /** The preview cap: the most rows one preview returns. */
    public int cap() {
        return cap;
    }

    public Preview preview(Actor actor, String id, Integer limit) {
        int wanted = limit == null ? cap : limit;
        if (wanted < 1 || wanted > cap) {
            throw SandboxException.invalid("limit must be between 1 and the preview cap " + cap);
        }
        Product p = products.visible(actor, id);
        if (!products.insider(actor, p)) {
            throw SandboxException.notFound("product", id);
        }
        if (!products.readsDataOf(actor, p)) {
            throw new SandboxException(ErrorCode.GRANT_NOT_ACTIVE, "grant " + p.grantId() + " is not active: its people"
                    + " read no product data until access is restored (R-08)");
        }
        Product.Snapshot snapshot = p.snapshot().orElseThrow(() -> new SandboxException(ErrorCode.PRODUCT_NOT_FROZEN,
                "product " + id + " has no snapshot (state " + p.state() + "): its data is read from the frozen snapshot"));
        Path file = files.fileOf(snapshot);
        SnapshotStore.SnapshotInfo info = snapshots.describe(file);
        List<String> names = info.columns().stream().map(SnapshotStore.SnapshotColumn::name).toList();
        List<List<Object>> rows = new ArrayList<>();
        snapshots.scan(file, names, row -> {
            if (rows.size() < wanted) {
                rows.add(Collections.unmodifiableList(new ArrayList<>(row)));
            }
        });
        audit.append(ProductAuditEvents.done(actor, "product.preview", p, rows.size() + " of " + info.rows()
                + " row(s) of the snapshot read (cap " + cap + ")"));
        return new Preview(info.columns(), rows, info.rows(), cap, info.rows() > rows.size());
    }
}
