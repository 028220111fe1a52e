package org.shuyu.controller.product;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.shuyu.controller.audit.AuditEvent;
import org.shuyu.controller.audit.AuditLog;
import org.shuyu.controller.config.SandboxProperties;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.grant.GrantDataErased;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The product store on disk: one directory per product under {@code <data-dir>/products}, holding its snapshot
 * ({@code <id>/data.arrow}); deleted with the data of an ended grant (R-17a).
 */
@Component
public class ProductFiles {
    private final ProductStore store;
    private final AuditLog audit;
    private final Path storeDir;

    public ProductFiles(ProductStore store, AuditLog audit, SandboxProperties sandbox) {
        this.store = requireNonNull(store, "store is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.storeDir = sandbox.dataDir().resolve("products").toAbsolutePath().normalize();
    }

    /** The directory snapshots are kept in; a product's file is {@code <id>/data.arrow} under it. */
    public Path storeDir() {
        return storeDir;
    }

    public Path fileOf(Product.Snapshot snapshot) {
        Path file = storeDir.resolve(snapshot.file()).normalize();
        if (!file.startsWith(storeDir)) {
            throw new SandboxException(ErrorCode.SNAPSHOT_UNREADABLE, "snapshot path outside the product store");
        }
        return file;
    }

    /**
     * Where the snapshot of a product's revision is written: the first in {@code <id>/data.arrow}, a resubmitted one
     * in {@code <id>/r<revision>/data.arrow} (the earlier revision's file stays until the grant's data is deleted).
     */
    static String snapshotFile(Product p, int revision) {
        return revision == 1 ? p.id() + "/data.arrow" : p.id() + "/r" + revision + "/data.arrow";
    }

    /** Where the frozen contributions of the {@code index}-th declaration (by amount column) are written. */
    static String contributionFile(Product p, int index) {
        return p.id() + "/contributions-" + index + ".arrow";
    }

    /**
     * An ended grant's data is deleted (R-17a): so are the snapshots of all its products, listed or not (delivery
     * stopped when the grant ended). The product records, their digests and the audit log stay.
     */
    @EventListener
    public void grantDataErased(GrantDataErased event) {
        for (Product p : store.ofGrant(event.grantId())) {
            Path dir = storeDir.resolve(p.id()).normalize();
            if (!dir.startsWith(storeDir) || !Files.exists(dir)) {
                continue;
            }
            long[] counts = new long[2];
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                    if (Files.isRegularFile(f)) {
                        counts[0]++;
                        counts[1] += Files.size(f);
                    }
                    Files.delete(f);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete the snapshot of product " + p.id(), e);
            }
            audit.append(ProductAuditEvents.bySystem("product.snapshot-deleted", p, AuditEvent.Outcome.DONE,
                    Optional.empty(), "deletion " + event.deletionId() + " of the ended grant: " + counts[0] + " file(s), "
                            + counts[1] + " bytes"));
        }
    }
}
