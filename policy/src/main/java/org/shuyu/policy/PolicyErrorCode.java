package org.shuyu.policy;

/**
 * Every error the policy module reports, with a stable name and number (policy range 2xxx). All of them mean the
 * state given to the compiler is invalid; none is a partial result: the compiler refuses rather than emit a policy
 * that could match more than it names. Numbers are never reused; a retired code stays here as a comment.
 */
public enum PolicyErrorCode {
    /** A column name, workspace database or member id that is blank or not a plain name. */
    INVALID_NAME(2000),
    /** A dataset id that is not {@code namespace.table} in lowercase letters, digits and underscores. */
    INVALID_DATASET_ID(2001),
    /** A storage path that is not an absolute directory below {@code /} made of plain segments. */
    INVALID_STORAGE_PATH(2002),
    /** A sensitivity grade outside 1..4. */
    INVALID_GRADE(2003),
    /** A dataset with two columns of the same name (ignoring case). */
    DUPLICATE_COLUMN(2004),
    /** A person-level dataset whose subject column is not one of its columns. */
    SUBJECT_COLUMN_MISSING(2005),
    /** The same dataset id twice in the catalog. */
    DUPLICATE_DATASET(2006),
    /** Two workspaces with the same id, or ids that map to the same Ranger service name. */
    DUPLICATE_SERVICE(2007),
    /** Two policies of one service with the same id or name. */
    DUPLICATE_POLICY(2008),
    /** A negative policy version. */
    INVALID_VERSION(2009),
    /** A policy resource with no value. */
    EMPTY_RESOURCE(2010);

    private final int number;

    PolicyErrorCode(int number) {
        this.number = number;
    }

    /** The stable number of this code. */
    public int number() {
        return number;
    }
}
