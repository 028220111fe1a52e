package org.shuyu.jobs.authz;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.shuyu.jobs.JobsErrorCode;

/**
 * The locked session configuration: a job may set, read or reset only harmless tuning keys. Everything else —
 * extensions, optimizer rule exclusions, {@code spark.sql.runSQLOnFiles}, catalogs and the warehouse, anything
 * {@code spark.shuyu.*}, any key that names a user or principal — is {@code SETTING_LOCKED}, and so is listing all
 * values ({@code SET}, {@code SET -v}) and resetting everything ({@code RESET}).
 */
public final class SessionLock {
    /** The keys a job may SET, read and RESET. Each changes performance or presentation, never who or what. */
    public static final Set<String> ALLOWED_KEYS = Set.of(
            "spark.sql.shuffle.partitions",
            "spark.sql.session.timezone",
            "spark.sql.ansi.enabled",
            "spark.sql.adaptive.enabled",
            "spark.sql.adaptive.coalescepartitions.enabled",
            "spark.sql.adaptive.skewjoin.enabled",
            "spark.sql.autobroadcastjointhreshold",
            "spark.sql.files.maxpartitionbytes",
            "spark.sql.parquet.compression.codec",
            "spark.sql.sources.partitionoverwritemode",
            "spark.sql.decimaloperations.allowprecisionloss",
            "spark.sql.legacy.timeparserpolicy",
            "spark.sql.datetime.java8api.enabled",
            "spark.sql.crossjoin.enabled",
            "spark.sql.cbo.enabled",
            "spark.sql.join.prefersortmergejoin");

    /** Refuses a {@code SET}: {@code key} empty = list all; {@code value} empty = read one key. */
    public void checkSet(Optional<String> key, Optional<String> value) {
        if (key.isEmpty()) {
            throw locked("SET without a key lists every setting; only these keys may be read: " + sortedKeys());
        }
        String name = key.get().trim();
        if (name.equals("-v")) {
            throw locked("SET -v lists every setting; only these keys may be read: " + sortedKeys());
        }
        requireAllowed(name, value.isPresent() ? "set" : "read");
    }

    /** Refuses a {@code RESET}: {@code key} empty = reset everything. */
    public void checkReset(Optional<String> key) {
        if (key.isEmpty()) {
            throw locked("RESET of all settings is not allowed; reset one of: " + sortedKeys());
        }
        requireAllowed(key.get().trim(), "reset");
    }

    private static void requireAllowed(String key, String verb) {
        String normalised = key.toLowerCase(Locale.ROOT);
        if (ALLOWED_KEYS.contains(normalised)) {
            return;
        }
        if (claimsIdentity(normalised)) {
            throw locked("setting '" + key + "' would change the job's identity; the user is fixed by the launcher");
        }
        throw locked("setting '" + key + "' may not be " + verb + " in a job; allowed keys: " + sortedKeys());
    }

    private static boolean claimsIdentity(String key) {
        return key.contains("user") || key.contains("principal") || key.contains("proxy") || key.contains("identity")
                || key.contains("owner") || key.contains("keytab") || key.startsWith("spark.shuyu.");
    }

    private static String sortedKeys() {
        return String.join(", ", ALLOWED_KEYS.stream().sorted().toList());
    }

    private static EnforcementException locked(String message) {
        return new EnforcementException(JobsErrorCode.SETTING_LOCKED, message);
    }
}
