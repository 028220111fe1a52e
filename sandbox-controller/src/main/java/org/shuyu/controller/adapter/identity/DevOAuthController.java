package org.shuyu.controller.adapter.identity;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.shuyu.controller.config.LoginProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The development issuer's OAuth endpoints for the CLI's login (RFC 8628 device flow, RFC 6749 refresh):
 * {@code POST /dev/oauth/device} and {@code POST /dev/oauth/token}. They answer in OAuth's own JSON shape
 * ({@code error}, {@code error_description}), not problem+json, because OAuth clients expect it. Registered only in
 * embedded mode (the property below, which {@code InsecureSettingsCheck} refuses in production), like {@code /dev/token}.
 */
@Hidden
@RestController
@ConditionalOnProperty(name = "sandbox.identity.allow-insecure-dev-issuer", havingValue = "true")
class DevOAuthController {
    static final String DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

    private final DeviceFlow flow;
    private final DevTokenIssuer issuer;
    private final LoginProperties login;
    private final AuthorizationCodes codes;

    DevOAuthController(DeviceFlow flow, DevTokenIssuer issuer, LoginProperties login, AuthorizationCodes codes) {
        this.flow = flow;
        this.issuer = issuer;
        this.login = login;
        this.codes = codes;
    }

    /** RFC 8628 section 3.1/3.2: a device code, a user code and where to enter it. */
    @PostMapping(path = "/dev/oauth/device", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> device(HttpServletRequest request) throws IOException {
        FormBody form;
        try {
            form = FormBody.read(request);
        } catch (IllegalArgumentException e) {
            return error(HttpStatus.BAD_REQUEST, "invalid_request", e.getMessage());
        }
        String clientId = form.get("client_id");
        if (clientId == null) {
            return error(HttpStatus.BAD_REQUEST, "invalid_request", "client_id is required");
        }
        if (!clientId.equals(login.clientId())) {
            return error(HttpStatus.UNAUTHORIZED, "invalid_client", "unknown client_id; the CLI's is '" + login.clientId() + "'");
        }
        Optional<DeviceFlow.Authorization> authorization = flow.authorize(clientId, form.get("scope"));
        if (authorization.isEmpty()) {
            return error(HttpStatus.SERVICE_UNAVAILABLE, "temporarily_unavailable", "too many logins are pending; retry later");
        }
        DeviceFlow.Authorization a = authorization.get();
        String verification = ServletUriComponentsBuilder.fromContextPath(request).path("/dev/device").build().toUriString();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("device_code", a.deviceCode());
        body.put("user_code", a.userCode());
        body.put("verification_uri", verification);
        body.put("verification_uri_complete", verification + "?user_code=" + a.userCode());
        body.put("expires_in", a.expiresIn());
        body.put("interval", a.interval());
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(body);
    }

    /**
     * RFC 8628 section 3.4/3.5 (device code, the CLI), RFC 6749 section 4.1.3 with RFC 7636 (authorization code with
     * PKCE, the console) and RFC 6749 section 6 (refresh token, rotated on use, bound to the client it was issued to).
     */
    @PostMapping(path = "/dev/oauth/token", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> token(HttpServletRequest request) throws IOException {
        FormBody form;
        try {
            form = FormBody.read(request);
        } catch (IllegalArgumentException e) {
            return error(HttpStatus.BAD_REQUEST, "invalid_request", e.getMessage());
        }
        String grantType = form.get("grant_type");
        String clientId = form.get("client_id");
        if (grantType == null) {
            return error(HttpStatus.BAD_REQUEST, "invalid_request", "grant_type is required");
        }
        if (clientId == null || !(clientId.equals(login.clientId()) || clientId.equals(login.consoleClientId()))) {
            return error(HttpStatus.UNAUTHORIZED, "invalid_client", "unknown or missing client_id");
        }
        if (grantType.equals("authorization_code")) {
            if (!clientId.equals(login.consoleClientId())) {
                return error(HttpStatus.BAD_REQUEST, "unauthorized_client", "only the console uses the authorization code grant");
            }
            Optional<AuthorizationCodes.Redeemed> redeemed = codes.redeem(form.get("code"), clientId,
                    form.get("redirect_uri"), form.get("code_verifier"));
            if (redeemed.isEmpty()) {
                return error(HttpStatus.BAD_REQUEST, "invalid_grant",
                        "the code is unknown, expired or used, or the redirect_uri or code_verifier does not match; log in again");
            }
            return tokens(new DeviceFlow.Poll.Approved(redeemed.get().username(), redeemed.get().scope()), clientId);
        }
        if (grantType.equals(DEVICE_GRANT) && !clientId.equals(login.clientId())) {
            return error(HttpStatus.BAD_REQUEST, "unauthorized_client", "only the CLI uses the device flow");
        }
        if (grantType.equals(DEVICE_GRANT)) {
            String deviceCode = form.get("device_code");
            if (deviceCode == null) {
                return error(HttpStatus.BAD_REQUEST, "invalid_request", "device_code is required");
            }
            DeviceFlow.Poll poll = flow.poll(deviceCode, clientId);
            if (poll instanceof DeviceFlow.Poll.Approved approved) {
                return tokens(approved, clientId);
            }
            DeviceFlow.Poll.Refused refused = (DeviceFlow.Poll.Refused) poll;
            return error(HttpStatus.BAD_REQUEST, refused.error(), refused.description());
        }
        if (grantType.equals("refresh_token")) {
            String refreshToken = form.get("refresh_token");
            if (refreshToken == null) {
                return error(HttpStatus.BAD_REQUEST, "invalid_request", "refresh_token is required");
            }
            return flow.redeemRefreshToken(refreshToken, clientId)
                    .map(approved -> tokens(approved, clientId))
                    .orElseGet(() -> error(HttpStatus.BAD_REQUEST, "invalid_grant",
                            "the refresh token is unknown, expired or already used; log in again"));
        }
        return error(HttpStatus.BAD_REQUEST, "unsupported_grant_type", "grant_type must be 'authorization_code', '" + DEVICE_GRANT + "' or 'refresh_token'");
    }

    private ResponseEntity<Map<String, Object>> tokens(DeviceFlow.Poll.Approved approved, String clientId) {
        Optional<DemoUsers.DemoUser> user = DemoUsers.find(approved.username());
        if (user.isEmpty()) {
            return error(HttpStatus.BAD_REQUEST, "invalid_grant", "the approved user no longer exists");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", issuer.issue(user.get()));
        body.put("token_type", "Bearer");
        body.put("expires_in", issuer.lifetime().toSeconds());
        body.put("refresh_token", flow.issueRefreshToken(approved.username(), clientId, approved.scope()));
        body.put("scope", approved.scope());
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(body);
    }

    private static ResponseEntity<Map<String, Object>> error(HttpStatus status, String error, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", description);
        return ResponseEntity.status(status).cacheControl(CacheControl.noStore())
                .contentType(MediaType.APPLICATION_JSON).body(body);
    }
}
