package org.shuyu.controller.error;

/** What kind of failure an error code stands for; the web adapter maps each category to one HTTP status. */
public enum ErrorCategory {
    /** The request is malformed or a field is invalid (400). */
    INVALID_INPUT,
    /** No valid identity (401). */
    UNAUTHENTICATED,
    /** The identity is known but may not do this (403). */
    FORBIDDEN,
    /** The subject does not exist, or the caller may not know it exists (404). */
    NOT_FOUND,
    /** The request is well-formed but the subject's state does not allow it (409). */
    CONFLICT,
    /** A conditional request (If-Match) whose condition no longer holds: the subject changed since it was read (412). */
    PRECONDITION,
    /** The request is well-formed but breaks a business rule (422). */
    RULE_VIOLATION,
    /** A dependency the request needs is not available now; retrying later may succeed (503). */
    UNAVAILABLE,
    /** A fault of the platform itself (500). */
    INTERNAL
}
