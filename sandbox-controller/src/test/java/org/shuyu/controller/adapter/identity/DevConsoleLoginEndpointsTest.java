package org.shuyu.controller.adapter.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
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
 * The web console's login against the running controller in embedded mode: the development issuer's authorization
 * endpoint ({@code GET}/{@code POST /dev/oauth/authorize}, RFC 6749 section 4.1 with PKCE S256, RFC 7636) and the
 * {@code authorization_code} grant of {@code /dev/oauth/token}, over HTTP without following redirects. Also what the
 * console needs around it: {@code GET /api/v1/auth}'s console fields, the Content-Security-Policy, and the console's
 * files public while the API still needs a token. Code expiry is in {@link AuthorizationCodesTest}.
 */
@Tag("R-06")
@PlatformTest
class DevConsoleLoginEndpointsTest {
    private static final String CONSOLE = "shuyu-console";
    private static final String CLI = "shuyu-cli";
    private static final String VERIFIER = "dBjftJeZ4CVP-mJ92K9qNNMyTjZ1Jk9vGk0Drgy6U3M";
    private static final String CHALLENGE = "aN8vXj4AAQAqaNLhqh-bchvCcLEBbTYvwGghWKRctUU";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient(); // never follows redirects

    @LocalServerPort
    int port;

    private String base;
    private String redirectUri;

    @BeforeEach
    void setUp() {
        base = "http://127.0.0.1:" + port;
        redirectUri = base + "/";
    }

    record Answer(int status, String contentType, String body, Optional<String> location, String csp) {
        JsonNode json() {
            return JSON.readTree(body);
        }

        String error() {
            return json().path("error").asString("");
        }

        /** The query of the Location header, decoded as a browser's URLSearchParams does. */
        Map<String, String> redirectQuery() {
            URI target = URI.create(location.orElseThrow(() -> new AssertionError("no Location; status " + status + ": " + body)));
            Map<String, String> query = new LinkedHashMap<>();
            if (target.getRawQuery() != null) {
                for (String pair : target.getRawQuery().split("&")) {
                    int eq = pair.indexOf('=');
                    query.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            return query;
        }
    }

    @Test
    void authConfigNamesTheConsolesClientAndAuthorizationEndpoint() throws Exception {
        Answer auth = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/auth")).GET());
        assertThat(auth.status()).as(auth.body()).isEqualTo(200);
        JsonNode config = auth.json();
        assertThat(config.path("consoleClientId").asString()).isEqualTo(CONSOLE);
        assertThat(config.path("authorizationEndpoint").asString()).isEqualTo(base + "/dev/oauth/authorize");
        assertThat(config.path("tokenEndpoint").asString()).isEqualTo(base + "/dev/oauth/token");
        assertThat(config.path("endSessionEndpoint").asString(null)).as("the development issuer has no logout").isNull();
    }

    @Test
    void pickingAUserGivesACodeThatTheVerifierTurnsIntoTokensOnce() throws Exception {
        Answer page = send(HttpRequest.newBuilder(URI.create(base + "/dev/oauth/authorize?" + query(authorization("st-1")))).GET());
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).contains("lang=\"zh-CN\"").contains("选择演示用户").contains("Pick a demo user")
                .contains("data-user=\"engineer\"").contains("name=\"code_challenge\" value=\"" + CHALLENGE + "\"")
                .contains("name=\"state\" value=\"st-1\"");

        Map<String, String> answer = pick("engineer", "st-1").redirectQuery();
        assertThat(answer).containsEntry("state", "st-1").containsKey("code").doesNotContainKey("error");
        String code = answer.get("code");

        Answer tokens = exchange(code, CONSOLE, redirectUri, VERIFIER);
        assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
        assertThat(tokens.json().path("token_type").asString()).isEqualTo("Bearer");
        assertThat(tokens.json().path("expires_in").asLong()).isPositive();
        assertThat(tokens.json().path("scope").asString()).isEqualTo("openid");
        Api.Response me = me(tokens.json().path("access_token").asString());
        assertThat(me.status()).as(me.text()).isEqualTo(200);
        assertThat(me.json().path("userId").asString()).isEqualTo("engineer");
        assertThat(me.json().path("roles").toString()).contains("operator-engineer");

        Answer replay = exchange(code, CONSOLE, redirectUri, VERIFIER);
        assertThat(replay.status()).isEqualTo(400);
        assertThat(replay.error()).as("a code is used once").isEqualTo("invalid_grant");

        // the console refreshes with its own client id; the refresh token rotates and is bound to the console
        String refresh = tokens.json().path("refresh_token").asString();
        assertThat(refresh).isNotBlank();
        Answer byCli = token(Map.of("grant_type", "refresh_token", "refresh_token", refresh, "client_id", CLI));
        assertThat(byCli.error()).as("another client cannot use the console's refresh token").isEqualTo("invalid_grant");

        String refresh2 = tokens(code("admin"));
        Answer refreshed = token(Map.of("grant_type", "refresh_token", "refresh_token", refresh2, "client_id", CONSOLE));
        assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
        assertThat(refreshed.json().path("refresh_token").asString()).isNotBlank().isNotEqualTo(refresh2);
        assertThat(me(refreshed.json().path("access_token").asString()).json().path("userId").asString()).isEqualTo("admin");
        Answer reused = token(Map.of("grant_type", "refresh_token", "refresh_token", refresh2, "client_id", CONSOLE));
        assertThat(reused.error()).isEqualTo("invalid_grant");
    }

    @Test
    void aWrongVerifierIsRefusedAndSpendsTheCode() throws Exception {
        String code = code("engineer");
        Answer wrong = exchange(code, CONSOLE, redirectUri, "wrong-verifier-wrong-verifier-wrong-verifier-0");
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.error()).isEqualTo("invalid_grant");
        Answer none = exchange(code("engineer"), CONSOLE, redirectUri, null);
        assertThat(none.error()).isEqualTo("invalid_grant");
        assertThat(exchange(code, CONSOLE, redirectUri, VERIFIER).error()).as("no retry after a wrong verifier")
                .isEqualTo("invalid_grant");
    }

    @Test
    void aCodeIsBoundToTheConsoleAndItsRedirectUri() throws Exception {
        Answer otherRedirect = exchange(code("engineer"), CONSOLE, base + "/elsewhere", VERIFIER);
        assertThat(otherRedirect.status()).isEqualTo(400);
        assertThat(otherRedirect.error()).isEqualTo("invalid_grant");

        Answer cli = exchange(code("engineer"), CLI, redirectUri, VERIFIER);
        assertThat(cli.status()).isEqualTo(400);
        assertThat(cli.error()).as("the CLI does not use the code grant").isEqualTo("unauthorized_client");

        Answer unknownClient = exchange(code("engineer"), "mallory", redirectUri, VERIFIER);
        assertThat(unknownClient.status()).isEqualTo(401);
        assertThat(unknownClient.error()).isEqualTo("invalid_client");
    }

    @Test
    void theConsoleCannotUseTheDeviceFlow() throws Exception {
        Answer device = send(form("/dev/oauth/device", Map.of("client_id", CONSOLE)));
        assertThat(device.status()).isEqualTo(401);
        assertThat(device.error()).isEqualTo("invalid_client");
        Answer poll = token(Map.of("grant_type", DevOAuthController.DEVICE_GRANT, "device_code", "anything", "client_id", CONSOLE));
        assertThat(poll.status()).isEqualTo(400);
        assertThat(poll.error()).isEqualTo("unauthorized_client");
    }

    @Test
    void aRedirectUriOffThisServerIsShownAsAnErrorAndNeverRedirectedTo() throws Exception {
        for (String evil : new String[] {"https://evil.example/", "http://127.0.0.1:1/", "http://localhost.evil.example:" + port + "/",
                "https://127.0.0.1:" + port + "/", base + "/#fragment", "not a uri", "//evil.example/"}) {
            Map<String, String> params = authorization("st-evil");
            params.put("redirect_uri", evil);
            Answer get = send(HttpRequest.newBuilder(URI.create(base + "/dev/oauth/authorize?" + query(params))).GET());
            assertThat(get.status()).as(evil).isEqualTo(400);
            assertThat(get.location()).as(evil).isEmpty();
            assertThat(get.contentType()).startsWith("text/html");
            assertThat(get.body()).as(evil).contains("无法登录").contains("redirect_uri").doesNotContain("data-user=");

            params.put("username", "engineer");
            Answer post = send(form("/dev/oauth/authorize", params));
            assertThat(post.status()).as(evil).isEqualTo(400);
            assertThat(post.location()).as(evil).isEmpty();
            assertThat(post.body()).doesNotContain("code=");
        }
        Map<String, String> params = authorization("st-client");
        params.put("client_id", CLI);
        Answer wrongClient = send(HttpRequest.newBuilder(URI.create(base + "/dev/oauth/authorize?" + query(params))).GET());
        assertThat(wrongClient.status()).isEqualTo(400);
        assertThat(wrongClient.location()).isEmpty();
        assertThat(wrongClient.body()).contains("invalid_client");
        // a repeated parameter (here a second redirect_uri) is an error page too, on GET and POST
        params.put("client_id", CONSOLE);
        String twice = query(params) + "&redirect_uri=" + URLEncoder.encode("https://evil.example/", StandardCharsets.UTF_8);
        Answer repeatedGet = send(HttpRequest.newBuilder(URI.create(base + "/dev/oauth/authorize?" + twice)).GET());
        assertThat(repeatedGet.status()).isEqualTo(400);
        assertThat(repeatedGet.location()).isEmpty();
        assertThat(repeatedGet.body()).contains("repeated");
        Answer repeatedPost = send(HttpRequest.newBuilder(URI.create(base + "/dev/oauth/authorize"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(twice + "&username=engineer")));
        assertThat(repeatedPost.status()).isEqualTo(400);
        assertThat(repeatedPost.location()).isEmpty();
        params.remove("redirect_uri");
        assertThat(send(HttpRequest.newBuilder(URI.create(base + "/dev/oauth/authorize?" + query(params))).GET()).status())
                .isEqualTo(400);
    }

    @Test
    void withoutAnS256ChallengeTheConsoleIsToldInvalidRequest() throws Exception {
        Map<String, String> missing = authorization("st-pkce");
        missing.remove("code_challenge");
        missing.remove("code_challenge_method");
        Map<String, String> plain = authorization("st-pkce");
        plain.put("code_challenge_method", "plain");
        Map<String, String> shortChallenge = authorization("st-pkce");
        shortChallenge.put("code_challenge", "abc");
        Map<String, String> token = authorization("st-pkce");
        token.put("response_type", "token");
        for (Map<String, String> params : java.util.List.of(missing, plain, shortChallenge, token)) {
            Answer get = send(HttpRequest.newBuilder(URI.create(base + "/dev/oauth/authorize?" + query(params))).GET());
            assertThat(get.status()).as(params.toString()).isEqualTo(302);
            assertThat(get.location().orElseThrow()).startsWith(redirectUri + "?");
            assertThat(get.redirectQuery()).containsEntry("error", "invalid_request").containsEntry("state", "st-pkce")
                    .doesNotContainKey("code");

            params.put("username", "engineer");
            Answer post = send(form("/dev/oauth/authorize", params));
            assertThat(post.status()).isEqualTo(302);
            assertThat(post.redirectQuery()).containsEntry("error", "invalid_request").doesNotContainKey("code");
        }
    }

    @Test
    void anUnknownUserIsShownOnThePageAndNoCodeIsIssued() throws Exception {
        Answer unknown = pick("mallory", "st-unknown");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.location()).isEmpty();
        assertThat(unknown.body()).contains("UNKNOWN_USER").contains("mallory").contains("data-user=\"engineer\"");
        Answer none = pick(null, "st-unknown");
        assertThat(none.status()).isEqualTo(400);
        assertThat(none.location()).isEmpty();
    }

    @Test
    void denyingRedirectsWithAccessDenied() throws Exception {
        Map<String, String> params = authorization("st-deny");
        params.put("action", "deny");
        Answer denied = send(form("/dev/oauth/authorize", params));
        assertThat(denied.status()).isEqualTo(302);
        assertThat(denied.redirectQuery()).containsEntry("error", "access_denied").containsEntry("state", "st-deny")
                .doesNotContainKey("code");
    }

    @Test
    void theStateComesBackExactlyAndIsEscapedOnThePage() throws Exception {
        String state = "a+b c/d?e=f&g{h}%25\"><script>x</script>é";
        Answer page = send(HttpRequest.newBuilder(URI.create(base + "/dev/oauth/authorize?" + query(authorization(state)))).GET());
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(page.body()).doesNotContain("<script>");
        Answer picked = pick("engineer", state);
        assertThat(picked.status()).as(picked.body()).isEqualTo(302);
        assertThat(picked.redirectQuery()).containsEntry("state", state);
    }

    @Test
    void theConsoleIsPublicTheApiIsNotAndEveryAnswerCarriesTheCsp() throws Exception {
        boolean built = getClass().getResource("/static/index.html") != null;
        Answer index = send(HttpRequest.newBuilder(URI.create(base + "/")).GET());
        assertThat(index.status()).as(index.body()).isEqualTo(built ? 200 : 404);
        if (built) {
            assertThat(index.contentType()).startsWith("text/html");
        }
        Answer asset = send(HttpRequest.newBuilder(URI.create(base + "/assets/no-such-file.js")).GET());
        assertThat(asset.status()).as("public, just missing").isEqualTo(404);
        Answer api = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/me")).GET());
        assertThat(api.status()).isEqualTo(401);
        Answer apiAsset = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/assets/x.js")).GET());
        assertThat(apiAsset.status()).isEqualTo(401);

        for (Answer answer : new Answer[] {index, api,
                send(HttpRequest.newBuilder(URI.create(base + "/dev/oauth/authorize?" + query(authorization("st-csp")))).GET())}) {
            assertThat(answer.csp()).contains("default-src 'self'").contains("script-src 'self';")
                    .contains("connect-src 'self';").contains("frame-ancestors 'none'").contains("object-src 'none'")
                    .contains("form-action 'self'").doesNotContain("unsafe-eval");
        }
    }

    private Map<String, String> authorization(String state) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("response_type", "code");
        params.put("client_id", CONSOLE);
        params.put("redirect_uri", redirectUri);
        params.put("state", state);
        params.put("scope", "openid");
        params.put("code_challenge", CHALLENGE);
        params.put("code_challenge_method", "S256");
        return params;
    }

    private Answer pick(String username, String state) throws Exception {
        Map<String, String> params = authorization(state);
        if (username != null) {
            params.put("username", username);
        }
        return send(form("/dev/oauth/authorize", params));
    }

    private String code(String username) throws Exception {
        Answer picked = pick(username, "st");
        assertThat(picked.status()).as(picked.body()).isEqualTo(302);
        return picked.redirectQuery().get("code");
    }

    private String tokens(String code) throws Exception {
        Answer tokens = exchange(code, CONSOLE, redirectUri, VERIFIER);
        assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
        return tokens.json().path("refresh_token").asString();
    }

    private Answer exchange(String code, String clientId, String redirect, String verifier) throws Exception {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("grant_type", "authorization_code");
        fields.put("code", code);
        fields.put("client_id", clientId);
        fields.put("redirect_uri", redirect);
        if (verifier != null) {
            fields.put("code_verifier", verifier);
        }
        return token(fields);
    }

    private Answer token(Map<String, String> fields) throws Exception {
        return send(form("/dev/oauth/token", fields));
    }

    private Api.Response me(String accessToken) {
        return new Api(port).withToken("GET", "/api/v1/me", null, accessToken);
    }

    private static String query(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private HttpRequest.Builder form(String path, Map<String, String> fields) {
        return HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(query(fields)));
    }

    private Answer send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body(),
                response.headers().firstValue("Location"), response.headers().firstValue("Content-Security-Policy").orElse(""));
    }
}
