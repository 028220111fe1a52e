package org.shuyu.jobs.engine;

import org.shuyu.jobs.engine.connect.ConnectGuards;

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
     * The value of {@code spark.connect.grpc.interceptor.classes}: {@link EngineSecretInterceptor} (the engine secret)
     * and the engine's Connect guard ({@link ConnectGuards#INTERCEPTOR_CLASS}: identity, what Connect adds, the result
     * cap, error redaction; docs/connect-enforcement.md), which {@code Engine} installs before Connect starts.
     */
    public static String interceptorClasses() {
        return EngineSecretInterceptor.class.getName() + "," + ConnectGuards.INTERCEPTOR_CLASS;
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
