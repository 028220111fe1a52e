package org.shuyu.lineage.store;

/** Where a stored column's sensitivity comes from. */
public enum SensitivityOrigin {
    /** The catalog's classification and grade of a source column. */
    CATALOG,
    /** Inherited along identity and transformation edges ({@link org.shuyu.lineage.SensitivityPropagation}). */
    INHERITED,
    /** None: no catalog entry and no propagating edge from a sensitive column. */
    NONE
}
