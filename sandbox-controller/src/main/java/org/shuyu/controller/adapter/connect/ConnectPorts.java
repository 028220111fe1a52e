package org.shuyu.controller.adapter.connect;

import static java.util.Objects.requireNonNull;

import org.shuyu.controller.identity.Actor;

/**
 * What the Connect front door needs from the sessions feature, as two types of its own so that the proxy and its tests
 * need no session or engine classes: {@link ConnectRouting} (implemented in {@code ConnectRoutingConfiguration} over
 * {@code session/ConnectRoutes}) and {@link Route}.
 */
public final class ConnectPorts {
    private ConnectPorts() {}

    /**
     * Where a member's Spark Connect call goes. {@link #route} runs the SAME gate as the REST path (active grant,
     * current member, vetted), opens or reuses the member's session for that Connect client session, touches the
     * engine, and throws {@link org.shuyu.controller.error.SandboxException} when the caller may not work there.
     */
    public interface ConnectRouting {
        Route route(Actor actor, String workspaceId, String clientSessionId);

        /** The client released its Spark session ({@code ReleaseSession} succeeded): the controller session closes. */
        default void released(Actor actor, String workspaceId, String sessionId) {
        }
    }

    /** The controller's session of a Connect client session, its member, and the engine's Spark Connect address. */
    public record Route(String sessionId, String user, String engineHost, int enginePort, String engineSecret) {
        public Route {
            requireNonNull(sessionId, "sessionId is null");
            requireNonNull(user, "user is null");
            requireNonNull(engineHost, "engineHost is null");
            requireNonNull(engineSecret, "engineSecret is null");
            if (enginePort < 1 || enginePort > 65535) {
                throw new IllegalArgumentException("enginePort out of range: " + enginePort);
            }
        }

        @Override
        public String toString() {
            return "Route[sessionId=" + sessionId + ", user=" + user + ", engine=" + engineHost + ":" + enginePort + "]";
        }
    }
}
