package org.shuyu.controller.adapter.identity;

import java.util.stream.Collectors;
import org.shuyu.controller.config.SandboxProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * In embedded mode with the development issuer, once the controller listens, says how to get a token for a demo user
 * (after the web adapter's listening banner). Registered by {@link DevIdentityConfiguration}, so only with that issuer.
 */
class DevTokenBanner implements ApplicationListener<ApplicationReadyEvent>, Ordered {
    private static final Logger log = LoggerFactory.getLogger(DevTokenBanner.class);
    private final SandboxProperties properties;

    DevTokenBanner(SandboxProperties properties) {
        this.properties = properties;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        Environment environment = event.getApplicationContext().getEnvironment();
        String port = environment.getProperty("local.server.port");
        if (port == null) {
            return; // no web server (e.g. a test context without one)
        }
        if (properties.mode() == SandboxProperties.Mode.EMBEDDED && properties.identity().allowInsecureDevIssuer()) {
            log.info("Web console: {}/  (log in, then pick a demo user on the development issuer's page)",
                    baseUrl(environment, port));
            log.info("Development token (embedded mode only): curl -s -X POST {}/dev/token "
                            + "-H 'Content-Type: application/json' -d '{\"username\":\"admin\"}'  demo users: {}",
                    baseUrl(environment, port),
                    DemoUsers.ALL.stream().map(DemoUsers.DemoUser::username).collect(Collectors.joining(", ")));
        }
    }

    /** After the web adapter's listening banner (which runs at {@code LOWEST_PRECEDENCE - 1}). */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    private static String baseUrl(Environment environment, String port) {
        String address = environment.getProperty("server.address", "127.0.0.1");
        String host = "0.0.0.0".equals(address) || "::".equals(address) ? "localhost" : address;
        return "http://" + host + ":" + port;
    }
}
