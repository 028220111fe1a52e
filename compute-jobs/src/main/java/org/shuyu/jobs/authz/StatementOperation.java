package org.shuyu.jobs.authz;

/**
 * What a statement does, as the {@link StatementTable} classifies each plan node kind: the row of the table says how
 * its accesses are derived. {@link #QUERY}, {@link #CATALOG_LOOKUP} and {@link #REFUSED} are also what an
 * unregistered node kind falls back to.
 */
enum StatementOperation {
    /** {@code SET}/{@code RESET}: checked against the session lock, no access. */
    SESSION_CONFIG,
    /** {@code EXPLAIN}: the explained statement is analysed, so checked, on its own. */
    EXPLAIN,
    /** Creates a table (with its location, if any), possibly from a query. */
    CREATE_TABLE,
    /** Writes into a table or a workspace path from a query. */
    WRITE,
    /** Alters or renames a table or a view. */
    ALTER,
    /** Drops a table (a temporary view: nothing of the workspace changes). */
    DROP,
    /** Creates a view (temporary, or permanent in the workspace database) over a query. */
    CREATE_VIEW,
    /** Reads a table's metadata: DESCRIBE, SHOW COLUMNS/CREATE TABLE/TBLPROPERTIES. */
    METADATA,
    /** Lists the catalog or switches the current namespace: a job's catalog holds only its own objects. */
    CATALOG_LISTING,
    /** A catalog lookup of names only (no data). */
    CATALOG_LOOKUP,
    /** Any plan that is not a command: its reads are derived by walking it. */
    QUERY,
    /** Never allowed in a job: a command not in the table, or one the table refuses. */
    REFUSED
}
