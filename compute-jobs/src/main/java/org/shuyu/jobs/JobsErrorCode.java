package org.shuyu.jobs;

/**
 * Every outcome code of the job runtime (jobs range 4xxx). A refusal code means enforcement said no (exit code 2,
 * state REFUSED); a failure code means the job could not run or a step failed for another reason (exit code 1).
 * Code numbers are never reused.
 */
public enum JobsErrorCode {
    /** Ranger denied an access; the message names the user, the access type and the resource. */
    ACCESS_DENIED(4001, Category.REFUSAL),
    /** A SET or RESET of a key outside the allowlist, or one that would change the job's identity. */
    SETTING_LOCKED(4002, Category.REFUSAL),
    /** A file path outside the workspace's files or warehouse directory. */
    PATH_OUTSIDE_WORKSPACE(4003, Category.REFUSAL),
    /** A statement or function the runtime does not allow (or does not understand: fail closed). */
    COMMAND_NOT_ALLOWED(4004, Category.REFUSAL),
    /** No policies were ever loaded, or the last successful policy poll is too old. */
    POLICY_UNAVAILABLE(4005, Category.REFUSAL),
    /** The privileges of a statement could not be established (extraction failed or a plan is not enforced). */
    AUTHORIZATION_ERROR(4006, Category.REFUSAL),
    /**
     * The lineage of a statement cannot be derived exactly (a plan node, expression or command the lineage walker
     * does not know): the statement is refused before it runs and nothing is reported for it.
     */
    LINEAGE_UNSUPPORTED(4007, Category.REFUSAL),
    /**
     * The statement's Spark session has no member registered in the warm engine (an unknown or closed session, or
     * the engine's own root session after setup): it is refused everything.
     */
    NO_IDENTITY(4008, Category.REFUSAL),
    /**
     * A Spark Connect execution the controller gave no ticket for (not registered, controller unreachable): it is
     * refused before anything runs.
     */
    STATEMENT_NOT_REGISTERED(4009, Category.REFUSAL),

    /** The runtime configuration file is missing, unreadable or invalid. */
    INVALID_CONFIG(4101, Category.FAILURE),
    /** Registering sources or workspace tables failed before any step ran. */
    SETUP_FAILED(4102, Category.FAILURE),
    /** A step (or the preview query) failed for a reason other than a refusal. */
    STEP_FAILED(4103, Category.FAILURE),
    /** An unexpected error in the runtime itself. */
    INTERNAL_ERROR(4104, Category.FAILURE),
    /** The controller refused a lineage event (4xx): the statement it describes did not run. */
    LINEAGE_REJECTED(4105, Category.FAILURE),
    /**
     * A lineage event could not be delivered before the deadline (5xx, timeouts, connection errors): if it was a
     * START the statement did not run; if a COMPLETE, the statement ran and the controller quarantines its outputs.
     */
    LINEAGE_UNAVAILABLE(4106, Category.FAILURE),
    /** A SNAPSHOT's table has more rows than the snapshot may hold: nothing was written. */
    SNAPSHOT_TOO_LARGE(4107, Category.FAILURE),

    // Spark Connect refusals (engine.connect.ConnectGuard); 4050-4069 are reserved for them.
    /** A Spark Connect call without the engine secret ({@code authorization: Bearer <secret>}): gRPC UNAUTHENTICATED. */
    CONNECT_UNAUTHENTICATED(4050, Category.REFUSAL),
    /**
     * A Spark Connect call without the member and session headers only the controller's proxy sets, or the engine's
     * Connect guard is not installed: nothing can be attributed to anyone, so nothing runs.
     */
    CONNECT_IDENTITY_REQUIRED(4051, Category.REFUSAL),
    /** A request's {@code user_context.user_id} names someone other than the member the proxy authenticated. */
    CONNECT_USER_MISMATCH(4052, Category.REFUSAL),
    /**
     * A request names a Connect session other than the one bound to the caller's controller session (another
     * member's or another session of the same member), or a session the engine could not bind to its member.
     */
    CONNECT_SESSION_MISMATCH(4053, Category.REFUSAL),
    /** Artifact upload (classes, jars, files, {@code copyFromLocalToFs}, cached local relations). */
    CONNECT_ARTIFACTS_REFUSED(4054, Category.REFUSAL),
    /** A plan that carries code: any UDF, UDTF, UDAF, typed aggregator, map/group-map function or data source. */
    CONNECT_CODE_REFUSED(4055, Category.REFUSAL),
    /** A {@code google.protobuf.Any} extension anywhere in a request (relation, expression, command, option...). */
    CONNECT_EXTENSION_REFUSED(4056, Category.REFUSAL),
    /** Reading by path or through a data source format ({@code spark.read.*}) instead of a registered table. */
    CONNECT_PATH_REFUSED(4057, Category.REFUSAL),
    /** A write to a path, a table outside the workspace database, or with a location-changing option. */
    CONNECT_WRITE_REFUSED(4058, Category.REFUSAL),
    /** A catalog change (create, drop, cache, refresh, recover, set current database or catalog...). */
    CONNECT_CATALOG_REFUSED(4059, Category.REFUSAL),
    /** Structured streaming (readStream, writeStream, streaming query management, listeners). */
    CONNECT_STREAMING_REFUSED(4060, Category.REFUSAL),
    /** A Connect operation or plan node outside the allow-list (checkpoint, ML, pipelines, compressed plans...). */
    CONNECT_COMMAND_REFUSED(4061, Category.REFUSAL),
    /**
     * A result would have more rows than the engine's {@code maxResultRows}: the call ended before the batch that
     * crossed the cap was sent. Write the result to a workspace table instead.
     */
    CONNECT_RESULT_TOO_LARGE(4062, Category.REFUSAL),

    /**
     * A catalog source dataset was read with data source options, a format or a schema other than the ones the
     * platform declared for it ({@code WITH (...)}, {@code OPTIONS}, reader options, table properties): re-parsing a
     * source could move raw values into unmasked columns, so the statement is refused before anything is read.
     */
    READ_OPTIONS_NOT_ALLOWED(4108, Category.REFUSAL),
    /** The statement is too deeply nested for the runtime to analyse or run it (a {@code StackOverflowError}). */
    STATEMENT_TOO_COMPLEX(4109, Category.FAILURE),
    /** The job ran out of memory ({@code OutOfMemoryError}); nothing of the failed step is kept. */
    OUT_OF_MEMORY(4110, Category.FAILURE),
    /**
     * The policies in force while a statement ran stopped allowing what it reads or writes (revocation, suspension,
     * an empty policy set): its Spark jobs were cancelled.
     */
    ACCESS_REVOKED(4111, Category.REFUSAL),
    /**
     * The process that started the runtime died (its stdin pipe reached end of file or the parent process is gone):
     * the runtime stopped at once (exit code 4).
     */
    ORPHANED(4112, Category.FAILURE),
    /** The Java runtime itself failed (an {@code Error} other than stack or memory exhaustion). */
    RUNTIME_ERROR(4113, Category.FAILURE),
    /** The statement was cancelled (by its member, its session's closing, or the engine's shutdown). */
    STATEMENT_CANCELLED(4114, Category.FAILURE);

    /** Whether a code is a refusal by enforcement or a failure. */
    public enum Category { REFUSAL, FAILURE }

    private final int number;
    private final Category category;

    JobsErrorCode(int number, Category category) {
        this.number = number;
        this.category = category;
    }

    public int number() {
        return number;
    }

    public Category category() {
        return category;
    }

    public boolean isRefusal() {
        return category == Category.REFUSAL;
    }
}
