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
    /** The platform froze a workspace table into a product snapshot (not a job's statement). */
    FREEZE,
    /** The data authority listed (and so registered) a product. */
    LIST,
    /** A listed product was delivered to a consumer (Arrow Flight or download). */
    DELIVERY,
    /** Anything else the runtime allows (USE, SHOW, DESCRIBE, ...): no data moves. */
    OTHER
}
