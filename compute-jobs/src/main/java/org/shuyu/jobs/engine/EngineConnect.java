package org.shuyu.jobs.engine;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connect.service.SparkConnectService$;
import scala.Option;

/**
 * Spark Connect inside the engine: Spark's own {@code SparkConnectService} on {@code bindHost:connectPort}, behind
 * Spark's pre-shared key check ({@code spark.connect.authenticate.token} = the engine secret, so every call needs
 * {@code Authorization: Bearer <secret>}) and the interceptors {@link #interceptorClasses()} names.
 */
public final class EngineConnect {
    private EngineConnect() {
    }

    /**
     * The value of {@code spark.connect.grpc.interceptor.classes}: the engine's Connect guard (helper
     * "connect-guard", {@code org.shuyu.jobs.engine.connect.ConnectGuardInterceptor}) once it is on this branch;
     * until then none besides Spark's pre-shared key interceptor. THE INTEGRATOR SWITCHES THIS ONE METHOD.
     */
    public static String interceptorClasses() {
        return "";
    }

    /** A free TCP port on {@code bindHost} for a port of 0 (Connect is told a concrete port). */
    public static int portFor(String bindHost, int port) throws IOException {
        if (port != 0) {
            return port;
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(bindHost))) {
            return socket.getLocalPort();
        }
    }

    /** The settings Connect reads from the Spark configuration (set on the builder before the context starts). */
    public static void configure(SparkSession.Builder builder, String bindHost, int port, String secret) {
        builder.config("spark.connect.grpc.binding.address", bindHost)
                .config("spark.connect.grpc.binding.port", Integer.toString(port))
                .config("spark.connect.grpc.port.maxRetries", "0")
                .config("spark.connect.authenticate.token", secret);
        String interceptors = interceptorClasses();
        if (!interceptors.isEmpty()) {
            builder.config("spark.connect.grpc.interceptor.classes", interceptors);
        }
    }

    /** Starts the service; returns the port it listens on. */
    public static int start(SparkContext context) {
        SparkConnectService$.MODULE$.start(context);
        return SparkConnectService$.MODULE$.localPort();
    }

    public static void stop() {
        SparkConnectService$.MODULE$.stop(Option.empty(), Option.empty());
    }
}
