package org.shuyu.controller.engine;

import static java.util.Objects.requireNonNull;

import java.net.URI;

/**
 * How the controller reaches a workspace's running engine: its control API and its Spark Connect port, and the secret
 * it presents there ({@code Authorization: Bearer <secret>}). The secret lives only here (the controller's memory) and
 * in the engine's environment; {@link #toString()} never prints it.
 */
public record EngineEndpoint(String engineId, String workspaceId, URI controlUrl, String connectHost, int connectPort,
        String secret) {
    public EngineEndpoint {
        requireNonNull(engineId, "engineId is null");
        requireNonNull(workspaceId, "workspaceId is null");
        requireNonNull(controlUrl, "controlUrl is null");
        requireNonNull(connectHost, "connectHost is null");
        requireNonNull(secret, "secret is null");
        if (connectPort < 1 || connectPort > 65535) {
            throw new IllegalArgumentException("connectPort " + connectPort + " not in 1..65535");
        }
    }

    @Override
    public String toString() {
        return "EngineEndpoint[engineId=" + engineId + ", workspaceId=" + workspaceId + ", controlUrl=" + controlUrl
                + ", connect=" + connectHost + ":" + connectPort + "]";
    }
}
