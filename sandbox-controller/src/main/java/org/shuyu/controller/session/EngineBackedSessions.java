package org.shuyu.controller.session;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.shuyu.controller.admission.Admission;
import org.shuyu.controller.engine.EngineControl;
import org.shuyu.controller.engine.EngineEndpoint;
import org.shuyu.controller.engine.WorkspaceEngines;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.session.EnginePorts.Acquisition;
import org.shuyu.controller.session.EnginePorts.EngineRef;
import org.shuyu.controller.session.EnginePorts.Queued;
import org.shuyu.controller.session.EnginePorts.Ready;
import org.shuyu.controller.session.EnginePorts.SessionEngineControl;
import org.shuyu.controller.session.EnginePorts.SessionEngines;
import org.shuyu.runtime.contract.EngineSession;
import org.shuyu.runtime.contract.EngineStatement;
import org.shuyu.runtime.contract.EngineStatementState;
import org.springframework.stereotype.Component;

/**
 * The session feature's two engine ports ({@link EnginePorts}) over the engines feature: {@link WorkspaceEngines}
 * starts, finds and touches a workspace's engine (through admission), {@link EngineControl} speaks its control API.
 * A start that admission queued is answered with the workspace's place in the queue.
 */
@Component
class EngineBackedSessions implements SessionEngines, SessionEngineControl {
    private final WorkspaceEngines engines;
    private final EngineControl control;
    private final Admission admission;

    EngineBackedSessions(WorkspaceEngines engines, EngineControl control, Admission admission) {
        this.engines = requireNonNull(engines, "engines is null");
        this.control = requireNonNull(control, "control is null");
        this.admission = requireNonNull(admission, "admission is null");
    }

    @Override
    public Acquisition acquire(String workspaceId) {
        try {
            return new Ready(ref(engines.acquire(workspaceId)));
        } catch (SandboxException e) {
            if (e.code() == ErrorCode.ENGINE_QUEUED) {
                return new Queued(admission.position(workspaceId).orElse(0));
            }
            throw e;
        }
    }

    @Override
    public Optional<EngineRef> running(String workspaceId) {
        return engines.running(workspaceId).map(EngineBackedSessions::ref);
    }

    @Override
    public void touch(String workspaceId) {
        engines.touch(workspaceId);
    }

    @Override
    public Optional<String> workspaceOfEngineToken(String token) {
        return engines.workspaceOfEngineToken(token);
    }

    @Override
    public void openSession(EngineRef engine, EngineSession session) {
        control.openSession(endpoint(engine), session);
    }

    @Override
    public void closeSession(EngineRef engine, String sessionId) {
        control.closeSession(endpoint(engine), sessionId);
    }

    @Override
    public EngineStatementState submit(EngineRef engine, String sessionId, EngineStatement statement) {
        return control.submit(endpoint(engine), sessionId, statement);
    }

    @Override
    public Optional<EngineStatementState> status(EngineRef engine, String statementId, long waitMillis) {
        try {
            return Optional.of(control.statement(endpoint(engine), statementId, waitMillis));
        } catch (SandboxException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public void cancel(EngineRef engine, String statementId) {
        control.cancel(endpoint(engine), statementId);
    }

    private static EngineRef ref(EngineEndpoint endpoint) {
        return new EngineRef(endpoint.engineId(), endpoint.workspaceId(), endpoint.controlUrl(), endpoint.connectHost(),
                endpoint.connectPort(), endpoint.secret());
    }

    private static EngineEndpoint endpoint(EngineRef ref) {
        return new EngineEndpoint(ref.engineId(), ref.workspaceId(), ref.controlUrl(), ref.connectHost(),
                ref.connectPort(), ref.secret());
    }
}
