package org.shuyu.controller.adapter.atlas;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.shuyu.controller.config.AtlasProperties;
import org.shuyu.controller.config.SandboxProperties;
import org.shuyu.lineage.LineageMirror;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Exactly one {@link LineageMirror} bean: {@link LineageMirror#NONE} unless {@code sandbox.lineage.atlas.enabled},
 * then the Atlas outbox mirror and its deliverer. Refuses to start with settings that would leak or not work:
 * plain http outside embedded mode (unless {@code allow-insecure-http}), no URL, a user without a password.
 */
@Configuration(proxyBeanMethods = false)
public class AtlasMirrorConfiguration {
    private static final Logger log = LoggerFactory.getLogger(AtlasMirrorConfiguration.class);

    /** The outbox exists in both modes: the status endpoint reads it, and rows of an earlier enabled run stay visible. */
    @Bean
    AtlasOutbox atlasOutbox(JdbcClient jdbc) {
        return new AtlasOutbox(jdbc);
    }

    @Bean
    LineageMirror lineageMirror(AtlasProperties atlas, SandboxProperties sandbox, AtlasOutbox outbox, Clock clock, Environment environment) {
        if (!atlas.enabled()) {
            return LineageMirror.NONE;
        }
        List<String> problems = new ArrayList<>(atlas.problems(sandbox.mode()));
        authorization(atlas, environment, problems);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Refusing to start: " + String.join("; ", problems));
        }
        log.info("Lineage is mirrored to Apache Atlas at {} as instance '{}'", atlas.baseUri().orElseThrow(), atlas.instanceName());
        return new AtlasMirror(new AtlasEntityMapper(new AtlasNames(atlas.instanceName()), atlas.maxEntitiesPerRequest()), outbox, clock);
    }

    /** Only when enabled; takes the mirror so the settings were checked first. */
    @Bean
    @ConditionalOnProperty(name = "sandbox.lineage.atlas.enabled", havingValue = "true")
    AtlasDeliverer atlasDeliverer(AtlasProperties atlas, AtlasOutbox outbox, Clock clock, Environment environment,
            LineageMirror lineageMirror) {
        if (!(lineageMirror instanceof AtlasMirror)) {
            throw new IllegalStateException("the Atlas deliverer needs the Atlas mirror");
        }
        URI base = atlas.baseUri().orElseThrow();
        AtlasClient client = new AtlasClient(base, authorization(atlas, environment, new ArrayList<>()), atlas.timeout());
        return new AtlasDeliverer(outbox, client, clock, atlas.batchSize(), atlas.retryInitial(), atlas.retryMax(),
                atlas.deliveredRetention());
    }

    /** Gauges {@code shuyu.lineage.mirror.pending} and {@code .failed}, read from the outbox when scraped. */
    @Bean
    MeterBinder atlasMirrorMetrics(ObjectProvider<AtlasOutbox> outbox) {
        return registry -> {
            Gauge.builder("shuyu.lineage.mirror.pending", outbox, o -> o.getObject().count(AtlasOutbox.State.PENDING))
                    .description("Lineage records waiting to be mirrored to Atlas").register(registry);
            Gauge.builder("shuyu.lineage.mirror.failed", outbox, o -> o.getObject().count(AtlasOutbox.State.FAILED))
                    .description("Lineage records Atlas refused for good (contract bugs)").register(registry);
        };
    }

    /**
     * Basic authentication with {@code username} and the password in the environment variable {@code password-env};
     * without a user, a bearer token from {@code token-env} if set; else none (e.g. a proxy in front of Atlas).
     */
    static Optional<String> authorization(AtlasProperties atlas, Environment environment, List<String> problems) {
        if (atlas.user().isPresent()) {
            String password = environment.getProperty(atlas.passwordEnv());
            if (password == null || password.isEmpty()) {
                problems.add("sandbox.lineage.atlas.username is set but the environment variable " + atlas.passwordEnv()
                        + " (sandbox.lineage.atlas.password-env) holds no password");
                return Optional.empty();
            }
            return Optional.of(AtlasClient.basic(atlas.user().get(), password));
        }
        String token = environment.getProperty(atlas.tokenEnv());
        return token == null || token.isBlank() ? Optional.empty() : Optional.of(AtlasClient.bearer(token.strip()));
    }
}
