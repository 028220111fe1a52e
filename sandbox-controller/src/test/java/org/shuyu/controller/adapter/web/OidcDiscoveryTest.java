package org.shuyu.controller.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.support.MutableClock;

/**
 * The production issuer's endpoints from its discovery document, with a fake fetch and a clock the test moves: the
 * console's authorization and end-of-session endpoints next to the CLI's, the cache and its expiry, Keycloak's fixed
 * paths when the document cannot be read, and {@code OIDC_DISCOVERY_FAILED} for any other issuer.
 */
@Tag("R-06")
class OidcDiscoveryTest {
    private static final String REALM = "https://sso.gov.example/realms/shuyu";
    private static final String DOCUMENT = """
            {"issuer":"https://sso.gov.example/realms/shuyu",
             "authorization_endpoint":"https://sso.gov.example/realms/shuyu/protocol/openid-connect/auth",
             "token_endpoint":"https://sso.gov.example/realms/shuyu/protocol/openid-connect/token",
             "device_authorization_endpoint":"https://sso.gov.example/realms/shuyu/protocol/openid-connect/auth/device",
             "end_session_endpoint":"https://sso.gov.example/realms/shuyu/protocol/openid-connect/logout",
             "jwks_uri":"https://sso.gov.example/realms/shuyu/protocol/openid-connect/certs"}
            """;

    private final MutableClock clock = new MutableClock();
    private final List<URI> fetched = new ArrayList<>();
    private final AtomicReference<Function<URI, String>> answer = new AtomicReference<>(uri -> DOCUMENT);

    private OidcDiscovery discovery(String issuer) {
        return new OidcDiscovery(issuer, Duration.ofHours(1), clock, uri -> {
            fetched.add(uri);
            return answer.get().apply(uri);
        });
    }

    @Test
    void theDocumentGivesTheConsolesEndpointsNextToTheClis() {
        OidcDiscovery oidc = discovery(REALM + "/");
        OidcDiscovery.Endpoints endpoints = oidc.endpoints();
        assertThat(oidc.issuer()).isEqualTo(REALM);
        assertThat(fetched).containsExactly(URI.create(REALM + "/.well-known/openid-configuration"));
        assertThat(endpoints).isEqualTo(new OidcDiscovery.Endpoints(
                REALM + "/protocol/openid-connect/auth/device", REALM + "/protocol/openid-connect/token",
                REALM + "/protocol/openid-connect/auth", REALM + "/protocol/openid-connect/logout"));
    }

    @Test
    void anIssuerWithoutLogoutHasNoEndSessionEndpoint() {
        answer.set(uri -> """
                {"authorization_endpoint":"https://idp.example/authorize","token_endpoint":"https://idp.example/token",
                 "device_authorization_endpoint":"https://idp.example/device","end_session_endpoint":""}
                """);
        OidcDiscovery.Endpoints endpoints = discovery("https://idp.example").endpoints();
        assertThat(endpoints.authorizationEndpoint()).isEqualTo("https://idp.example/authorize");
        assertThat(endpoints.endSessionEndpoint()).isNull();
    }

    @Test
    void theDocumentIsCachedForItsTtlThenFetchedAgain() {
        OidcDiscovery oidc = discovery(REALM);
        oidc.endpoints();
        clock.advance(Duration.ofMinutes(59));
        answer.set(uri -> DOCUMENT.replace("openid-connect/auth\"", "openid-connect/auth2\""));
        assertThat(oidc.endpoints().authorizationEndpoint()).endsWith("/auth");
        assertThat(fetched).hasSize(1);
        clock.advance(Duration.ofMinutes(2));
        assertThat(oidc.endpoints().authorizationEndpoint()).endsWith("/auth2");
        assertThat(fetched).hasSize(2);
    }

    @Test
    void aKeycloakRealmFallsBackToItsFixedPathsUncached() {
        answer.set(uri -> {
            throw new IllegalStateException("connection refused");
        });
        OidcDiscovery oidc = discovery(REALM);
        assertThat(oidc.endpoints()).isEqualTo(new OidcDiscovery.Endpoints(
                REALM + "/protocol/openid-connect/auth/device", REALM + "/protocol/openid-connect/token",
                REALM + "/protocol/openid-connect/auth", REALM + "/protocol/openid-connect/logout"));
        answer.set(uri -> DOCUMENT.replace("https://sso.gov.example", "https://sso-internal.example"));
        assertThat(oidc.endpoints().tokenEndpoint()).as("the fallback is not cached")
                .isEqualTo("https://sso-internal.example/realms/shuyu/protocol/openid-connect/token");
    }

    @Test
    void aDocumentWithoutTheAuthorizationEndpointIsNotUsed() {
        answer.set(uri -> DOCUMENT.replace("\"authorization_endpoint\"", "\"other\""));
        assertThat(discovery(REALM).endpoints().authorizationEndpoint()).isEqualTo(REALM + "/protocol/openid-connect/auth");
        assertThatThrownBy(() -> discovery("https://idp.example").endpoints())
                .isInstanceOfSatisfying(SandboxException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.OIDC_DISCOVERY_FAILED));
    }

    @Test
    void anotherIssuerWhoseDocumentCannotBeReadIsDiscoveryFailed() {
        for (String bad : new String[] {"not json", "[]", "{\"token_endpoint\":42}"}) {
            answer.set(uri -> bad);
            assertThatThrownBy(() -> discovery("https://idp.example").endpoints()).as(bad)
                    .isInstanceOfSatisfying(SandboxException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.OIDC_DISCOVERY_FAILED));
        }
    }
}
