package org.shuyu.controller.adapter.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.support.Api;
import org.shuyu.controller.support.PlatformTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The CLI's login against the running controller in embedded mode: {@code GET /api/v1/auth} without a token, the
 * development issuer's device flow over HTTP (pending, approve, deny, reuse refused, slow_down, unknown codes),
 * refresh-token rotation, and the verification page. Expiry is in {@link DeviceFlowTest} (it needs a moved clock).
 */
@Tag("R-06")
@PlatformTest
class DevDeviceFlowEndpointsTest {
    private static final String DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    private String base;

    @BeforeEach
    void setUp() {
        base = "http://127.0.0.1:" + port;
    }

    record Answer(int status, String contentType, String body) {
        JsonNode json() {
            return JSON.readTree(body);
        }

        String error() {
            return json().path("error").asString("");
        }
    }

    @Test
    void authConfigIsPublicAndNamesTheDevelopmentIssuersEndpoints() throws Exception {
        Answer auth = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/auth")).GET());
        assertThat(auth.status()).as(auth.body()).isEqualTo(200);
        JsonNode config = auth.json();
        assertThat(config.path("devIssuer").asBoolean()).isTrue();
        assertThat(config.path("clientId").asString()).isEqualTo("shuyu-cli");
        assertThat(config.path("audience").asString()).isEqualTo("shuyu-controller");
        assertThat(config.path("issuer").asString()).isEqualTo(DevTokenIssuer.ISSUER);
        assertThat(config.path("deviceAuthorizationEndpoint").asString()).isEqualTo(base + "/dev/oauth/device");
        assertThat(config.path("tokenEndpoint").asString()).isEqualTo(base + "/dev/oauth/token");
    }

    @Test
    void approvedDeviceCodeGivesATokenTheApiAcceptsAndIsThenSpent() throws Exception {
        JsonNode device = authorize();
        assertThat(device.path("user_code").asString()).matches("[A-Z]{4}-[A-Z]{4}");
        assertThat(device.path("verification_uri").asString()).isEqualTo(base + "/dev/device");
        assertThat(device.path("verification_uri_complete").asString())
                .isEqualTo(base + "/dev/device?user_code=" + device.path("user_code").asString());
        assertThat(device.path("expires_in").asLong()).isPositive();
        assertThat(device.path("interval").asInt()).isPositive();
        String deviceCode = device.path("device_code").asString();

        Answer pending = poll(deviceCode);
        assertThat(pending.status()).isEqualTo(400);
        assertThat(pending.error()).isEqualTo("authorization_pending");

        Answer approved = decide(device.path("user_code").asString(), "engineer", "approve", false);
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        assertThat(approved.json().path("username").asString()).isEqualTo("engineer");

        Answer again = decide(device.path("user_code").asString(), "admin", "approve", false);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().path("code").asString()).isEqualTo("USER_CODE_USED");

        Answer tokens = poll(deviceCode);
        assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
        assertThat(tokens.json().path("token_type").asString()).isEqualTo("Bearer");
        assertThat(tokens.json().path("expires_in").asLong()).isPositive();
        String access = tokens.json().path("access_token").asString();
        String refresh = tokens.json().path("refresh_token").asString();
        assertThat(refresh).isNotBlank();
        assertThat(me(access).json().path("userId").asString()).isEqualTo("engineer");

        Answer replay = poll(deviceCode);
        assertThat(replay.status()).isEqualTo(400);
        assertThat(replay.error()).isEqualTo("invalid_grant");

        // refresh: a new pair, the old refresh token is spent (rotation)
        Answer refreshed = token(Map.of("grant_type", "refresh_token", "refresh_token", refresh, "client_id", "shuyu-cli"));
        assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
        String newRefresh = refreshed.json().path("refresh_token").asString();
        assertThat(newRefresh).isNotEqualTo(refresh);
        assertThat(me(refreshed.json().path("access_token").asString()).json().path("userId").asString()).isEqualTo("engineer");
        Answer reused = token(Map.of("grant_type", "refresh_token", "refresh_token", refresh, "client_id", "shuyu-cli"));
        assertThat(reused.status()).isEqualTo(400);
        assertThat(reused.error()).isEqualTo("invalid_grant");
        Answer unknown = token(Map.of("grant_type", "refresh_token", "refresh_token", "made-up", "client_id", "shuyu-cli"));
        assertThat(unknown.error()).isEqualTo("invalid_grant");
    }

    @Test
    void deniedDeviceCodeIsAccessDenied() throws Exception {
        JsonNode device = authorize();
        Answer denied = decide(device.path("user_code").asString(), null, "deny", false);
        assertThat(denied.status()).as(denied.body()).isEqualTo(200);
        Answer poll = poll(device.path("device_code").asString());
        assertThat(poll.status()).isEqualTo(400);
        assertThat(poll.error()).isEqualTo("access_denied");
    }

    @Test
    void pollingFasterThanTheIntervalIsSlowDown() throws Exception {
        JsonNode device = authorize();
        String deviceCode = device.path("device_code").asString();
        assertThat(poll(deviceCode).error()).isEqualTo("authorization_pending");
        assertThat(poll(deviceCode).error()).isEqualTo("slow_down");
    }

    @Test
    void badRequestsAreOAuthErrorsAndChangeNothing() throws Exception {
        assertThat(poll("no-such-device-code").error()).isEqualTo("invalid_grant");
        Answer wrongClient = send(form("/dev/oauth/device", Map.of("client_id", "mallory")));
        assertThat(wrongClient.status()).isEqualTo(401);
        assertThat(wrongClient.error()).isEqualTo("invalid_client");
        Answer noGrant = token(Map.of("client_id", "shuyu-cli"));
        assertThat(noGrant.error()).isEqualTo("invalid_request");
        Answer password = token(Map.of("grant_type", "password", "client_id", "shuyu-cli", "username", "admin"));
        assertThat(password.error()).isEqualTo("unsupported_grant_type");
        Answer repeated = send(HttpRequest.newBuilder(URI.create(base + "/dev/oauth/device"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("client_id=shuyu-cli&client_id=other")));
        assertThat(repeated.error()).isEqualTo("invalid_request");

        Answer unknownCode = decide("BBBB-BBBB", "admin", "approve", false);
        assertThat(unknownCode.status()).isEqualTo(404);
        assertThat(unknownCode.json().path("code").asString()).isEqualTo("USER_CODE_UNKNOWN");

        JsonNode device = authorize();
        Answer unknownUser = decide(device.path("user_code").asString(), "mallory", "approve", false);
        assertThat(unknownUser.status()).isEqualTo(400);
        assertThat(unknownUser.json().path("code").asString()).isEqualTo("UNKNOWN_USER");
        assertThat(poll(device.path("device_code").asString()).error()).isEqualTo("authorization_pending");
    }

    @Test
    void theVerificationPageIsHtmlInChineseAndEnglish() throws Exception {
        JsonNode device = authorize();
        String userCode = device.path("user_code").asString();
        Answer entry = send(HttpRequest.newBuilder(URI.create(base + "/dev/device")).GET());
        assertThat(entry.status()).isEqualTo(200);
        assertThat(entry.contentType()).startsWith("text/html");
        assertThat(entry.body()).contains("lang=\"zh-CN\"").contains("用户码").contains("Enter the user code");

        Answer confirm = send(HttpRequest.newBuilder(URI.create(device.path("verification_uri_complete").asString())).GET());
        assertThat(confirm.body()).contains(userCode).contains("value=\"engineer\"").contains("批准 · Approve");

        Answer bogus = send(HttpRequest.newBuilder(URI.create(base + "/dev/device?user_code=%3Cscript%3E")).GET());
        assertThat(bogus.body()).contains("The user code is unknown").doesNotContain("<script>");

        Answer done = decide(userCode, "admin", "approve", true);
        assertThat(done.status()).isEqualTo(200);
        assertThat(done.contentType()).startsWith("text/html");
        assertThat(done.body()).contains("Approved").contains("admin");
        Answer used = decide(userCode, "admin", "approve", true);
        assertThat(used.status()).isEqualTo(409);
        assertThat(used.body()).contains("USER_CODE_USED");
    }

    private JsonNode authorize() throws Exception {
        Answer device = send(form("/dev/oauth/device", Map.of("client_id", "shuyu-cli", "scope", "openid")));
        assertThat(device.status()).as(device.body()).isEqualTo(200);
        return device.json();
    }

    private Answer poll(String deviceCode) throws Exception {
        return token(Map.of("grant_type", DEVICE_GRANT, "device_code", deviceCode, "client_id", "shuyu-cli"));
    }

    private Answer token(Map<String, String> fields) throws Exception {
        return send(form("/dev/oauth/token", fields));
    }

    private Answer decide(String userCode, String username, String action, boolean browser) throws Exception {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("user_code", userCode);
        if (username != null) {
            fields.put("username", username);
        }
        fields.put("action", action);
        HttpRequest.Builder request = form("/dev/device", fields);
        if (browser) {
            request.header("Accept", "text/html");
        }
        return send(request);
    }

    private Api.Response me(String accessToken) {
        return new Api(port).withToken("GET", "/api/v1/me", null, accessToken);
    }

    private HttpRequest.Builder form(String path, Map<String, String> fields) {
        String body = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private Answer send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
    }
}
