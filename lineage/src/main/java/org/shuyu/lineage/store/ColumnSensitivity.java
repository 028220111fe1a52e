package org.shuyu.lineage.store;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.shuyu.lineage.ColumnRef;
import org.shuyu.lineage.Sensitivity;

/**
 * A stored column's current sensitivity and why: from the catalog, or inherited from {@code sources} (the source
 * columns whose sensitivity reached it along identity or transformation edges, with the processes that carried
 * it). {@code present} is whether the column is in its dataset's current column set.
 */
public record ColumnSensitivity(ColumnRef column, boolean present, Optional<Sensitivity> sensitivity,
        SensitivityOrigin origin, List<Source> sources) {
    public ColumnSensitivity {
        Objects.requireNonNull(column, "column is null");
        Objects.requireNonNull(sensitivity, "sensitivity is null");
        Objects.requireNonNull(origin, "origin is null");
        sources = List.copyOf(sources);
        if (sensitivity.isPresent() == (origin == SensitivityOrigin.NONE)) {
            throw new IllegalArgumentException("origin " + origin + " does not match sensitivity " + sensitivity);
        }
    }

    /** A source column the sensitivity was inherited from, and the process ({@code jobId#step}) that carried it. */
    public record Source(ColumnRef column, String processId) {
        public Source {
            Objects.requireNonNull(column, "column is null");
            Objects.requireNonNull(processId, "processId is null");
        }
    }
}
