package org.shuyu.cli.support;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.shuyu.client.ApiResponse;

/**
 * The request headers of the API's write contract: {@code Idempotency-Key} on creations (one random key per CLI
 * invocation, so the client's own retry of the same call never creates twice) and {@code If-Match} with the ETag
 * read just before a life-cycle change (so the change applies only to the state the person saw: 412 otherwise).
 */
public final class Headers {
    private Headers() {}

    /** A fresh key for a creation's {@code idempotencyKey} parameter ({@code api.createGrant(body, key)}). */
    public static String idempotencyKey() {
        return UUID.randomUUID().toString();
    }

    /** A fresh {@code Idempotency-Key} for one creation. */
    public static Map<String, String> idempotent() {
        return Map.of("Idempotency-Key", UUID.randomUUID().toString());
    }

    /** {@code If-Match} with the ETag of a response read before, or nothing when it carried none. */
    public static Map<String, String> ifMatch(ApiResponse<?> read) {
        return etag(read).map(tag -> Map.of("If-Match", tag)).orElse(Map.of());
    }

    /** The response's ETag header, if any. */
    public static Optional<String> etag(ApiResponse<?> response) {
        return header(response, "ETag");
    }

    /** A response header by name (case-insensitive), first value. */
    public static Optional<String> header(ApiResponse<?> response, String name) {
        return response.getHeaders().entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name))
                .flatMap(e -> e.getValue().stream())
                .findFirst();
    }
}
