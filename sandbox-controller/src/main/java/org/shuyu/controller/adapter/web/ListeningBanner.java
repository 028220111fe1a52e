package org.shuyu.controller.adapter.web;

import org.shuyu.controller.config.SandboxProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Once the controller is ready, says where it listens and where its OpenAPI document is (first; in embedded mode the
 * identity adapter's development-token hint follows).
 */
@Component
class ListeningBanner implements ApplicationListener<ApplicationReadyEvent>, Ordered {
    private static final Logger log = LoggerFactory.getLogger(ListeningBanner.class);
    private final SandboxProperties properties;

    ListeningBanner(SandboxProperties properties) {
        this.properties = properties;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        Environment environment = event.getApplicationContext().getEnvironment();
        String port = environment.getProperty("local.server.port");
        if (port == null) {
            return; // no web server (e.g. a test context without one)
        }
        String address = environment.getProperty("server.address", "127.0.0.1");
        String host = "0.0.0.0".equals(address) || "::".equals(address) ? "localhost" : address;
        String base = "http://" + host + ":" + port;
        log.info("Shuyu controller ({} mode) listening on {}  OpenAPI: {}/v3/api-docs  health: {}/actuator/health",
                properties.mode(), base, base, base);
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE - 1;
    }
}
