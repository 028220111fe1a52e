package org.shuyu.runtime.contract;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Control API {@code POST /sessions}: open a member's own Spark session in the engine (own temporary views, own
 * settings within the lock, the member's policies). {@code sessionId} is the controller's id.
 */
@JsonPropertyOrder({"sessionId", "user"})
public record EngineSession(String sessionId, String user) {
    public EngineSession {
        Checks.text(sessionId, "sessionId");
        Checks.text(user, "user");
    }
}
