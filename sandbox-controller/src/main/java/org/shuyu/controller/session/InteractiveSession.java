package org.shuyu.controller.session;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * A member's own Spark session in the workspace's warm engine (issue 16): own temporary views, own settings within the
 * lock, the member's policies. QUEUED while the engine waits for capacity, OPEN once the engine holds it, CLOSED for
 * good with a reason ({@link CloseReason}). {@code connectClient} is the Spark Connect client session it serves, if
 * it was opened by Connect; {@code engineId} the engine that holds it.
 */
public record InteractiveSession(String id, String workspaceId, String user, State state, Optional<CloseReason> closeReason,
        Optional<String> engineId, Optional<String> connectClient, Instant openedAt, Instant lastActivityAt, Optional<Instant> closedAt) {

    public enum State { QUEUED, OPEN, CLOSED }

    /** Why a session closed. */
    public enum CloseReason {
        /** Its member closed it. */
        CLOSED_BY_MEMBER,
        /** No statement for longer than {@code sandbox.sessions.idle-timeout}. */
        IDLE,
        /** Its member may no longer work in the workspace (grant suspended, revoked, ended; member removed; vetting). */
        ACCESS_CLOSED,
        /** The engine that held it is gone (stopped or evicted) and the session could not be reopened. */
        ENGINE_GONE
    }

    public InteractiveSession {
        requireNonNull(id, "id is null");
        requireNonNull(workspaceId, "workspaceId is null");
        requireNonNull(user, "user is null");
        requireNonNull(state, "state is null");
        requireNonNull(closeReason, "closeReason is null");
        requireNonNull(engineId, "engineId is null");
        requireNonNull(connectClient, "connectClient is null");
        requireNonNull(openedAt, "openedAt is null");
        requireNonNull(lastActivityAt, "lastActivityAt is null");
        requireNonNull(closedAt, "closedAt is null");
        if ((state == State.CLOSED) != closeReason.isPresent()) {
            throw new IllegalArgumentException("a closed session, and only a closed one, has a close reason");
        }
    }

    public boolean closed() {
        return state == State.CLOSED;
    }

    public InteractiveSession opened(String engine, Instant at) {
        return new InteractiveSession(id, workspaceId, user, State.OPEN, Optional.empty(), Optional.of(engine), connectClient, openedAt,
                at, Optional.empty());
    }

    public InteractiveSession active(Instant at) {
        return new InteractiveSession(id, workspaceId, user, state, closeReason, engineId, connectClient, openedAt, at, closedAt);
    }

    public InteractiveSession closedFor(CloseReason reason, Instant at) {
        return new InteractiveSession(id, workspaceId, user, State.CLOSED, Optional.of(reason), engineId, connectClient, openedAt,
                lastActivityAt, Optional.of(at));
    }
}
