package org.shuyu.jobs.engine;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connect.service.SparkConnectService$;
import scala.Option;

/**
 * Spark Connect inside the engine: Spark's own {@code SparkConnectService} on {@code bindHost:connectPort}, behind the
 * interceptors {@link #interceptorClasses()} names, which require {@code Authorization: Bearer <engine secret>}. The
 * secret is NOT put in {@code spark.connect.authenticate.token}: the Spark configuration is readable from SQL
 * ({@code ${...}} substitution, settings) and must not hold it.
 */
public final class EngineConnect {
    private EngineConnect() {
    }

    /**
     * The value of {@code spark.connect.grpc.interceptor.classes}: the engine's Connect guard (helper
     * "connect-guard", {@code org.shuyu.jobs.engine.connect.ConnectGuardInterceptor}) once it is on this branch;
     * until then {@link EngineSecretInterceptor} (the engine secret only). THE INTEGRATOR SWITCHES THIS ONE METHOD
     * (to {@code ConnectGuards.INTERCEPTOR_CLASS}, after {@code ConnectGuards.install(...)} in {@code Engine.boot}).
     */
    public static String interceptorClasses() {
        return EngineSecretInterceptor.class.getName();
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
        EngineSecretInterceptor.install(secret);
        builder.config("spark.connect.grpc.binding.address", bindHost)
                .config("spark.connect.grpc.binding.port", Integer.toString(port))
                .config("spark.connect.grpc.port.maxRetries", "0")
                .config("spark.connect.grpc.interceptor.classes", interceptorClasses());
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
