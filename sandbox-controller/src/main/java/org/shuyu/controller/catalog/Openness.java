package org.shuyu.controller.catalog;

/** A dataset's openness (R-04, Article 4). */
public enum Openness {
    /** Unconditionally open (无条件开放). */
    OPEN,
    /** Conditionally open (有条件开放): usable only under a grant and its conditions. */
    CONDITIONAL,
    /** Prohibited (禁止开放): never part of a lab, an application or a grant. */
    PROHIBITED;

    /** Whether a lab, application or grant may name a dataset of this openness. */
    public boolean usable() {
        return this != PROHIBITED;
    }
}
