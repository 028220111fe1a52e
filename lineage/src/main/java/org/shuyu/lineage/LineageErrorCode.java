package org.shuyu.lineage;

/**
 * Every error the lineage module reports, with a stable name and number (lineage range 3xxx). Numbers are never
 * reused; a retired code stays here as a comment. None of them is a partial result: a refused call changed
 * nothing the caller's transaction would commit.
 */
public enum LineageErrorCode {
    /** A START whose process and event disagree, or a process that is not RUNNING when it starts. */
    INVALID_EVENT(3000, Category.INVALID_INPUT),
    /** A START for a (job, step) already stored with different content (a retry must repeat it exactly). */
    CONFLICTING_DUPLICATE(3001, Category.CONFLICT),
    /** No process is stored for this (job, step). */
    UNKNOWN_PROCESS(3002, Category.NOT_FOUND),
    /** An end state other than COMPLETED or FAILED, or a different end for a process that already ended. */
    INVALID_STATE_TRANSITION(3003, Category.CONFLICT),
    /** No such dataset, or one the caller may not see (the two are not told apart). */
    UNKNOWN_DATASET(3004, Category.NOT_FOUND),
    /** No such column, or one the caller may not see. */
    UNKNOWN_COLUMN(3005, Category.NOT_FOUND),
    /** A source column read by a statement without the catalog's classification and grade for it. */
    MISSING_SOURCE_SENSITIVITY(3006, Category.INVALID_INPUT),
    /** A dataset reported with a kind or workspace that contradicts the stored one (writing a source, writing
     *  another workspace's object, reading a workspace object as a source). */
    DATASET_MISMATCH(3007, Category.INVALID_INPUT),
    /** A write was called outside a transaction: the store must join the caller's transaction. */
    NOT_IN_TRANSACTION(3008, Category.INTERNAL),
    /** The database failed. */
    STORAGE_FAILURE(3009, Category.INTERNAL),
    /** A query parameter out of range. */
    INVALID_QUERY(3010, Category.INVALID_INPUT);

    /** What kind of failure a code is, for the controller's mapping to HTTP. */
    public enum Category { INVALID_INPUT, NOT_FOUND, CONFLICT, INTERNAL }

    private final int number;
    private final Category category;

    LineageErrorCode(int number, Category category) {
        this.number = number;
        this.category = category;
    }

    /** The stable number of this code. */
    public int number() {
        return number;
    }

    public Category category() {
        return category;
    }
}
