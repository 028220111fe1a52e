package org.shuyu.controller.owndata;

/**
 * Where an operator's own-data import stands (docs/own-data.md). DRAFT: declared, no file yet. IN_REVIEW: the file
 * passed the automatic checks and waits for the data authority. REJECTED: a check failed or the authority refused it.
 * WITHDRAWN: the operator took it back. MATERIALIZED: approved and usable as a table of the grant's workspace.
 */
public enum OwnDataState {
    DRAFT,
    IN_REVIEW,
    REJECTED,
    WITHDRAWN,
    MATERIALIZED
}
