package org.shuyu.lineage.store;

/** Which way a lineage query walks. */
public enum Direction {
    /** Where the start came from: along edges against their direction. */
    UPSTREAM,
    /** What derives from the start: along edges. */
    DOWNSTREAM,
    /** Both, each walked on its own (not the undirected neighbourhood: siblings are not reached). */
    BOTH
}
