package org.shuyu.controller.adapter.identity;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.shuyu.controller.config.LoginProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.springframework.web.util.HtmlUtils;

/**
 * The development issuer's authorization endpoint for the web console (RFC 6749 section 4.1 with PKCE, RFC 7636):
 * {@code GET /dev/oauth/authorize} shows the demo users to pick from (Chinese first, with English); {@code POST}
 * with the picked {@code username} redirects back to the console with a one-time code, which the token endpoint
 * ({@link DevOAuthController}) exchanges for tokens against the verifier. Only the console's client id, only S256,
 * and only a redirect URI on this very server are accepted; a bad client or redirect URI is shown on the page, never
 * redirected to (RFC 6749 section 4.1.2.1). Embedded mode only: demo users need no password.
 */
@Hidden
@RestController
@ConditionalOnProperty(name = "sandbox.identity.allow-insecure-dev-issuer", havingValue = "true")
class DevAuthorizeController {
    private static final Map<String, String> ROLE_NAMES = Map.of(
            "data-authority", "数据主管部门", "data-provider", "数据提供单位", "operator-accountable", "运营单位负责人",
            "operator-engineer", "运营单位数据工程师", "expert-reviewer", "评审专家", "security-supervisor", "安全监管人员",
            "coordination-body", "统筹协调机构", "leading-group", "领导小组");

    private final AuthorizationCodes codes;
    private final LoginProperties login;

    DevAuthorizeController(AuthorizationCodes codes, LoginProperties login) {
        this.codes = codes;
        this.login = login;
    }

    /** The parameters of an authorization request, as read from the query or the form. */
    record Request(String responseType, String clientId, String redirectUri, String state, String scope,
                   String challenge, String challengeMethod) {
        static Request of(Map<String, String> p) {
            return new Request(p.get("response_type"), p.get("client_id"), p.get("redirect_uri"), p.get("state"),
                    p.get("scope"), p.get("code_challenge"), p.get("code_challenge_method"));
        }
    }

    @GetMapping(path = "/dev/oauth/authorize", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> page(HttpServletRequest http) {
        Map<String, String> params = new TreeMap<>();
        for (Map.Entry<String, String[]> p : http.getParameterMap().entrySet()) {
            if (p.getValue().length > 1) {
                // RFC 6749 section 3.1: parameters must not be repeated; which redirect_uri would be meant is unknown
                return html(HttpStatus.BAD_REQUEST, "无法登录 · Cannot log in",
                        errorBlock("parameter '" + p.getKey() + "' is repeated (invalid_request)"));
            }
            params.put(p.getKey(), p.getValue().length > 0 ? p.getValue()[0] : null);
        }
        Request request = Request.of(params);
        Optional<String> fatal = clientProblem(request, http);
        if (fatal.isPresent()) {
            return html(HttpStatus.BAD_REQUEST, "无法登录 · Cannot log in", errorBlock(fatal.get()));
        }
        Optional<String> problem = requestProblem(request);
        if (problem.isPresent()) {
            return redirect(request, Map.of("error", "invalid_request", "error_description", problem.get()));
        }
        return html(HttpStatus.OK, "选择演示用户 · Pick a demo user", userList(request));
    }

    @PostMapping(path = "/dev/oauth/authorize")
    ResponseEntity<String> decide(HttpServletRequest http) throws IOException {
        FormBody form;
        try {
            form = FormBody.read(http);
        } catch (IllegalArgumentException e) {
            return html(HttpStatus.BAD_REQUEST, "无法登录 · Cannot log in", errorBlock(e.getMessage()));
        }
        Map<String, String> params = new TreeMap<>();
        for (String name : new String[] {"response_type", "client_id", "redirect_uri", "state", "scope",
                "code_challenge", "code_challenge_method"}) {
            params.put(name, form.get(name));
        }
        Request request = Request.of(params);
        Optional<String> fatal = clientProblem(request, http);
        if (fatal.isPresent()) {
            return html(HttpStatus.BAD_REQUEST, "无法登录 · Cannot log in", errorBlock(fatal.get()));
        }
        Optional<String> problem = requestProblem(request);
        if (problem.isPresent()) {
            return redirect(request, Map.of("error", "invalid_request", "error_description", problem.get()));
        }
        if ("deny".equals(form.get("action"))) {
            return redirect(request, Map.of("error", "access_denied", "error_description", "the login was cancelled"));
        }
        String username = form.get("username");
        if (username == null || DemoUsers.find(username).isEmpty()) {
            return html(HttpStatus.BAD_REQUEST, "选择演示用户 · Pick a demo user",
                    errorBlock("no demo user '" + Optional.ofNullable(username).orElse("") + "' (UNKNOWN_USER)")
                            + userList(request));
        }
        String code = codes.issue(username, request.clientId(), request.redirectUri(), request.challenge(), request.scope());
        return redirect(request, Map.of("code", code));
    }

    /** Problems that must not redirect: an unknown client or a redirect URI off this server. */
    private Optional<String> clientProblem(Request r, HttpServletRequest http) {
        if (r.clientId() == null || !r.clientId().equals(login.consoleClientId())) {
            return Optional.of("unknown client_id; the console's is '" + login.consoleClientId() + "' (invalid_client)");
        }
        if (r.redirectUri() == null) {
            return Optional.of("redirect_uri is required (invalid_request)");
        }
        URI redirect;
        try {
            redirect = URI.create(r.redirectUri());
        } catch (IllegalArgumentException e) {
            return Optional.of("redirect_uri is not a URI (invalid_request)");
        }
        URI self = URI.create(ServletUriComponentsBuilder.fromContextPath(http).build().toUriString());
        boolean sameOrigin = redirect.getScheme() != null && redirect.getScheme().equals(self.getScheme())
                && redirect.getHost() != null && redirect.getHost().equalsIgnoreCase(self.getHost())
                && redirect.getPort() == self.getPort() && redirect.getRawFragment() == null;
        if (!sameOrigin) {
            return Optional.of("redirect_uri must be on this server (" + self + "); got " + r.redirectUri()
                    + " (invalid_request)");
        }
        return Optional.empty();
    }

    /** Problems reported back to the console by redirect (RFC 6749 section 4.1.2.1). */
    private static Optional<String> requestProblem(Request r) {
        if (!"code".equals(r.responseType())) {
            return Optional.of("response_type must be 'code'");
        }
        if (!"S256".equals(r.challengeMethod()) || r.challenge() == null
                || !AuthorizationCodes.CHALLENGE.matcher(r.challenge()).matches()) {
            return Optional.of("PKCE is required: code_challenge (S256, 43 characters) and code_challenge_method=S256");
        }
        if (r.state() == null || r.state().isBlank()) {
            return Optional.of("state is required");
        }
        return Optional.empty();
    }

    /**
     * The redirect URI (checked: same origin, no fragment) with the answer appended to its query, each value
     * form-encoded (RFC 6749 appendix B) so that the console's URLSearchParams reads back exactly what was sent: a
     * {@code +}, {@code &}, {@code %} or brace in the state must not come back changed.
     */
    private static ResponseEntity<String> redirect(Request r, Map<String, String> answer) {
        Map<String, String> query = new LinkedHashMap<>(new TreeMap<>(answer));
        if (r.state() != null) {
            query.put("state", r.state());
        }
        String target = r.redirectUri() + (URI.create(r.redirectUri()).getRawQuery() == null ? "?" : "&")
                + query.entrySet().stream()
                        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                        .collect(Collectors.joining("&"));
        return ResponseEntity.status(HttpStatus.FOUND).cacheControl(CacheControl.noStore())
                .header(HttpHeaders.LOCATION, target).build();
    }

    private static String userList(Request r) {
        StringBuilder hidden = new StringBuilder();
        hidden(hidden, "response_type", r.responseType());
        hidden(hidden, "client_id", r.clientId());
        hidden(hidden, "redirect_uri", r.redirectUri());
        hidden(hidden, "state", r.state());
        hidden(hidden, "scope", r.scope());
        hidden(hidden, "code_challenge", r.challenge());
        hidden(hidden, "code_challenge_method", r.challengeMethod());
        StringBuilder users = new StringBuilder();
        for (DemoUsers.DemoUser user : DemoUsers.ALL) {
            String roles = user.roles().stream().map(role -> role.realmRole())
                    .map(role -> ROLE_NAMES.getOrDefault(role, role) + " · " + role).sorted()
                    .reduce((a, b) -> a + ", " + b).orElse("");
            users.append("<li><button type=\"submit\" name=\"username\" value=\"")
                    .append(HtmlUtils.htmlEscape(user.username())).append("\" data-user=\"")
                    .append(HtmlUtils.htmlEscape(user.username())).append("\"><strong>")
                    .append(HtmlUtils.htmlEscape(user.username())).append("</strong> <span>")
                    .append(HtmlUtils.htmlEscape(user.name())).append("</span><br><small>")
                    .append(HtmlUtils.htmlEscape(roles)).append("</small></button></li>\n");
        }
        return """
                <p>内嵌模式的开发签发方：选择一位演示用户，以其身份进入控制台（无需密码）。<br>
                Development issuer (embedded mode): pick a demo user to enter the console as that person (no password).</p>
                <form method="post" action="/dev/oauth/authorize">
                %s<ul class="users">
                %s</ul>
                <p><button type="submit" name="action" value="deny" class="cancel">取消 · Cancel</button></p>
                </form>
                """.formatted(hidden, users);
    }

    private static void hidden(StringBuilder out, String name, String value) {
        if (value != null) {
            out.append("<input type=\"hidden\" name=\"").append(name).append("\" value=\"")
                    .append(HtmlUtils.htmlEscape(value)).append("\">\n");
        }
    }

    private static String errorBlock(String message) {
        return "<p role=\"alert\" class=\"error\">" + HtmlUtils.htmlEscape(message) + "</p>";
    }

    private static ResponseEntity<String> html(HttpStatus status, String title, String body) {
        String page = """
                <!DOCTYPE html>
                <html lang="zh-CN">
                <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s</title>
                <style>body{font-family:sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
                .error{color:#a40000}.users{list-style:none;padding:0;display:grid;grid-template-columns:1fr 1fr;gap:.5rem}
                .users button{width:100%%;text-align:left;padding:.6rem;font-size:1rem;cursor:pointer;border:1px solid #c8d3e6;
                background:#f5f8ff;border-radius:6px}.users button:hover,.users button:focus{background:#e3ecff}
                small{color:#555}.cancel{padding:.4rem 1rem}</style></head>
                <body><main><h1>%s</h1>
                %s</main></body></html>
                """.formatted(HtmlUtils.htmlEscape(title), HtmlUtils.htmlEscape(title), body);
        return ResponseEntity.status(status).cacheControl(CacheControl.noStore())
                .header("X-Frame-Options", "DENY")
                .contentType(new MediaType("text", "html", StandardCharsets.UTF_8)).body(page);
    }
}
