package org.shuyu.controller.config;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Refuses to start when a setting that weakens security ({@code allow-insecure-*}) is on outside embedded
 * mode, or when production lacks what it needs to verify identities or to serve products and Spark Connect over TLS.
 */
@Component
public class InsecureSettingsCheck implements InitializingBean {
    private static final Logger log = LoggerFactory.getLogger(InsecureSettingsCheck.class);
    private final SandboxProperties properties;
    private final FlightProperties flight;
    private final ConnectProperties connect;
    private final ApiProperties api;

    /** Without the Spark Connect endpoint (its settings are not checked: it is off). */
    public InsecureSettingsCheck(SandboxProperties properties, FlightProperties flight) {
        this(properties, flight, ConnectProperties.off());
    }

    /** Without the API's settings (not checked). */
    public InsecureSettingsCheck(SandboxProperties properties, FlightProperties flight, ConnectProperties connect) {
        this(properties, flight, connect, null);
    }

    @Autowired
    public InsecureSettingsCheck(SandboxProperties properties, FlightProperties flight, ConnectProperties connect, ApiProperties api) {
        this.properties = properties;
        this.flight = flight;
        this.connect = connect;
        this.api = api;
    }

    @Override
    public void afterPropertiesSet() {
        List<String> problems = problems(properties, flight, connect);
        if (api != null) {
            problems.addAll(api.problems(properties.mode()));
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Refusing to start: " + String.join("; ", problems));
        }
        if (properties.mode() == SandboxProperties.Mode.EMBEDDED) {
            log.warn("EMBEDDED MODE: development identity issuer and demo users are enabled. Not for real data.");
        }
    }

    /** The problems of the core settings and of the Flight endpoint ({@link FlightProperties#problems}). */
    static List<String> problems(SandboxProperties properties, FlightProperties flight) {
        List<String> problems = problems(properties);
        problems.addAll(flight.problems(properties.mode()));
        return problems;
    }

    /** As above, plus the problems of the Spark Connect endpoint ({@link ConnectProperties#problems}). */
    static List<String> problems(SandboxProperties properties, FlightProperties flight, ConnectProperties connect) {
        List<String> problems = problems(properties, flight);
        problems.addAll(connect.problems(properties.mode()));
        return problems;
    }

    static List<String> problems(SandboxProperties properties) {
        List<String> problems = new ArrayList<>();
        if (properties.workspaces().provisioner() != properties.jobs().launcher()) {
            problems.add("sandbox.workspaces.provisioner (" + properties.workspaces().provisioner() + ") and sandbox.jobs.launcher ("
                    + properties.jobs().launcher() + ") must name the same backend: jobs run where their workspace is");
        }
        SandboxProperties.Identity identity = properties.identity();
        if (properties.mode() == SandboxProperties.Mode.PRODUCTION) {
            if (identity.allowInsecureDevIssuer()) {
                problems.add("sandbox.identity.allow-insecure-dev-issuer=true is only allowed in embedded mode");
            }
            if (properties.demoCatalog()) {
                problems.add("sandbox.demo-catalog=true is only allowed in embedded mode");
            }
            if (identity.issuerUri().isEmpty() || identity.jwkSetLocation().isEmpty()) {
                problems.add("production mode needs sandbox.identity.issuer and sandbox.identity.jwk-set-uri");
            }
        } else if (!identity.allowInsecureDevIssuer() && (identity.issuerUri().isEmpty() || identity.jwkSetLocation().isEmpty())) {
            problems.add("embedded mode needs either the development issuer or sandbox.identity.issuer and jwk-set-uri");
        }
        return problems;
    }
}
