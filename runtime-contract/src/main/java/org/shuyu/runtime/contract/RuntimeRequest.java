package org.shuyu.runtime.contract;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a launcher hands the runtime ({@value RuntimeFiles#REQUEST}): who runs what in which workspace, where the
 * policies come from, and where the outputs go. Validated on construction, on both sides: names that reach SQL are
 * plain identifiers, paths are absolute, sources are CSV, and each kind carries what it needs (a JOB its steps, a
 * PREVIEW its {@link Preview}, a SNAPSHOT its {@link Snapshot}).
 *
 * <p>On the wire, {@code lineageDeliveryTimeoutMillis}, {@code parentWatch} (false), {@code preview} and
 * {@code snapshot} and {@code cluster} are left out when not set (no cluster: {@code local[2]} in the runtime's
 * JVM); a request read without {@code policyPollMillis},
 * {@code policyMaxStalenessMillis}, {@code sources} or {@code steps} gets their defaults.
 */
@JsonPropertyOrder({"jobId", "kind", "user", "workspaceId", "serviceName", "workspaceDatabase", "workspaceDir",
        "warehouseDir", "filesDir", "policyUrl", "policyPollMillis", "policyMaxStalenessMillis",
        "lineageDeliveryTimeoutMillis", "parentWatch", "sources", "steps", "preview", "snapshot", "outputDir", "cluster"})
public record RuntimeRequest(String jobId, Kind kind, String user, String workspaceId, String serviceName,
        String workspaceDatabase, Path workspaceDir, Path warehouseDir, Path filesDir, String policyUrl,
        long policyPollMillis, long policyMaxStalenessMillis,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Optional<Long> lineageDeliveryTimeoutMillis,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean parentWatch, List<Source> sources, List<String> steps,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Optional<Preview> preview,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Optional<Snapshot> snapshot, Path outputDir,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Optional<SparkCluster> cluster) {

    /** What a launch does. */
    public enum Kind { JOB, PREVIEW, SNAPSHOT }

    public RuntimeRequest {
        Checks.text(jobId, "jobId");
        Checks.present(kind, "kind");
        Checks.text(user, "user");
        Checks.text(workspaceId, "workspaceId");
        Checks.text(serviceName, "serviceName");
        Checks.workspaceDatabase(workspaceDatabase, "workspaceDatabase");
        Checks.absolute(workspaceDir, "workspaceDir");
        Checks.absolute(warehouseDir, "warehouseDir");
        Checks.absolute(filesDir, "filesDir");
        Checks.absolute(outputDir, "outputDir");
        Checks.httpUrl(policyUrl, "policyUrl");
        Checks.policyTiming(policyPollMillis, policyMaxStalenessMillis);
        requireNonNull(lineageDeliveryTimeoutMillis, "lineageDeliveryTimeoutMillis is null");
        lineageDeliveryTimeoutMillis.ifPresent(millis -> {
            if (millis < 1 || millis > RuntimeLimits.MAX_LINEAGE_DELIVERY_MILLIS) {
                throw new IllegalArgumentException("lineageDeliveryTimeoutMillis must be 1 to "
                        + RuntimeLimits.MAX_LINEAGE_DELIVERY_MILLIS);
            }
        });
        sources = Checks.list(sources, "sources");
        steps = Checks.list(steps, "steps");
        for (String step : steps) {
            if (step.isBlank()) {
                throw new IllegalArgumentException("every step must be a non-empty string");
            }
        }
        requireNonNull(preview, "preview is null");
        requireNonNull(snapshot, "snapshot is null");
        requireNonNull(cluster, "cluster is null");
        if (kind == Kind.JOB && steps.isEmpty()) {
            throw new IllegalArgumentException("a JOB needs at least one step");
        }
        if (kind == Kind.PREVIEW && preview.isEmpty()) {
            throw new IllegalArgumentException("a PREVIEW needs a preview");
        }
        if (kind == Kind.SNAPSHOT && snapshot.isEmpty()) {
            throw new IllegalArgumentException("a SNAPSHOT needs a snapshot");
        }
    }

    /** The JSON form: fields a launcher may leave out get their defaults (see the class comment). */
    @JsonCreator
    static RuntimeRequest fromJson(@JsonProperty("jobId") String jobId, @JsonProperty("kind") Kind kind,
            @JsonProperty("user") String user, @JsonProperty("workspaceId") String workspaceId,
            @JsonProperty("serviceName") String serviceName, @JsonProperty("workspaceDatabase") String workspaceDatabase,
            @JsonProperty("workspaceDir") Path workspaceDir, @JsonProperty("warehouseDir") Path warehouseDir,
            @JsonProperty("filesDir") Path filesDir, @JsonProperty("policyUrl") String policyUrl,
            @JsonProperty("policyPollMillis") Long policyPollMillis,
            @JsonProperty("policyMaxStalenessMillis") Long policyMaxStalenessMillis,
            @JsonProperty("lineageDeliveryTimeoutMillis") Optional<Long> lineageDeliveryTimeoutMillis,
            @JsonProperty("parentWatch") Boolean parentWatch, @JsonProperty("sources") List<Source> sources,
            @JsonProperty("steps") List<String> steps, @JsonProperty("preview") Optional<Preview> preview,
            @JsonProperty("snapshot") Optional<Snapshot> snapshot, @JsonProperty("outputDir") Path outputDir,
            @JsonProperty("cluster") Optional<SparkCluster> cluster) {
        return new RuntimeRequest(jobId, kind, user, workspaceId, serviceName, workspaceDatabase, workspaceDir,
                warehouseDir, filesDir, policyUrl,
                policyPollMillis == null ? RuntimeLimits.DEFAULT_POLICY_POLL_MILLIS : policyPollMillis,
                policyMaxStalenessMillis == null ? RuntimeLimits.DEFAULT_POLICY_MAX_STALENESS_MILLIS
                        : policyMaxStalenessMillis,
                orEmpty(lineageDeliveryTimeoutMillis), parentWatch != null && parentWatch,
                sources == null ? List.of() : sources, steps == null ? List.of() : steps, orEmpty(preview),
                orEmpty(snapshot), outputDir, orEmpty(cluster));
    }

    private static <T> Optional<T> orEmpty(Optional<T> value) {
        return value == null ? Optional.empty() : value;
    }

    /** A granted dataset to register as {@code namespace.table} (CSV with a header line, at {@code location}). */
    @JsonPropertyOrder({"id", "format", "location", "schema"})
    public record Source(String id, String format, Path location, String schema) {
        public Source {
            Checks.text(id, "id");
            String[] parts = id.split("\\.", -1);
            if (parts.length != 2 || !RuntimeLimits.isIdentifier(parts[0]) || !RuntimeLimits.isIdentifier(parts[1])) {
                throw new IllegalArgumentException("source id '" + id + "' is not namespace.table");
            }
            Checks.text(format, "format");
            if (!format.equalsIgnoreCase("csv")) {
                throw new IllegalArgumentException("source " + id + ": format '" + format + "' (only csv)");
            }
            Checks.present(location, "location");
            if (!location.isAbsolute()) {
                throw new IllegalArgumentException("source " + id + ": location is not absolute");
            }
            Checks.present(schema, "schema");
            if (schema.isBlank()) {
                throw new IllegalArgumentException("source " + id + ": empty schema");
            }
        }

        /** The namespace part of the id, lower case. */
        public String namespace() {
            return id.substring(0, id.indexOf('.')).toLowerCase(Locale.ROOT);
        }

        /** The table part of the id, lower case. */
        public String table() {
            return id.substring(id.indexOf('.') + 1).toLowerCase(Locale.ROOT);
        }
    }

    /** The workspace table a PREVIEW shows, and how many rows (1 to {@link RuntimeLimits#MAX_PREVIEW_ROWS}). */
    @JsonPropertyOrder({"table", "limit"})
    public record Preview(String table, @JsonProperty(required = true) int limit) {
        public Preview {
            Checks.present(table, "table");
            if (!RuntimeLimits.isIdentifier(table)) {
                throw new IllegalArgumentException("preview table '" + table + "' is not an identifier");
            }
            if (limit < 1 || limit > RuntimeLimits.MAX_PREVIEW_ROWS) {
                throw new IllegalArgumentException("preview limit " + limit + " not in 1.." + RuntimeLimits.MAX_PREVIEW_ROWS);
            }
        }
    }

    /**
     * The workspace table a SNAPSHOT freezes into {@value RuntimeFiles#SNAPSHOT_ARROW}, and the most rows it may have
     * (1 to {@link RuntimeLimits#MAX_SNAPSHOT_ROWS}): a larger table fails the run and nothing is written.
     */
    @JsonPropertyOrder({"table", "maxRows"})
    public record Snapshot(String table, @JsonProperty(required = true) long maxRows) {
        public Snapshot {
            Checks.present(table, "table");
            if (!RuntimeLimits.isIdentifier(table)) {
                throw new IllegalArgumentException("snapshot table '" + table + "' is not an identifier");
            }
            if (maxRows < 1 || maxRows > RuntimeLimits.MAX_SNAPSHOT_ROWS) {
                throw new IllegalArgumentException("snapshot maxRows " + maxRows + " not in 1.."
                        + RuntimeLimits.MAX_SNAPSHOT_ROWS);
            }
        }
    }
}
