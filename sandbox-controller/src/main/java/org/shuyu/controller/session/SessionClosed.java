package org.shuyu.controller.session;

import static java.util.Objects.requireNonNull;

/**
 * Published after a session was closed (by its member, idle time or closed access) and its statements were cancelled
 * in the engine: transports that hold calls of the session in flight (the Connect front door) end them.
 */
public record SessionClosed(String sessionId, String workspaceId) {
    public SessionClosed {
        requireNonNull(sessionId, "sessionId is null");
        requireNonNull(workspaceId, "workspaceId is null");
    }
}
