package org.shuyu.lineage.store;

/** Lineage graph queries: upstream, downstream or both of a dataset or column, to any depth. */
public interface LineageQueries {
    /**
     * The subgraph reached from the query's start: every node (with the depth at which it was first reached), every
     * edge between them in the query's direction, and the processes on those edges. It encodes all paths without
     * listing them. Throws {@code UNKNOWN_DATASET}/{@code UNKNOWN_COLUMN} when the start does not exist or is not
     * visible to the caller.
     */
    LineageGraph query(LineageQuery query);
}
