package org.shuyu.jobs.engine;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.atomic.AtomicReference;
import org.sparkproject.connect.grpc.Metadata;
import org.sparkproject.connect.grpc.ServerCall;
import org.sparkproject.connect.grpc.ServerCallHandler;
import org.sparkproject.connect.grpc.ServerInterceptor;
import org.sparkproject.connect.grpc.Status;

/**
 * The engine secret check on Spark Connect until the connect-guard's interceptor is installed: every call needs
 * {@code authorization: Bearer <SHUYU_ENGINE_SECRET>} (constant-time compare), else {@code UNAUTHENTICATED} and
 * nothing is handled. Spark instantiates interceptors by name with no arguments, so the secret is handed over through
 * {@link #install} (never through the Spark configuration, which members' SQL could read).
 */
public final class EngineSecretInterceptor implements ServerInterceptor {
    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final AtomicReference<byte[]> SECRET = new AtomicReference<>();

    /** The secret every Connect call must present (the engine sets it once before starting Spark Connect). */
    public static void install(String secret) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("the engine secret is blank");
        }
        SECRET.set(secret.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        byte[] secret = SECRET.get();
        String header = headers.get(AUTHORIZATION);
        byte[] presented = header != null && header.startsWith("Bearer ")
                ? header.substring("Bearer ".length()).getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (secret == null || !MessageDigest.isEqual(presented, secret)) {
            call.close(Status.UNAUTHENTICATED.withDescription("the engine secret is missing or wrong"),
                    new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
        return next.startCall(call, headers);
    }
}
