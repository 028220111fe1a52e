package org.shuyu.lineage;

import java.util.List;
import java.util.Objects;

/** A dataset a statement reads, with the columns it actually uses (in any role, direct or indirect). */
public record InputDataset(String name, DatasetKind kind, List<String> columns) {
    public InputDataset {
        LineageNames.dataset(name);
        Objects.requireNonNull(kind, "kind is null");
        if (!kind.reportedByJobs()) {
            throw new IllegalArgumentException("a " + kind + " dataset is written by the platform, not by a job: " + name);
        }
        columns = List.copyOf(columns);
        columns.forEach(LineageNames::column);
    }
}
