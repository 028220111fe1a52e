package org.shuyu.controller.adapter.persistence;

import org.shuyu.controller.audit.Sha256;
import java.nio.file.Path;
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
        return dataDir.resolve("audit").resolve("anchor-" + Sha256.hex(url).substring(0, 16));
    }
}
