package org.shuyu.connectit.support;

import org.shuyu.testkit.ControllerProcess;

import org.apache.spark.sql.connect.SparkSession;

/**
 * Standard Spark Connect clients ({@code spark-connect-client-jvm}) pointed at the controller's Connect endpoint:
 * {@code sc://localhost:<port>/;token=<jwt>;x-shuyu-workspace=<id>} (the token travels as
 * {@code Authorization: Bearer}, the workspace as gRPC metadata). Plaintext: embedded mode on loopback only.
 * The host must be spelled {@code localhost}: the client (SparkConnectClient.Configuration.credentials) sends a
 * token over plaintext only to exactly that host name; with {@code 127.0.0.1} and a token it insists on TLS.
 */
public final class ConnectClients {
    private ConnectClients() {
    }

    /** The connection string for {@code token} in {@code workspaceId}. */
    public static String url(int port, String token, String workspaceId) {
        return "sc://localhost:" + port + "/;token=" + token + ";x-shuyu-workspace=" + workspaceId;
    }

    /** A new client session (not the process-wide default one: every caller gets its own). */
    public static SparkSession open(int port, String token, String workspaceId) {
        return SparkSession.builder().remote(url(port, token, workspaceId)).create();
    }

    /** A client session for {@code user} of {@code platform} (its development token). */
    public static SparkSession open(ControllerProcess controller, Platform platform, String user,
            String workspaceId) {
        return open(controller.connectPort(), platform.token(user), workspaceId);
    }
}
