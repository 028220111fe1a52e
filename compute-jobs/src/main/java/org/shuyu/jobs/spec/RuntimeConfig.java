package org.shuyu.jobs.spec;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.shuyu.runtime.contract.RuntimeJson;
import org.shuyu.runtime.contract.RuntimeLimits;
import org.shuyu.runtime.contract.RuntimeRequest;

/**
 * The runtime's view of the request it was launched with: a {@link RuntimeRequest} of the runtime contract (module
 * runtime-contract, which validates it: plain identifiers, absolute paths, CSV sources, what each kind needs), read
 * strictly from {@code runtime.json}, with what the runtime derives from it: normalized paths, the workspace database
 * in lower case, the policy URL as a URI and the default lineage delivery deadline.
 */
public final class RuntimeConfig {
    private static final RuntimeJson JSON = new RuntimeJson();

    private final RuntimeRequest request;

    public RuntimeConfig(RuntimeRequest request) {
        this.request = requireNonNull(request, "request is null");
    }

    /** Reads and validates the configuration file; an invalid one is an IllegalArgumentException naming the rule. */
    public static RuntimeConfig read(Path file) throws IOException {
        return new RuntimeConfig(JSON.read(Files.readString(file), RuntimeRequest.class));
    }

    /** The output directory named in a configuration file even if the rest is invalid, for reporting. */
    public static Optional<Path> outputDirOf(Path file) {
        try {
            JsonNode node = new ObjectMapper().readTree(Files.readString(file)).get("outputDir");
            if (node != null && node.isTextual() && Path.of(node.asText()).isAbsolute()) {
                return Optional.of(Path.of(node.asText()));
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** The request as the launcher wrote it. */
    public RuntimeRequest request() { return request; }
    public String jobId() { return request.jobId(); }
    public RuntimeRequest.Kind kind() { return request.kind(); }
    public String user() { return request.user(); }
    public String workspaceId() { return request.workspaceId(); }
    public String serviceName() { return request.serviceName(); }
    public String workspaceDatabase() { return request.workspaceDatabase().toLowerCase(Locale.ROOT); }
    public Path workspaceDir() { return request.workspaceDir().normalize(); }
    public Path warehouseDir() { return request.warehouseDir().normalize(); }
    public Path filesDir() { return request.filesDir().normalize(); }
    public URI policyUrl() { return URI.create(request.policyUrl()); }
    public long policyPollMillis() { return request.policyPollMillis(); }
    public long policyMaxStalenessMillis() { return request.policyMaxStalenessMillis(); }
    /** The deadline for delivering one lineage event (optional {@code lineageDeliveryTimeoutMillis}). */
    public long lineageDeliveryTimeoutMillis() {
        return request.lineageDeliveryTimeoutMillis().orElse(RuntimeLimits.DEFAULT_LINEAGE_DELIVERY_MILLIS);
    }
    /**
     * Optional {@code parentWatch} (default false): the launcher holds the runtime's stdin open as a pipe, and the
     * runtime stops (ORPHANED, exit code 4) when it closes or the parent process dies (runtime/ParentWatch).
     */
    public boolean parentWatch() { return request.parentWatch(); }
    public List<RuntimeRequest.Source> sources() { return request.sources(); }
    public List<String> steps() { return request.steps(); }
    public Optional<RuntimeRequest.Preview> preview() { return request.preview(); }
    public Optional<RuntimeRequest.Snapshot> snapshot() { return request.snapshot(); }
    public Path outputDir() { return request.outputDir().normalize(); }
}
