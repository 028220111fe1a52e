package org.shuyu.controller.adapter.connect;

import io.grpc.Metadata;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.shuyu.controller.adapter.connect.ConnectPorts.Route;

/**
 * The gRPC metadata the front door reads and writes. From the client it takes the workspace
 * ({@code x-shuyu-workspace}); towards the engine it forwards the client's own headers except every
 * {@code authorization} and {@code x-shuyu-*} header (and transport headers gRPC sets itself), and adds the engine's
 * secret and the member and controller session the engine binds the call to. Responses are relayed with any
 * {@code authorization}/{@code x-shuyu-*} header removed.
 */
final class ConnectHeaders {
    static final Metadata.Key<String> WORKSPACE = Metadata.Key.of("x-shuyu-workspace", Metadata.ASCII_STRING_MARSHALLER);
    /** The member the engine binds the call to ({@code EngineLaunch}'s gRPC header). */
    static final Metadata.Key<String> MEMBER = Metadata.Key.of("x-shuyu-member", Metadata.ASCII_STRING_MARSHALLER);
    /** The controller's session the engine binds the call to ({@code EngineLaunch}'s gRPC header). */
    static final Metadata.Key<String> SESSION = Metadata.Key.of("x-shuyu-session", Metadata.ASCII_STRING_MARSHALLER);
    private static final Pattern WORKSPACE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final String PLATFORM_PREFIX = "x-shuyu-";

    private ConnectHeaders() {}

    /** The one well-formed workspace id of the call, if any. */
    static Optional<String> workspace(Metadata headers) {
        Iterable<String> values = headers.getAll(WORKSPACE);
        if (values == null) {
            return Optional.empty();
        }
        String found = null;
        for (String value : values) {
            if (found != null) {
                return Optional.empty(); // two workspaces: ambiguous, refused
            }
            found = value.strip();
        }
        return Optional.ofNullable(found).filter(id -> WORKSPACE_ID.matcher(id).matches());
    }

    /** The headers the engine receives for a call of {@code route}. */
    static Metadata towardsEngine(Metadata client, Route route) {
        Metadata out = new Metadata();
        for (String key : client.keys()) {
            String name = key.toLowerCase(Locale.ROOT);
            if (name.startsWith(":") || name.startsWith("grpc-") || name.equals("content-type") || name.equals("te")
                    || name.equals("user-agent") || name.equals("host") || platformOrCredential(name)) {
                continue;
            }
            copy(client, out, name);
        }
        out.put(BearerTokens.AUTHORIZATION, "Bearer " + route.engineSecret());
        out.put(MEMBER, route.user());
        out.put(SESSION, route.sessionId());
        return out;
    }

    /** The engine's response headers or trailers as the client receives them. */
    static Metadata towardsClient(Metadata engine) {
        Metadata out = new Metadata();
        for (String key : engine.keys()) {
            String name = key.toLowerCase(Locale.ROOT);
            if (name.startsWith(":") || name.equals("content-type") || name.equals("grpc-status") || name.equals("grpc-message")
                    || name.equals("grpc-encoding") || name.equals("grpc-accept-encoding") || platformOrCredential(name)) {
                continue;
            }
            copy(engine, out, name);
        }
        return out;
    }

    private static boolean platformOrCredential(String name) {
        return name.equals("authorization") || name.equals("proxy-authorization") || name.startsWith(PLATFORM_PREFIX);
    }

    private static void copy(Metadata from, Metadata to, String name) {
        if (name.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
            Metadata.Key<byte[]> key = Metadata.Key.of(name, Metadata.BINARY_BYTE_MARSHALLER);
            Iterable<byte[]> values = from.getAll(key);
            if (values != null) {
                values.forEach(value -> to.put(key, value));
            }
        } else {
            Metadata.Key<String> key = Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER);
            Iterable<String> values = from.getAll(key);
            if (values != null) {
                values.forEach(value -> to.put(key, value));
            }
        }
    }
}
