package org.shuyu.controller.adapter.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.support.Api;
import org.shuyu.controller.support.KeycloakPlatformTest;
import org.shuyu.controller.support.KeycloakServer;
import org.shuyu.controller.support.KeycloakTokens;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.util.HtmlUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The CLI's login against the real Keycloak realm ({@code deploy/keycloak/shuyu-realm.json}, client {@code shuyu-cli}):
 * the controller in production mode tells how to log in ({@code GET /api/v1/auth}, from the realm's discovery
 * document); device authorization returns a user code; polling is {@code authorization_pending}; a person approves by
 * logging in on Keycloak's verification page (this test follows its forms over HTTP with a demo user's demo-only
 * password); the poll then yields an access token the controller accepts; its refresh token is rotated on use.
 */
@Tag("R-06")
@KeycloakPlatformTest
class KeycloakDeviceFlowIT {
    private static final String CLIENT = "shuyu-cli";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern FORM = Pattern.compile("<form[^>]*action=\"([^\"]+)\"[^>]*>(.*?)</form>", Pattern.DOTALL);
    private static final Pattern HIDDEN = Pattern.compile("<input[^>]*type=\"hidden\"[^>]*>", Pattern.DOTALL);
    private static final Pattern ATTRIBUTE = Pattern.compile("(name|value)=\"([^\"]*)\"");

    @LocalServerPort
    int port;

    private final KeycloakServer keycloak = KeycloakServer.get();
    private final KeycloakTokens tokens = new KeycloakTokens(keycloak);

    @Test
    void theControllerNamesTheRealmsDeviceFlowEndpoints() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/v1/auth")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode auth = JSON.readTree(response.body());
        assertThat(auth.path("issuer").asString()).isEqualTo(keycloak.issuer());
        assertThat(auth.path("clientId").asString()).isEqualTo(CLIENT);
        assertThat(auth.path("devIssuer").asBoolean()).isFalse();
        assertThat(auth.path("deviceAuthorizationEndpoint").asString())
                .isEqualTo(keycloak.issuer() + "/protocol/openid-connect/auth/device");
        assertThat(auth.path("tokenEndpoint").asString()).isEqualTo(keycloak.tokenEndpoint());
    }

    @Test
    void deviceFlowWithAPersonApprovingGivesTokensTheControllerAcceptsAndRefreshRotates() throws Exception {
        KeycloakTokens.Grant device = tokens.post(keycloak.issuer() + "/protocol/openid-connect/auth/device",
                Map.of("client_id", CLIENT, "scope", "openid"));
        assertThat(device.status()).as(device.body().toString()).isEqualTo(200);
        String deviceCode = device.body().path("device_code").asString();
        String userCode = device.body().path("user_code").asString();
        assertThat(userCode).isNotBlank();
        assertThat(device.body().path("verification_uri_complete").asString()).contains("user_code=");

        KeycloakTokens.Grant pending = poll(deviceCode);
        assertThat(pending.status()).isEqualTo(400);
        assertThat(pending.body().path("error").asString()).isEqualTo("authorization_pending");

        approveInTheBrowser(device.body().path("verification_uri_complete").asString(), "engineer");

        // A client polls no faster than the interval (RFC 8628 3.5): Keycloak answers slow_down otherwise.
        long interval = Math.max(1, device.body().path("interval").asLong(5));
        KeycloakTokens.Grant granted = poll(deviceCode);
        for (int attempt = 0; attempt < 6 && granted.status() == 400
                && "slow_down".equals(granted.body().path("error").asString()); attempt++) {
            interval += 5;
            Thread.sleep(interval * 1000);
            granted = poll(deviceCode);
        }
        assertThat(granted.status()).as(granted.body().toString()).isEqualTo(200);
        JWTClaimsSet claims = SignedJWT.parse(granted.accessToken()).getJWTClaimsSet();
        assertThat(claims.getStringClaim("azp")).isEqualTo(CLIENT);
        assertThat(claims.getAudience()).contains("shuyu-controller");
        assertThat(claims.getJSONObjectClaim("realm_access").get("roles").toString()).contains("operator-engineer");
        Api.Response me = new Api(port).withToken("GET", "/api/v1/me", null, granted.accessToken());
        assertThat(me.status()).as(me.toString()).isEqualTo(200);
        assertThat(me.json().path("userId").asString()).isEqualTo("engineer");
        assertThat(me.json().path("roles").toString()).contains("operator-engineer");

        assertThat(granted.refreshToken()).isNotBlank();
        KeycloakTokens.Grant refreshed = tokens.post(keycloak.tokenEndpoint(),
                Map.of("grant_type", "refresh_token", "refresh_token", granted.refreshToken(), "client_id", CLIENT));
        assertThat(refreshed.status()).as(refreshed.body().toString()).isEqualTo(200);
        assertThat(refreshed.refreshToken()).isNotEqualTo(granted.refreshToken());
        assertThat(new Api(port).withToken("GET", "/api/v1/me", null, refreshed.accessToken()).status()).isEqualTo(200);
        KeycloakTokens.Grant reused = tokens.post(keycloak.tokenEndpoint(),
                Map.of("grant_type", "refresh_token", "refresh_token", granted.refreshToken(), "client_id", CLIENT));
        assertThat(reused.status()).as("the realm revokes a used refresh token").isEqualTo(400);
        assertThat(reused.body().path("error").asString()).isEqualTo("invalid_grant");
    }

    private KeycloakTokens.Grant poll(String deviceCode) {
        return tokens.post(keycloak.tokenEndpoint(), Map.of(
                "grant_type", "urn:ietf:params:oauth:grant-type:device_code", "device_code", deviceCode, "client_id", CLIENT));
    }

    /**
     * What a person does in the browser: open the verification page, log in with the demo user's password, grant if
     * asked. Follows Keycloak's forms (login, consent, code confirmation) until it says the device is logged in.
     */
    private void approveInTheBrowser(String verificationUri, String username) throws Exception {
        Browser browser = new Browser();
        Browser.Page page = browser.get(URI.create(verificationUri));
        for (int step = 0; step < 6; step++) {
            String html = page.body();
            assertThat(page.status()).as(html).isLessThan(400);
            Matcher form = FORM.matcher(html);
            if (!form.find()) {
                break;
            }
            Map<String, String> fields = new LinkedHashMap<>();
            Matcher hidden = HIDDEN.matcher(form.group(2));
            while (hidden.find()) {
                String name = null;
                String value = "";
                Matcher attribute = ATTRIBUTE.matcher(hidden.group());
                while (attribute.find()) {
                    if (attribute.group(1).equals("name")) {
                        name = attribute.group(2);
                    } else {
                        value = HtmlUtils.htmlUnescape(attribute.group(2));
                    }
                }
                if (name != null) {
                    fields.put(name, value);
                }
            }
            String body = form.group(2);
            if (body.contains("name=\"password\"")) {
                fields.put("username", username);
                fields.put("password", KeycloakServer.demoPassword(username));
            } else if (body.contains("name=\"accept\"")) {
                fields.put("accept", "Yes");
            } else if (body.contains("name=\"device_user_code\"")) {
                Matcher code = Pattern.compile("user_code=([A-Za-z0-9-]+)").matcher(verificationUri);
                fields.put("device_user_code", code.find() ? code.group(1) : "");
            } else {
                break;
            }
            page = browser.post(page.uri().resolve(HtmlUtils.htmlUnescape(form.group(1))), encode(fields));
        }
        assertThat(page.status()).as(page.body()).isEqualTo(200);
    }

    /**
     * Just enough of a browser for Keycloak's pages: it keeps every cookie the server sets (by name, whatever its
     * attributes: over plain HTTP Java's cookie manager drops Keycloak's {@code Secure} ones) and follows redirects.
     */
    private static final class Browser {
        record Page(URI uri, int status, String body) {}

        private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10)).build();
        private final Map<String, String> cookies = new LinkedHashMap<>();

        Page get(URI uri) throws Exception {
            return send(HttpRequest.newBuilder(uri).GET(), uri);
        }

        Page post(URI uri, String form) throws Exception {
            return send(HttpRequest.newBuilder(uri).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)), uri);
        }

        private Page send(HttpRequest.Builder request, URI uri) throws Exception {
            for (int hop = 0; hop < 10; hop++) {
                if (!cookies.isEmpty()) {
                    request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                            .collect(Collectors.joining("; ")));
                }
                HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                        HttpResponse.BodyHandlers.ofString());
                for (String setCookie : response.headers().allValues("Set-Cookie")) {
                    String pair = setCookie.split(";", 2)[0];
                    int eq = pair.indexOf('=');
                    if (eq > 0) {
                        String name = pair.substring(0, eq).strip();
                        String value = pair.substring(eq + 1).strip();
                        if (value.isEmpty() || setCookie.toLowerCase().contains("max-age=0")) {
                            cookies.remove(name);
                        } else {
                            cookies.put(name, value);
                        }
                    }
                }
                int status = response.statusCode();
                if (status / 100 == 3 && response.headers().firstValue("Location").isPresent()) {
                    uri = uri.resolve(response.headers().firstValue("Location").get());
                    request = HttpRequest.newBuilder(uri).GET();
                    continue;
                }
                return new Page(uri, status, response.body());
            }
            throw new AssertionError("too many redirects from " + uri);
        }
    }

    private static String encode(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
