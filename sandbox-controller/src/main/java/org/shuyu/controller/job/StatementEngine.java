package org.shuyu.controller.job;

/**
 * Port (issue 16): stops an interactive STATEMENT in the warm engine that runs it. A STATEMENT has no process of its
 * own, so every stop of {@link JobCancellations} (a member's cancel, a closing workspace, closed access) reaches the
 * engine through this port instead of the launcher's process kill. Implemented by the sessions feature.
 */
public interface StatementEngine {
    /** Asks the engine to cancel the statement; returns whether an engine was reached. Never throws for a gone engine. */
    boolean cancel(Job statement);
}
