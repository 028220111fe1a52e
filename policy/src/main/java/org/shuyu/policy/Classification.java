package org.shuyu.policy;

/** The catalog's classification of a column: what kind of information it holds (see {@link MaskRules}). */
public enum Classification {
    DIRECT_IDENTIFIER,
    CONTACT,
    HEALTH_SOCIAL,
    QUASI_IDENTIFIER,
    FINANCIAL,
    BUSINESS,
    PUBLIC
}
