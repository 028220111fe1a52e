package org.shuyu.jobs.spec;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The runtime configuration a job is launched with (written by the controller; contract in
 * docs/workspaces-and-jobs.md, section "Job runtime"). Parsed strictly: unknown kinds, relative paths and names
 * that are not plain identifiers are rejected, so nothing from it is ever spliced into SQL unchecked.
 */
public final class RuntimeConfig {
    /** What a launch does. */
    public enum Kind { JOB, PREVIEW, SNAPSHOT }

    /** A plain SQL identifier: database, table and namespace names. */
    public static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    /** How long a lineage event may take to be stored by the controller, retries included, by default. */
    public static final long DEFAULT_LINEAGE_DELIVERY_MILLIS = 30_000;
    /** The most rows a preview may show. */
    public static final int MAX_PREVIEW_ROWS = 1000;
    /** The most rows a snapshot may hold (the runtime reads one more to detect a larger table; a LIMIT is an int). */
    public static final long MAX_SNAPSHOT_ROWS = 100_000_000L;

    /** A granted dataset to register as {@code namespace.table} (CSV with a header line). */
    public record Source(String id, String format, Path location, String schema) {
        public Source {
            requireNonNull(id, "id is null");
            requireNonNull(format, "format is null");
            requireNonNull(location, "location is null");
            requireNonNull(schema, "schema is null");
            String[] parts = id.split("\\.", -1);
            if (parts.length != 2 || !IDENTIFIER.matcher(parts[0]).matches()
                    || !IDENTIFIER.matcher(parts[1]).matches()) {
                throw new IllegalArgumentException("source id '" + id + "' is not namespace.table");
            }
            if (!format.equalsIgnoreCase("csv")) {
                throw new IllegalArgumentException("source " + id + ": format '" + format + "' (only csv)");
            }
            if (!location.isAbsolute()) {
                throw new IllegalArgumentException("source " + id + ": location is not absolute");
            }
            if (schema.isBlank()) {
                throw new IllegalArgumentException("source " + id + ": empty schema");
            }
        }

        public String namespace() {
            return id.substring(0, id.indexOf('.')).toLowerCase(Locale.ROOT);
        }

        public String table() {
            return id.substring(id.indexOf('.') + 1).toLowerCase(Locale.ROOT);
        }
    }

    /** The workspace table a PREVIEW shows, and how many rows. */
    public record Preview(String table, int limit) {
        public Preview {
            requireNonNull(table, "table is null");
            if (!IDENTIFIER.matcher(table).matches()) {
                throw new IllegalArgumentException("preview table '" + table + "' is not an identifier");
            }
            if (limit < 1 || limit > MAX_PREVIEW_ROWS) {
                throw new IllegalArgumentException("preview limit " + limit + " not in 1.." + MAX_PREVIEW_ROWS);
            }
        }
    }

    /**
     * The workspace table a SNAPSHOT freezes into an Arrow IPC file, and the most rows it may have: a larger table
     * fails the run ({@code SNAPSHOT_TOO_LARGE}) and nothing is written.
     */
    public record Snapshot(String table, long maxRows) {
        public Snapshot {
            requireNonNull(table, "table is null");
            if (!IDENTIFIER.matcher(table).matches()) {
                throw new IllegalArgumentException("snapshot table '" + table + "' is not an identifier");
            }
            if (maxRows < 1 || maxRows > MAX_SNAPSHOT_ROWS) {
                throw new IllegalArgumentException("snapshot maxRows " + maxRows + " not in 1.." + MAX_SNAPSHOT_ROWS);
            }
        }
    }

    private final String jobId;
    private final Kind kind;
    private final String user;
    private final String workspaceId;
    private final String serviceName;
    private final String workspaceDatabase;
    private final Path workspaceDir;
    private final Path warehouseDir;
    private final Path filesDir;
    private final URI policyUrl;
    private final long policyPollMillis;
    private final long policyMaxStalenessMillis;
    private final long lineageDeliveryTimeoutMillis;
    private final boolean parentWatch;
    private final List<Source> sources;
    private final List<String> steps;
    private final Preview preview;
    private final Snapshot snapshot;
    private final Path outputDir;

    private RuntimeConfig(JsonNode json) {
        jobId = text(json, "jobId");
        kind = Kind.valueOf(text(json, "kind").toUpperCase(Locale.ROOT));
        user = text(json, "user");
        workspaceId = text(json, "workspaceId");
        serviceName = text(json, "serviceName");
        workspaceDatabase = text(json, "workspaceDatabase").toLowerCase(Locale.ROOT);
        if (!IDENTIFIER.matcher(workspaceDatabase).matches()) {
            throw new IllegalArgumentException("workspaceDatabase '" + workspaceDatabase + "' is not an identifier");
        }
        workspaceDir = absolute(json, "workspaceDir");
        warehouseDir = absolute(json, "warehouseDir");
        filesDir = absolute(json, "filesDir");
        outputDir = absolute(json, "outputDir");
        policyUrl = URI.create(text(json, "policyUrl"));
        if (!"http".equals(policyUrl.getScheme()) && !"https".equals(policyUrl.getScheme())) {
            throw new IllegalArgumentException("policyUrl must be http(s)");
        }
        policyPollMillis = number(json, "policyPollMillis", 1000);
        policyMaxStalenessMillis = number(json, "policyMaxStalenessMillis", 10000);
        if (policyPollMillis < 100 || policyMaxStalenessMillis < policyPollMillis) {
            throw new IllegalArgumentException("policyPollMillis must be >= 100 and <= policyMaxStalenessMillis");
        }
        lineageDeliveryTimeoutMillis = number(json, "lineageDeliveryTimeoutMillis", DEFAULT_LINEAGE_DELIVERY_MILLIS);
        if (lineageDeliveryTimeoutMillis < 1 || lineageDeliveryTimeoutMillis > 600_000) {
            throw new IllegalArgumentException("lineageDeliveryTimeoutMillis must be 1 to 600000");
        }
        JsonNode watch = json.get("parentWatch");
        if (watch != null && !watch.isNull() && !watch.isBoolean()) {
            throw new IllegalArgumentException("parentWatch must be true or false");
        }
        parentWatch = watch != null && watch.asBoolean(false);
        List<Source> list = new ArrayList<>();
        for (JsonNode source : array(json, "sources")) {
            list.add(new Source(text(source, "id"), text(source, "format"), Path.of(text(source, "location")),
                    text(source, "schema")));
        }
        sources = List.copyOf(list);
        List<String> stepList = new ArrayList<>();
        for (JsonNode step : array(json, "steps")) {
            if (!step.isTextual() || step.asText().isBlank()) {
                throw new IllegalArgumentException("every step must be a non-empty string");
            }
            stepList.add(step.asText());
        }
        steps = List.copyOf(stepList);
        JsonNode previewNode = json.get("preview");
        preview = previewNode == null || previewNode.isNull() ? null
                : new Preview(text(previewNode, "table"), (int) number(previewNode, "limit", 20));
        JsonNode snapshotNode = json.get("snapshot");
        snapshot = snapshotNode == null || snapshotNode.isNull() ? null
                : new Snapshot(text(snapshotNode, "table"), required(snapshotNode, "maxRows"));
        if (kind == Kind.JOB && steps.isEmpty()) {
            throw new IllegalArgumentException("a JOB needs at least one step");
        }
        if (kind == Kind.PREVIEW && preview == null) {
            throw new IllegalArgumentException("a PREVIEW needs a preview");
        }
        if (kind == Kind.SNAPSHOT && snapshot == null) {
            throw new IllegalArgumentException("a SNAPSHOT needs a snapshot");
        }
    }

    /** Reads and validates the configuration file. */
    public static RuntimeConfig read(Path file, ObjectMapper mapper) throws IOException {
        JsonNode json = mapper.readTree(Files.readString(file));
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("the configuration is not a JSON object");
        }
        return new RuntimeConfig(json);
    }

    /** The output directory named in a configuration file even if the rest is invalid, for reporting. */
    public static Optional<Path> outputDirOf(Path file, ObjectMapper mapper) {
        try {
            JsonNode node = mapper.readTree(Files.readString(file)).get("outputDir");
            if (node != null && node.isTextual() && Path.of(node.asText()).isAbsolute()) {
                return Optional.of(Path.of(node.asText()));
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static String text(JsonNode json, String field) {
        JsonNode node = json.get(field);
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            throw new IllegalArgumentException("'" + field + "' is missing or not a non-empty string");
        }
        return node.asText();
    }

    private static long number(JsonNode json, String field, long fallback) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.canConvertToLong()) {
            throw new IllegalArgumentException("'" + field + "' is not a whole number");
        }
        return node.asLong();
    }

    private static long required(JsonNode json, String field) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            throw new IllegalArgumentException("'" + field + "' is missing");
        }
        return number(json, field, 0);
    }

    private static Path absolute(JsonNode json, String field) {
        Path path = Path.of(text(json, field));
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException("'" + field + "' is not an absolute path");
        }
        return path.normalize();
    }

    private static List<JsonNode> array(JsonNode json, String field) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException("'" + field + "' is not an array");
        }
        List<JsonNode> out = new ArrayList<>();
        node.forEach(out::add);
        return out;
    }

    public String jobId() { return jobId; }
    public Kind kind() { return kind; }
    public String user() { return user; }
    public String workspaceId() { return workspaceId; }
    public String serviceName() { return serviceName; }
    public String workspaceDatabase() { return workspaceDatabase; }
    public Path workspaceDir() { return workspaceDir; }
    public Path warehouseDir() { return warehouseDir; }
    public Path filesDir() { return filesDir; }
    public URI policyUrl() { return policyUrl; }
    public long policyPollMillis() { return policyPollMillis; }
    public long policyMaxStalenessMillis() { return policyMaxStalenessMillis; }
    /** The deadline for delivering one lineage event (optional {@code lineageDeliveryTimeoutMillis}). */
    public long lineageDeliveryTimeoutMillis() { return lineageDeliveryTimeoutMillis; }
    /**
     * Optional {@code parentWatch} (default false): the launcher holds the runtime's stdin open as a pipe, and the
     * runtime stops (ORPHANED, exit code 4) when it closes or the parent process dies (runtime/ParentWatch).
     */
    public boolean parentWatch() { return parentWatch; }
    public List<Source> sources() { return sources; }
    public List<String> steps() { return steps; }
    public Optional<Preview> preview() { return Optional.ofNullable(preview); }
    public Optional<Snapshot> snapshot() { return Optional.ofNullable(snapshot); }
    public Path outputDir() { return outputDir; }
}
