package org.shuyu.controller.engine;

import java.util.Optional;
import org.shuyu.runtime.contract.EngineHealth;
import org.shuyu.runtime.contract.EngineSession;
import org.shuyu.runtime.contract.EngineStatement;
import org.shuyu.runtime.contract.EngineStatementState;
import org.shuyu.runtime.contract.RuntimeRequest;
import org.shuyu.runtime.contract.StatementOutcome;

/**
 * Port: the client of a warm engine's control API (docs/engines.md, design of issue 16), one method per endpoint.
 * Every call presents the endpoint's secret. An engine's problem answer becomes a {@code SandboxException}: 404
 * {@code NOT_FOUND}, 409 {@code ENGINE_CONFLICT}, other 4xx {@code ENGINE_REJECTED}, 5xx or a body the contract
 * refuses {@code ENGINE_FAILED}, no answer {@code ENGINE_UNAVAILABLE}; the engine's own code is kept in the message.
 */
public interface EngineControl {
    /** {@code GET /health}. */
    EngineHealth health(EngineEndpoint engine);

    /** {@code POST /sessions} (idempotent for the same id and user). */
    void openSession(EngineEndpoint engine, EngineSession session);

    /** {@code DELETE /sessions/{sessionId}}: cancels its running statements and drops its temporary views. */
    void closeSession(EngineEndpoint engine, String sessionId);

    /** {@code POST /sessions/{sessionId}/statements}: the statement's state (QUEUED or RUNNING). */
    EngineStatementState submit(EngineEndpoint engine, String sessionId, EngineStatement statement);

    /** {@code GET /statements/{statementId}?waitMillis=N}: waits up to {@code waitMillis} (0 = not) for its end. */
    EngineStatementState statement(EngineEndpoint engine, String statementId, long waitMillis);

    /** {@code POST /statements/{statementId}/cancel}. */
    EngineStatementState cancel(EngineEndpoint engine, String statementId);

    /** {@code POST /runs}: a batch run (JOB or PREVIEW) with its runtime credential. */
    void startRun(EngineEndpoint engine, RuntimeRequest request, String runToken);

    /** {@code GET /runs/{jobId}?waitMillis=N}: how the run ended, empty while it runs. */
    Optional<StatementOutcome> run(EngineEndpoint engine, String jobId, long waitMillis);

    /** {@code GET /runs/{jobId}/preview}: a finished PREVIEW's rows. */
    EngineStatementState.Result runPreview(EngineEndpoint engine, String jobId);

    /** {@code POST /runs/{jobId}/cancel}. */
    void cancelRun(EngineEndpoint engine, String jobId);

    /** {@code POST /shutdown}: the engine cancels everything and exits. */
    void shutdown(EngineEndpoint engine);
}
