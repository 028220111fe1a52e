package org.shuyu.lineage.store;

import java.util.Objects;
import org.shuyu.lineage.ColumnRef;
import org.shuyu.lineage.LineageErrorCode;
import org.shuyu.lineage.LineageException;
import org.shuyu.lineage.LineageNames;

/**
 * A lineage query: from a dataset ({@code column} empty) or a column, in a direction, to {@code maxDepth} edges
 * ({@link #UNLIMITED} for any depth), as seen with {@code visibility}, stopping with {@code truncated} after
 * {@code maxNodes} nodes. A malformed name throws {@link IllegalArgumentException} (as the model's records do); a
 * depth or node limit out of range throws {@link LineageException} with {@code INVALID_QUERY}.
 */
public record LineageQuery(String dataset, String column, Direction direction, int maxDepth, Visibility visibility,
        int maxNodes) {
    public static final int UNLIMITED = Integer.MAX_VALUE;
    public static final int DEFAULT_MAX_NODES = 100_000;
    /** The largest answer the store builds; the controller may ask for less. */
    public static final int MAX_NODES_LIMIT = 1_000_000;

    public LineageQuery {
        LineageNames.dataset(dataset);
        Objects.requireNonNull(column, "column is null (empty for a dataset query)");
        if (!column.isEmpty()) {
            LineageNames.column(column);
        }
        Objects.requireNonNull(direction, "direction is null");
        Objects.requireNonNull(visibility, "visibility is null");
        if (maxDepth < 1) {
            throw new LineageException(LineageErrorCode.INVALID_QUERY, "depth must be at least 1, got " + maxDepth);
        }
        if (maxNodes < 1 || maxNodes > MAX_NODES_LIMIT) {
            throw new LineageException(LineageErrorCode.INVALID_QUERY,
                    "maxNodes must be 1 to " + MAX_NODES_LIMIT + ", got " + maxNodes);
        }
    }

    /** Dataset-level lineage of {@code dataset}, unlimited depth, everything visible, default node limit. */
    public static LineageQuery dataset(String dataset, Direction direction) {
        return new LineageQuery(dataset, "", direction, UNLIMITED, Visibility.ALL, DEFAULT_MAX_NODES);
    }

    /** Column-level lineage of {@code column}, unlimited depth, everything visible, default node limit. */
    public static LineageQuery column(ColumnRef column, Direction direction) {
        return new LineageQuery(column.dataset(), column.column(), direction, UNLIMITED, Visibility.ALL,
                DEFAULT_MAX_NODES);
    }

    public boolean columnLevel() {
        return !column.isEmpty();
    }

    public LineageQuery withDepth(int depth) {
        return new LineageQuery(dataset, column, direction, depth, visibility, maxNodes);
    }

    public LineageQuery withVisibility(Visibility v) {
        return new LineageQuery(dataset, column, direction, maxDepth, v, maxNodes);
    }

    public LineageQuery withMaxNodes(int n) {
        return new LineageQuery(dataset, column, direction, maxDepth, visibility, n);
    }
}
