package org.shuyu.controller.session;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.Optional;
import org.shuyu.runtime.contract.EngineSession;
import org.shuyu.runtime.contract.EngineStatement;
import org.shuyu.runtime.contract.EngineStatementState;

/**
 * The two narrow ports through which sessions use the workspace engines (issue 16): {@link SessionEngines} (start,
 * find and touch a workspace's engine, through admission) and {@link SessionEngineControl} (its control API).
 * {@code EngineBackedSessions} implements both over the engines feature ({@code WorkspaceEngines},
 * {@code EngineControl}); tests use fakes of both.
 */
public final class EnginePorts {
    private EnginePorts() {}

    /** Where a workspace's running engine listens (mirrors {@code EngineEndpoint}); the secret is never printed. */
    public record EngineRef(String engineId, String workspaceId, URI controlUrl, String connectHost, int connectPort, String secret) {
        public EngineRef {
            requireNonNull(engineId, "engineId is null");
            requireNonNull(workspaceId, "workspaceId is null");
            requireNonNull(controlUrl, "controlUrl is null");
            requireNonNull(connectHost, "connectHost is null");
            requireNonNull(secret, "secret is null");
        }

        @Override
        public String toString() {
            return "EngineRef[engineId=" + engineId + ", workspaceId=" + workspaceId + ", controlUrl=" + controlUrl + "]";
        }
    }

    /** What acquiring a workspace's engine gave: a ready engine, or a place in the admission queue. */
    public sealed interface Acquisition permits Ready, Queued {}

    public record Ready(EngineRef engine) implements Acquisition {
        public Ready {
            requireNonNull(engine, "engine is null");
        }
    }

    /** The engine waits for capacity; {@code position} is its 1-based place in the admission queue (0 when unknown). */
    public record Queued(int position) implements Acquisition {}

    /** The workspace engines (implemented over {@code WorkspaceEngines} and {@code Admission}). */
    public interface SessionEngines {
        /**
         * Starts the workspace's engine if needed and waits until it is ready, or answers its queue position when
         * admission queued it ({@code ENGINE_QUEUED}); throws SandboxException when it cannot start.
         */
        Acquisition acquire(String workspaceId);

        /** The workspace's engine if it runs now (never starts one). */
        Optional<EngineRef> running(String workspaceId);

        /** Activity in the workspace: resets the engine's idle timer. */
        void touch(String workspaceId);

        /** The workspace whose running engine holds this engine token ({@code SHUYU_ENGINE_TOKEN}), if any. */
        Optional<String> workspaceOfEngineToken(String token);
    }

    /**
     * The engine's control API (implemented over {@code EngineControl}); every method throws a RuntimeException
     * (SandboxException preferred) when the engine cannot be reached or refuses.
     */
    public interface SessionEngineControl {
        /** {@code POST /sessions}: idempotent for the same id and user. */
        void openSession(EngineRef engine, EngineSession session);

        /** {@code DELETE /sessions/{id}}: cancels the session's running statements and drops its temporary views. */
        void closeSession(EngineRef engine, String sessionId);

        /** {@code POST /sessions/{sessionId}/statements}. */
        EngineStatementState submit(EngineRef engine, String sessionId, EngineStatement statement);

        /** {@code GET /statements/{id}?waitMillis=N}; empty when the engine does not know the statement (404). */
        Optional<EngineStatementState> status(EngineRef engine, String statementId, long waitMillis);

        /** {@code POST /statements/{id}/cancel}. */
        void cancel(EngineRef engine, String statementId);
    }
}
