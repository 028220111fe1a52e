package org.shuyu.jobs.engine.connect;

import static org.shuyu.jobs.engine.connect.ConnectRefusal.denied;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.connect.proto.ConfigRequest;
import org.apache.spark.connect.proto.KeyValue;
import org.shuyu.jobs.JobsErrorCode;
import org.shuyu.jobs.authz.EnforcementException;
import org.shuyu.jobs.authz.SessionLock;

/**
 * {@code spark.conf} over Spark Connect. Connect's config handler sets keys on the session directly, without the SQL
 * {@code SET} the enforcement sees, so this is where the session lock holds for Connect: set and unset only
 * {@link SessionLock#ALLOWED_KEYS} (same rule and code, {@code SETTING_LOCKED}, as a batch {@code SET}); read those
 * plus {@link #CLIENT_READABLE_KEYS}; never list everything ({@code getAll}).
 */
final class ConfigAccess {
    /**
     * Keys Spark's own clients read when they connect, build DataFrames from local data or decode results. Reading
     * them is harmless: each is a behaviour flag of the session (how timestamps and decimals are interpreted, how
     * large a local relation may be sent inline), none names a user, a path, a catalog or a secret, and none may be
     * set (they stay locked).
     */
    static final Set<String> CLIENT_READABLE_KEYS = Set.of(
            // Whether and from which size the JVM client compresses plans (read before every execution); the engine
            // sets the threshold out of reach because compressed plans are refused (PlanInspector).
            "spark.connect.session.plancompression.threshold", "spark.connect.session.plancompression.defaultalgorithm",
            // Time zone results are decoded in (JVM and Python clients).
            "spark.sql.session.timezone",
            // Default timestamp type the client assumes for local data (Python client).
            "spark.sql.timestamptype",
            // Whether the session runs in ANSI mode: the client picks error/overflow behaviour of its encoders.
            "spark.sql.ansi.enabled",
            // Limits of local relations sent inline by createDataFrame (JVM client); bigger ones would need artifact
            // upload, which is refused anyway.
            "spark.sql.session.localrelationcachethreshold", "spark.sql.session.localrelationchunksizerows",
            "spark.sql.session.localrelationchunksizebytes", "spark.sql.session.localrelationsizelimit",
            "spark.sql.session.localrelationbatchofchunkssizebytes",
            // Arrow encoding of strings and binaries in results (JVM client).
            "spark.sql.execution.arrow.uselargevartypes",
            // Legacy datetime parsing policy the JVM client mirrors when encoding literals.
            "spark.sql.legacy.timeparserpolicy",
            // Artifact class loader isolation: read by the JVM client at start; uploads are refused either way.
            "spark.sql.artifact.isolation.enabled", "spark.sql.artifact.isolation.alwaysapplyclassloader");

    private final SessionLock lock = new SessionLock();

    void check(ConfigRequest request) {
        ConfigRequest.Operation operation = request.getOperation();
        switch (operation.getOpTypeCase()) {
            case SET -> {
                for (KeyValue pair : operation.getSet().getPairsList()) {
                    locked(() -> lock.checkSet(Optional.of(pair.getKey()),
                            Optional.of(pair.hasValue() ? pair.getValue() : "")));
                }
            }
            case UNSET -> {
                for (String key : operation.getUnset().getKeysList()) {
                    locked(() -> lock.checkReset(Optional.of(key)));
                }
            }
            case GET -> operation.getGet().getKeysList().forEach(ConfigAccess::requireReadable);
            case GET_OPTION -> operation.getGetOption().getKeysList().forEach(ConfigAccess::requireReadable);
            case GET_WITH_DEFAULT -> operation.getGetWithDefault().getPairsList()
                    .forEach(pair -> requireReadable(pair.getKey()));
            case IS_MODIFIABLE -> { }
            case GET_ALL -> throw denied(JobsErrorCode.SETTING_LOCKED,
                    "listing every setting is not allowed; only these keys may be read: " + readableKeys());
            default -> throw denied(JobsErrorCode.CONNECT_COMMAND_REFUSED, "config operation '"
                    + operation.getOpTypeCase().name().toLowerCase(Locale.ROOT) + "' is not allowed");
        }
    }

    private static void requireReadable(String key) {
        String normalised = key.trim().toLowerCase(Locale.ROOT);
        if (!SessionLock.ALLOWED_KEYS.contains(normalised) && !CLIENT_READABLE_KEYS.contains(normalised)) {
            throw denied(JobsErrorCode.SETTING_LOCKED, "setting '" + key + "' may not be read over Spark Connect; "
                    + "readable keys: " + readableKeys());
        }
    }

    private static String readableKeys() {
        return String.join(", ", Stream.concat(SessionLock.ALLOWED_KEYS.stream(),
                CLIENT_READABLE_KEYS.stream()).sorted().toList());
    }

    private static void locked(Runnable check) {
        try {
            check.run();
        } catch (EnforcementException e) {
            throw denied(JobsErrorCode.SETTING_LOCKED, e.getMessage());
        }
    }
}
