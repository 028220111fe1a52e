package org.shuyu.controller.catalog;

import static java.util.Objects.requireNonNull;

import java.io.InputStream;
import org.shuyu.controller.audit.AuditLog;
import org.shuyu.controller.config.StorageProperties;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.Permissions;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Registering a dataset's data (R-07, docs/storage.md): its provider uploads a CSV file, which is streamed to the
 * shared storage ({@link SourceData#stage}) and checked against the registered schema on the way, then moved into place
 * in one rename, in the same transaction as its audit record (rows, bytes, SHA-256; never a value). Nobody places files
 * by hand: the demo catalog delivers its rows through here too. A refused upload changes nothing.
 */
@Service
public class DatasetDataUploads {
    private final CatalogService catalog;
    private final SourceData sources;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final StorageProperties settings;

    public DatasetDataUploads(CatalogService catalog, SourceData sources, AuditLog audit, TransactionTemplate transactions,
            StorageProperties settings) {
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.sources = requireNonNull(sources, "sources is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
        this.settings = requireNonNull(settings, "settings is null");
    }

    /** What an upload put in place. */
    public record Upload(String datasetId, long rows, long bytes, String sha256) {}

    /**
     * Uploads {@code csv} as the whole data of {@code datasetId}. {@code declaredBytes} is the request's Content-Length
     * (-1 if unknown): a larger declared body is refused before a byte is read.
     */
    public Upload upload(Actor actor, String datasetId, long declaredBytes, InputStream csv) {
        requireNonNull(actor, "actor is null");
        requireNonNull(csv, "csv is null");
        Dataset dataset = catalog.find(datasetId)
                .orElseThrow(() -> new SandboxException(ErrorCode.NOT_FOUND, "dataset " + datasetId + " is not in the catalog"));
        Provider provider = catalog.provider(dataset.providerId()).orElseThrow();
        if (!Permissions.uploadsDataOf(actor, provider.jurisdiction())) {
            throw new SandboxException(ErrorCode.NOT_DATASET_PROVIDER, "only a provider of jurisdiction "
                    + provider.jurisdiction().code() + " uploads the data of " + dataset.id() + " (provider " + provider.id() + ")");
        }
        long max = settings.maxUploadBytes();
        if (declaredBytes > max) {
            throw new SandboxException(ErrorCode.DATASET_DATA_TOO_LARGE, "the data of " + datasetId + " is larger than "
                    + max + " bytes (sandbox.storage.max-upload-bytes)");
        }
        // Streaming can take minutes: no transaction (and no database connection) is held while it runs.
        try (SourceData.Staged staged = sources.stage(dataset.id(), csv, max, new DatasetDataCheck(dataset))) {
            transactions.executeWithoutResult(status -> {
                audit.append(CatalogAuditEvents.dataUploaded(actor, dataset, staged.rows(), staged.bytes(), staged.sha256()));
                staged.commit(); // a failed move throws, and the audit record rolls back with the transaction
            });
            return new Upload(dataset.id(), staged.rows(), staged.bytes(), staged.sha256());
        }
    }
}
