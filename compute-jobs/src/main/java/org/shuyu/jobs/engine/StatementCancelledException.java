package org.shuyu.jobs.engine;

/** A statement was cancelled before its execution began (its lineage START was stored; FAIL follows). */
final class StatementCancelledException extends RuntimeException {
    StatementCancelledException() {
        super("the statement was cancelled", null, false, false);
    }
}
