package org.shuyu.controller.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The OpenLineage export of the lineage store ({@code sandbox.openlineage.*}, docs/openlineage.md). Off by default;
 * {@code transport} is {@code http} (POST to {@code <url>/api/v1/lineage}, as Marquez takes it) or {@code file}
 * (newline-delimited JSON appended to {@code file}). The bearer token is read from the environment variable named by
 * {@code token-env}, never from a file of the repository. Plain http outside embedded mode is refused unless
 * {@code allow-insecure-http}.
 */
@Validated
@ConfigurationProperties("sandbox.openlineage")
public record OpenLineageProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("http") @NotNull Transport transport,
        /** The receiver's base URL (Marquez: {@code http://marquez:5000}); events go to {@code <url>/api/v1/lineage}. */
        String url,
        /** Path appended to {@code url} (Marquez's by default; DataHub's GMS has its own, see docs/openlineage.md). */
        @DefaultValue("/api/v1/lineage") @NotBlank @Pattern(regexp = "/[A-Za-z0-9/._-]*") String endpoint,
        /** The environment variable holding a bearer token for the receiver (unset or empty: no Authorization header). */
        @DefaultValue("SHUYU_OPENLINEAGE_TOKEN") @NotBlank String tokenEnv,
        /** The file of the file transport (created with its directories; one event per line, appended). */
        String file,
        /** The file transport starts a new file ({@code <file>.1}, ...) once the current one is larger than this. */
        @DefaultValue("104857600") @Min(1024) long fileMaxBytes,
        /** The OpenLineage job namespace (this platform instance) and the prefix of the dataset namespace {@code shuyu://<namespace>}. */
        @DefaultValue("shuyu") @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9_-]{0,63}") String namespace,
        /** The events' {@code producer} and facets' {@code _producer}. */
        @DefaultValue("https://github.com/shuyu-platform/shuyu/tree/main/sandbox-controller") @NotBlank String producer,
        /** Where the custom facets' schema (docs/openlineage/ShuyuFacets.json) is published; their {@code _schemaURL}s start with it. */
        @DefaultValue("https://github.com/shuyu-platform/shuyu/blob/main/docs/openlineage/ShuyuFacets.json") @NotBlank String facetSchemaUrl,
        @DefaultValue("5s") @NotNull Duration deliveryInterval,
        @DefaultValue("100") @Min(1) @Max(10_000) int batchSize,
        @DefaultValue("10s") @NotNull Duration timeout,
        @DefaultValue("1s") @NotNull Duration retryInitial,
        @DefaultValue("5m") @NotNull Duration retryMax,
        @DefaultValue("7d") @NotNull Duration deliveredRetention,
        /** Plain http to the receiver outside embedded mode. For tests only. */
        @DefaultValue("false") boolean allowInsecureHttp) {

    public enum Transport { HTTP, FILE }

    public Optional<URI> baseUri() {
        return Optional.ofNullable(url).filter(s -> !s.isBlank()).map(s -> URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s));
    }

    public Optional<Path> filePath() {
        return Optional.ofNullable(file).filter(s -> !s.isBlank()).map(Path::of);
    }

    /** Why the export cannot start with these settings in {@code mode}; empty when it can (or is disabled). */
    public List<String> problems(SandboxProperties.Mode mode) {
        List<String> problems = new ArrayList<>();
        if (!enabled) {
            return problems;
        }
        if (transport == Transport.FILE) {
            if (filePath().isEmpty()) {
                problems.add("sandbox.openlineage.transport=file needs sandbox.openlineage.file");
            }
        } else {
            Optional<URI> uri;
            try {
                uri = baseUri();
            } catch (IllegalArgumentException e) {
                problems.add("sandbox.openlineage.url is not a URL");
                return problems;
            }
            if (uri.isEmpty()) {
                problems.add("sandbox.openlineage.transport=http needs sandbox.openlineage.url");
                return problems;
            }
            String scheme = String.valueOf(uri.get().getScheme()).toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http") || uri.get().getHost() == null) {
                problems.add("sandbox.openlineage.url must be an http(s) URL with a host");
            } else if (scheme.equals("http") && mode != SandboxProperties.Mode.EMBEDDED && !allowInsecureHttp) {
                problems.add("sandbox.openlineage.url is plain http: use https, or set sandbox.openlineage.allow-insecure-http=true (tests only)");
            }
        }
        if (retryInitial.isNegative() || retryInitial.isZero() || retryMax.compareTo(retryInitial) < 0) {
            problems.add("sandbox.openlineage.retry-initial must be positive and at most retry-max");
        }
        if (deliveryInterval.isNegative() || deliveryInterval.isZero() || timeout.isNegative() || timeout.isZero()) {
            problems.add("sandbox.openlineage.delivery-interval and timeout must be positive");
        }
        return problems;
    }
}
