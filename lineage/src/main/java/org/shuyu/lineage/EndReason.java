package org.shuyu.lineage;

/** Why a dataset of the lineage graph ended; an ended dataset keeps its node, edges and history. */
public enum EndReason {
    /** A statement dropped it (a later CREATE of the name revives it and clears the end). */
    DROPPED,
    /** Its workspace was torn down (grant terminated, revoked or expired): its data was deleted. */
    TORN_DOWN,
    /** A listing whose product was delisted: it is no longer delivered. */
    DELISTED
}
