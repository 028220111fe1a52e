package org.shuyu.lineage;

import java.util.List;
import java.util.Objects;

/** A dataset a statement writes, how, and its columns after the statement (empty for a drop). */
public record OutputDataset(String name, DatasetKind kind, WriteMode mode, List<String> columns) {
    public OutputDataset {
        LineageNames.dataset(name);
        Objects.requireNonNull(kind, "kind is null");
        if (!kind.reportedByJobs()) {
            throw new IllegalArgumentException("a " + kind + " dataset is written by the platform, not by a job: " + name);
        }
        Objects.requireNonNull(mode, "mode is null");
        if (kind == DatasetKind.SOURCE) {
            throw new IllegalArgumentException("a source dataset is never written by a job: " + name);
        }
        columns = List.copyOf(columns);
        columns.forEach(LineageNames::column);
    }
}
