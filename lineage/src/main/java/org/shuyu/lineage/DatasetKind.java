package org.shuyu.lineage;

/** What a dataset of the lineage graph is. */
public enum DatasetKind {
    /** A catalog dataset of a provider, registered in a job as {@code namespace.table}. */
    SOURCE,
    /** A table in a workspace database ({@code ws_<id>.<table>}). */
    TABLE,
    /** A view in a workspace database. */
    VIEW,
    /** A product's frozen snapshot ({@code shuyu_product.<id>}), written by the platform at freeze, never by a job. */
    PRODUCT,
    /** A product's listing and registration ({@code shuyu_listing.<id>}): what consumers are delivered. */
    LISTING,
    /** A consumer that received deliveries ({@code shuyu_consumer.<id>}); like a source, owned by no workspace. */
    CONSUMER;

    /** Whether jobs may name it in their events (the platform alone writes products, listings and consumers). */
    public boolean reportedByJobs() {
        return this == SOURCE || this == TABLE || this == VIEW;
    }
}
