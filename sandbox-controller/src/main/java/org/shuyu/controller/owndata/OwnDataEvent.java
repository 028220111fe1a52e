package org.shuyu.controller.owndata;

/** What happens to an own-data import. */
public enum OwnDataEvent {
    /** The file was received and passed every automatic check. */
    CHECKS_PASSED,
    /** The file was received and failed an automatic check: rejected with the results, nothing kept. */
    CHECKS_FAILED,
    /** The data authority approved it: the file becomes a workspace table at once. */
    APPROVE,
    /** The data authority refused it, with a reason. */
    REJECT,
    /** The operator took it back. */
    WITHDRAW
}
