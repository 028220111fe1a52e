package org.shuyu.controller.adapter.web;

import java.net.URI;
import org.shuyu.controller.config.SandboxProperties;

/**
 * The Content-Security-Policy of every answer, written for the web console: scripts, styles and fonts only from this
 * server (Element Plus sets inline style attributes, hence {@code 'unsafe-inline'} for styles only), no framing, no
 * plugins, and network calls only to this server and, in production, the OIDC issuer (its token endpoint).
 */
final class ConsoleHeaders {
    private ConsoleHeaders() {}

    static String contentSecurityPolicy(SandboxProperties properties) {
        String connect = "'self'";
        if (!properties.identity().allowInsecureDevIssuer()) {
            connect += properties.identity().issuerUri().map(ConsoleHeaders::origin).map(o -> " " + o).orElse("");
        }
        return "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
                + "font-src 'self' data:; connect-src " + connect + "; frame-ancestors 'none'; object-src 'none'; "
                + "base-uri 'self'; form-action 'self'" + formActionIssuer(properties);
    }

    private static String formActionIssuer(SandboxProperties properties) {
        if (properties.identity().allowInsecureDevIssuer()) {
            return "";
        }
        return properties.identity().issuerUri().map(ConsoleHeaders::origin).map(o -> " " + o).orElse("");
    }

    private static String origin(String uri) {
        URI u = URI.create(uri);
        return u.getScheme() + "://" + u.getAuthority();
    }
}
