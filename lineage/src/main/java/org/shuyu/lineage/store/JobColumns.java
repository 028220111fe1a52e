package org.shuyu.lineage.store;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.shuyu.lineage.ColumnEdge;
import org.shuyu.lineage.ColumnRef;
import org.shuyu.lineage.Sensitivity;

/**
 * The column level of a job's stored lineage, for exporters (OpenLineage): every column edge of every statement (a
 * column pair may have several edges of different kinds), each with the sensitivity its source column has now, and
 * every column each statement wrote with the sensitivity it derived there. Names, kinds and grades only.
 */
public record JobColumns(List<StepEdge> edges, List<StepColumn> written) {
    public JobColumns {
        edges = List.copyOf(edges);
        written = List.copyOf(written);
    }

    /** An edge of statement {@code step}; {@code sourceSensitivity} is the source column's current one (catalog for sources). */
    public record StepEdge(int step, ColumnEdge edge, Optional<Sensitivity> sourceSensitivity) {
        public StepEdge {
            Objects.requireNonNull(edge, "edge is null");
            Objects.requireNonNull(sourceSensitivity, "sourceSensitivity is null");
        }
    }

    /** An output column statement {@code step} wrote, with the sensitivity it derived in that statement (empty: none). */
    public record StepColumn(int step, ColumnRef column, Optional<Sensitivity> sensitivity) {
        public StepColumn {
            Objects.requireNonNull(column, "column is null");
            Objects.requireNonNull(sensitivity, "sensitivity is null");
        }
    }
}
