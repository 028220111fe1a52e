package org.shuyu.controller.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Delivery of notices to the outside ({@code sandbox.notifications.*}, docs/notifications.md). A webhook when
 * {@code webhook-url} is set: each notice is POSTed as JSON, signed with HMAC-SHA256 under the secret read from the
 * environment variable named by {@code webhook-secret-env} (never from a file of the repository; without it the
 * controller refuses to start). Mail when {@code mail-from} is set and Spring's mail sender is configured
 * ({@code spring.mail.host}): to the addresses of {@code mail-users} (user id to addresses) and {@code mail-roles}
 * ({@code ROLE-jurisdiction}, e.g. {@code EXPERT-330200}, to addresses). With neither, notices stay in the inbox only.
 */
@Validated
@ConfigurationProperties("sandbox.notifications")
public record NotificationProperties(
        /** The receiver of every notice; unset: no webhook. */
        String webhookUrl,
        /** The environment variable (or property) holding the webhook's HMAC secret. */
        @DefaultValue("SHUYU_NOTIFICATIONS_WEBHOOK_SECRET") @NotBlank String webhookSecretEnv,
        @DefaultValue("10s") @NotNull Duration webhookTimeout,
        /** The sender address of notice mails; unset: no mail. */
        String mailFrom,
        @DefaultValue Map<String, List<String>> mailUsers,
        @DefaultValue Map<String, List<String>> mailRoles,
        @DefaultValue("10s") @NotNull Duration deliveryInterval,
        @DefaultValue("50") @Min(1) @Max(1000) int batchSize,
        /** Attempts per notice before it is FAILED. */
        @DefaultValue("8") @Min(1) @Max(100) int maxAttempts,
        @DefaultValue("30s") @NotNull Duration retryInitial,
        @DefaultValue("1h") @NotNull Duration retryMax,
        /** Plain http to the webhook outside embedded mode. For tests only. */
        @DefaultValue("false") boolean allowInsecureHttp) {

    public NotificationProperties {
        mailUsers = mailUsers == null ? Map.of() : Map.copyOf(mailUsers);
        mailRoles = mailRoles == null ? Map.of() : Map.copyOf(mailRoles);
    }

    public Optional<URI> webhook() {
        return Optional.ofNullable(webhookUrl).filter(s -> !s.isBlank()).map(s -> URI.create(s.strip()));
    }

    public Optional<String> mailSender() {
        return Optional.ofNullable(mailFrom).filter(s -> !s.isBlank()).map(String::strip);
    }

    /** Why delivery cannot start with these settings in {@code mode}; empty when it can. */
    public List<String> problems(SandboxProperties.Mode mode, Optional<String> secret) {
        List<String> problems = new ArrayList<>();
        Optional<URI> uri;
        try {
            uri = webhook();
        } catch (IllegalArgumentException e) {
            problems.add("sandbox.notifications.webhook-url is not a URL");
            return problems;
        }
        if (uri.isPresent()) {
            String scheme = String.valueOf(uri.get().getScheme()).toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http") || uri.get().getHost() == null) {
                problems.add("sandbox.notifications.webhook-url must be an http(s) URL with a host");
            } else if (scheme.equals("http") && mode != SandboxProperties.Mode.EMBEDDED && !allowInsecureHttp) {
                problems.add("sandbox.notifications.webhook-url is plain http: use https, or set"
                        + " sandbox.notifications.allow-insecure-http=true (tests only)");
            }
            if (secret.isEmpty()) {
                problems.add("sandbox.notifications.webhook-url needs a signing secret in the environment variable "
                        + webhookSecretEnv + " (at least 16 characters)");
            }
        }
        if (retryInitial.isNegative() || retryInitial.isZero() || retryMax.compareTo(retryInitial) < 0) {
            problems.add("sandbox.notifications.retry-initial must be positive and at most retry-max");
        }
        if (deliveryInterval.isNegative() || deliveryInterval.isZero() || webhookTimeout.isNegative() || webhookTimeout.isZero()) {
            problems.add("sandbox.notifications.delivery-interval and webhook-timeout must be positive");
        }
        return problems;
    }
}
