package org.shuyu.lineage;

/** The kind of statement a lineage event describes. */
public enum StatementKind {
    /** A query whose rows are computed and dropped (a job step that is a SELECT). */
    QUERY,
    /** The result preview: rows shown to a member. */
    PREVIEW,
    CREATE_TABLE_AS_SELECT,
    CREATE_TABLE,
    INSERT,
    CREATE_VIEW,
    DROP_TABLE,
    DROP_VIEW,
    /** Anything else the runtime allows (USE, SHOW, DESCRIBE, ...): no data moves. */
    OTHER
}
