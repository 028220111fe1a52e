package org.shuyu.lineage;

/** What a dataset of the lineage graph is. */
public enum DatasetKind {
    /** A catalog dataset of a provider, registered in a job as {@code namespace.table}. */
    SOURCE,
    /** A table in a workspace database ({@code ws_<id>.<table>}). */
    TABLE,
    /** A view in a workspace database. */
    VIEW
}
