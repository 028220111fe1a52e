package org.shuyu.jobs.engine.connect;

/**
 * Told about every ExecutePlan the guard lets through, before Spark Connect handles it: the engine's
 * {@code ConnectExecutions} uses it to know which member, controller session and operation kind an execution on a
 * Connect execute thread belongs to (to register the statement's ticket with the controller and to deliver its
 * write-ahead lineage). Spark tags each job of an operation with the operation id, which the guard always sets, so
 * the extension's check phase can look the operation up. If it throws, the request is refused (fail closed).
 */
@FunctionalInterface
public interface ConnectExecutionHook {
    /** No bookkeeping (tests of the guard alone). */
    ConnectExecutionHook NONE = (member, sessionId, connectSessionId, operationId, operation) -> { };

    /**
     * @param member           the member the call acts as
     * @param sessionId        the controller's session id
     * @param connectSessionId the Spark Connect session id (the client's)
     * @param operationId      the operation id (set by the guard when the client sent none)
     * @param operation        the operation's kind, e.g. {@code "connect: ExecutePlan(SQL)"}: never data
     */
    void accepted(String member, String sessionId, String connectSessionId, String operationId, String operation);
}
