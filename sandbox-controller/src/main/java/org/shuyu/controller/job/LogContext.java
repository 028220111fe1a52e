package org.shuyu.controller.job;

import org.slf4j.MDC;

/**
 * The logging context of this platform (issue 19, docs/operations.md): the keys every JSON log line may carry
 * ({@code requestId}, {@code jobId}, {@code workspaceId}) and a scope that sets the run's keys for the code handling
 * it (a launcher's thread, the lineage and outcome calls of its runtime). Ids only: never a user's text or a value.
 */
public final class LogContext {
    public static final String REQUEST_ID = "requestId";
    public static final String JOB_ID = "jobId";
    public static final String WORKSPACE_ID = "workspaceId";

    private LogContext() {}

    /** Sets the run's job and workspace id until the returned scope is closed (then restores what was there). */
    public static Scope ofRun(String jobId, String workspaceId) {
        String job = MDC.get(JOB_ID);
        String workspace = MDC.get(WORKSPACE_ID);
        put(JOB_ID, jobId);
        put(WORKSPACE_ID, workspaceId);
        return () -> {
            put(JOB_ID, job);
            put(WORKSPACE_ID, workspace);
        };
    }

    /** Runs {@code work} with the run's job and workspace id in the logging context (a launcher thread's whole task). */
    public static void inRun(String jobId, String workspaceId, Runnable work) {
        try (Scope scope = ofRun(jobId, workspaceId)) {
            work.run();
        }
    }

    private static void put(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }

    /** A logging-context scope; closing it never throws. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
