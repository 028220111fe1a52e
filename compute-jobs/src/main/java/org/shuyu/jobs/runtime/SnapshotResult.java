package org.shuyu.jobs.runtime;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What a SNAPSHOT wrote (snapshot.json): the row count, the size of snapshot.arrow in bytes, and each column's name,
 * Arrow type (as {@code ArrowType.toString()}) and the Spark SQL type it came from.
 */
public record SnapshotResult(long rows, long bytes, List<Column> columns) {
    public SnapshotResult {
        if (rows < 0 || bytes < 0) {
            throw new IllegalArgumentException("rows and bytes must not be negative");
        }
        columns = List.copyOf(requireNonNull(columns, "columns is null"));
    }

    /** One column of the snapshot. */
    public record Column(String name, String type, String sparkType) {
        public Column {
            requireNonNull(name, "name is null");
            requireNonNull(type, "type is null");
            requireNonNull(sparkType, "sparkType is null");
        }
    }
}
