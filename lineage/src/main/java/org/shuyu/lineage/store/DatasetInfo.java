package org.shuyu.lineage.store;

import java.util.Objects;
import java.util.Optional;
import org.shuyu.lineage.DatasetKind;

/**
 * A dataset as stored: its kind, the workspace that owns it (empty for a source), whether it was dropped, and its
 * quarantine if any.
 */
public record DatasetInfo(String name, DatasetKind kind, Optional<String> workspaceId, boolean dropped,
        Optional<Quarantine> quarantine) {
    public DatasetInfo {
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(kind, "kind is null");
        Objects.requireNonNull(workspaceId, "workspaceId is null");
        Objects.requireNonNull(quarantine, "quarantine is null");
    }

    public boolean quarantined() {
        return quarantine.isPresent();
    }
}
