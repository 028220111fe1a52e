package org.shuyu.controller.catalog;

import java.util.Optional;
import java.util.stream.Collectors;
import org.shuyu.controller.audit.AuditEvent;
import org.shuyu.controller.identity.Actor;

/** Every audit event the catalog records: its action names and detail texts live here. */
final class CatalogAuditEvents {
    private CatalogAuditEvents() {}

    static AuditEvent providerRegistered(Actor actor, Provider provider) {
        return AuditEvent.done(actor, "provider.register", "provider", provider.id(), Optional.empty(),
                "registered provider " + provider.id() + " (" + provider.name() + ") of jurisdiction "
                        + provider.jurisdiction().code());
    }

    static AuditEvent datasetRegistered(Actor actor, Dataset dataset, Provider provider) {
        return AuditEvent.done(actor, "dataset.register", "dataset", dataset.id(), Optional.empty(),
                "registered dataset " + dataset.id() + " of provider " + provider.id() + ": openness "
                        + dataset.openness() + ", grade " + dataset.grade() + ", columns "
                        + dataset.columns().stream().map(c -> c.name() + ":" + c.classification() + "/" + c.grade())
                                .collect(Collectors.joining(", ")));
    }

    /** A new version of a dataset's data is in place: counts and the content's SHA-256, never a value. */
    static AuditEvent dataUploaded(Actor actor, Dataset dataset, long rows, long bytes, String sha256) {
        return AuditEvent.done(actor, "dataset.data.upload", "dataset", dataset.id(), Optional.empty(),
                "uploaded the data of dataset " + dataset.id() + ": " + rows + " rows, " + bytes + " bytes, sha256 " + sha256);
    }
}
