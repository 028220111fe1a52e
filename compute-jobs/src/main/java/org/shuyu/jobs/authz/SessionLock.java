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
    /**
     * The keys a job may SET, read and RESET. Each changes only how fast a statement runs or how its own results are
     * written or computed, never who runs it, what it may read, how source files are parsed or which schema they are
     * read with: every setting that changes parsing, schema inference or file reading ({@code spark.sql.files.*},
     * {@code spark.sql.csv.*}, {@code spark.sql.json.*}, {@code spark.sql.legacy.*}, {@code spark.sql.ansi.enabled},
     * {@code spark.sql.caseSensitive}, {@code spark.sql.columnNameOfCorruptRecord}, the session time zone, which
     * decides how timestamps in CSV sources are parsed) is locked, as is everything else not listed here.
     */
    public static final Set<String> ALLOWED_KEYS = Set.of(
            // Number of shuffle partitions: parallelism of joins and aggregations only.
            "spark.sql.shuffle.partitions",
            // Adaptive query execution re-plans joins and partitions at run time; results are the same.
            "spark.sql.adaptive.enabled",
            // AQE merging of small shuffle partitions: a physical optimisation.
            "spark.sql.adaptive.coalescepartitions.enabled",
            // AQE splitting of skewed join partitions: a physical optimisation.
            "spark.sql.adaptive.skewjoin.enabled",
            // Size under which a join side is broadcast: a physical join strategy choice.
            "spark.sql.autobroadcastjointhreshold",
            // Compression of parquet files the job writes into its own workspace; reading is unaffected.
            "spark.sql.parquet.compression.codec",
            // Whether INSERT OVERWRITE of a partitioned workspace table replaces all or only the written partitions
            // (the write is authorised as update + drop either way).
            "spark.sql.sources.partitionoverwritemode",
            // Precision rule of decimal arithmetic in the job's own expressions; columns are read as declared.
            "spark.sql.decimaloperations.allowprecisionloss",
            // Which Java types dates are collected as on the driver; values and files are unaffected.
            "spark.sql.datetime.java8api.enabled",
            // Allows an explicit cartesian product; the columns read are checked the same way.
            "spark.sql.crossjoin.enabled",
            // Cost-based join reordering: a plan choice with the same result (statistics are never computed).
            "spark.sql.cbo.enabled",
            // Sort-merge versus shuffled hash join: a physical join strategy choice.
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
