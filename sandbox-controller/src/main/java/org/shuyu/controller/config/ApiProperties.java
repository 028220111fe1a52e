package org.shuyu.controller.config;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The REST API's shared settings ({@code sandbox.api.*}). {@code page-token-key}: the secret that signs the page tokens of
 * list operations, shared by every controller replica so that a token one replica issued is accepted by another
 * (docs/replicas.md). At least 32 characters; required outside embedded mode (from a Secret: {@code SHUYU_PAGE_TOKEN_KEY}).
 * Embedded mode without one makes a random key per start (tokens then die with the process).
 */
@ConfigurationProperties("sandbox.api")
public record ApiProperties(String pageTokenKey) {
    /** The shortest key accepted. */
    public static final int MIN_KEY_LENGTH = 32;

    /** The key's bytes when one is set. */
    public Optional<byte[]> pageTokenKeyBytes() {
        return Optional.ofNullable(pageTokenKey).filter(k -> !k.isBlank()).map(k -> k.getBytes(StandardCharsets.UTF_8));
    }

    /** What is wrong with these settings in {@code mode}. */
    public List<String> problems(SandboxProperties.Mode mode) {
        List<String> problems = new ArrayList<>();
        Optional<byte[]> key = pageTokenKeyBytes();
        if (key.isPresent() && key.get().length < MIN_KEY_LENGTH) {
            problems.add("sandbox.api.page-token-key must have at least " + MIN_KEY_LENGTH + " characters");
        } else if (key.isEmpty() && mode == SandboxProperties.Mode.PRODUCTION) {
            problems.add("production mode needs sandbox.api.page-token-key (SHUYU_PAGE_TOKEN_KEY), shared by every replica");
        }
        return problems;
    }
}
