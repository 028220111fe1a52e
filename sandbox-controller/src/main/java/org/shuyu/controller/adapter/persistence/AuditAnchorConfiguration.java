package org.shuyu.controller.adapter.persistence;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import org.shuyu.controller.audit.AuditAnchor;
import org.shuyu.controller.config.SandboxProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Where the audit chain's head is anchored (R-24d): {@code sandbox.audit.anchor-file} if set, otherwise a file
 * under the data directory named for the database URL, so each database has its own anchor. An in-memory H2
 * database (tests) dies with the process and gets none.
 */
@Configuration(proxyBeanMethods = false)
public class AuditAnchorConfiguration {
    private static final Logger log = LoggerFactory.getLogger(AuditAnchorConfiguration.class);

    @Bean
    AuditAnchor auditAnchor(SandboxProperties properties, Environment environment) {
        String url = environment.getProperty(EmbeddedDurability.URL_PROPERTY, "");
        if (properties.audit().anchorPath().isEmpty() && url.toLowerCase(Locale.ROOT).startsWith("jdbc:h2:mem:")) {
            log.info("in-memory database: the audit chain is not anchored outside it");
            return AuditAnchor.NONE;
        }
        Path file = properties.audit().anchorPath().orElseGet(() -> defaultFile(properties.dataDir(), url));
        log.info("audit anchor: {}", file.toAbsolutePath());
        return new FileAuditAnchor(file);
    }

    /** {@code <dataDir>/audit/anchor-<first 16 hex digits of SHA-256(url)>}. */
    static Path defaultFile(Path dataDir, String url) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
            return dataDir.resolve("audit").resolve("anchor-" + HexFormat.of().formatHex(digest).substring(0, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
