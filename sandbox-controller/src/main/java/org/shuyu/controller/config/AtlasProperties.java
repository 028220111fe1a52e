package org.shuyu.controller.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The Apache Atlas mirror of the lineage store ({@code sandbox.lineage.atlas.*}, docs/atlas.md). Off by default: the
 * controller's own store is the record; Atlas is a copy for the supervisors' tools. Credentials come from the
 * environment variables named here (never from a file in the repository): a user with the password in
 * {@code password-env}, or a bearer token in {@code token-env}. Plain {@code http} to Atlas is refused outside
 * embedded mode unless {@code allow-insecure-http}.
 */
@Validated
@ConfigurationProperties("sandbox.lineage.atlas")
public record AtlasProperties(
        @DefaultValue("false") boolean enabled,
        /** Atlas's base URL, e.g. {@code https://atlas.example:21443} (the REST API is under {@code /api/atlas/v2}). */
        String url,
        /** Suffix of every qualifiedName ({@code ws_12.features@shuyu}): which platform instance the entities come from. */
        @DefaultValue("shuyu") @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9_-]{0,63}") String instanceName,
        /** Basic authentication user; its password is read from the environment variable {@code password-env}. */
        String username,
        @DefaultValue("SHUYU_ATLAS_PASSWORD") @NotBlank String passwordEnv,
        /** Bearer token (e.g. from Knox or Keycloak) is read from this environment variable when no username is set. */
        @DefaultValue("SHUYU_ATLAS_TOKEN") @NotBlank String tokenEnv,
        @DefaultValue("10s") @NotNull Duration deliveryInterval,
        /** Outbox rows looked at per delivery pass. */
        @DefaultValue("100") @Min(1) @Max(10_000) int batchSize,
        /** Connect and request timeout of one call to Atlas. */
        @DefaultValue("30s") @NotNull Duration timeout,
        /** Entities per bulk request: a large statement becomes several requests, delivered in order. */
        @DefaultValue("500") @Min(2) @Max(10_000) int maxEntitiesPerRequest,
        /** Back-off after a failed delivery: doubles from {@code retry-initial} per attempt up to {@code retry-max}. */
        @DefaultValue("1s") @NotNull Duration retryInitial,
        @DefaultValue("5m") @NotNull Duration retryMax,
        /** Delivered rows are kept this long (for the status and for marking a failed process's outputs), then pruned. */
        @DefaultValue("7d") @NotNull Duration deliveredRetention,
        /** Plain http to Atlas outside embedded mode: a lineage copy (and credentials) in clear text. For tests only. */
        @DefaultValue("false") boolean allowInsecureHttp) {

    public Optional<URI> baseUri() {
        return Optional.ofNullable(url).filter(s -> !s.isBlank()).map(s -> URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s));
    }

    public Optional<String> user() {
        return Optional.ofNullable(username).filter(s -> !s.isBlank());
    }

    /** Why the mirror cannot start with these settings in {@code mode}; empty when it can (or is disabled). */
    public List<String> problems(SandboxProperties.Mode mode) {
        List<String> problems = new ArrayList<>();
        if (!enabled) {
            return problems;
        }
        Optional<URI> uri;
        try {
            uri = baseUri();
        } catch (IllegalArgumentException e) {
            problems.add("sandbox.lineage.atlas.url is not a URL");
            return problems;
        }
        if (uri.isEmpty()) {
            problems.add("sandbox.lineage.atlas.enabled=true needs sandbox.lineage.atlas.url");
            return problems;
        }
        String scheme = String.valueOf(uri.get().getScheme()).toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || uri.get().getHost() == null) {
            problems.add("sandbox.lineage.atlas.url must be an http(s) URL with a host");
        } else if (scheme.equals("http") && mode != SandboxProperties.Mode.EMBEDDED && !allowInsecureHttp) {
            problems.add("sandbox.lineage.atlas.url is plain http: use https, or set sandbox.lineage.atlas.allow-insecure-http=true"
                    + " (tests only)");
        }
        if (retryInitial.isNegative() || retryInitial.isZero() || retryMax.compareTo(retryInitial) < 0) {
            problems.add("sandbox.lineage.atlas.retry-initial must be positive and at most retry-max");
        }
        if (deliveryInterval.isNegative() || deliveryInterval.isZero() || timeout.isNegative() || timeout.isZero()) {
            problems.add("sandbox.lineage.atlas.delivery-interval and timeout must be positive");
        }
        return problems;
    }
}
