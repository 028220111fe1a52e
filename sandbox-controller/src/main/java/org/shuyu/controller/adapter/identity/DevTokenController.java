package org.shuyu.controller.adapter.identity;

import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.util.List;
import java.util.Map;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /dev/token}: a token for a demo user. Registered only in embedded mode. */
@RestController
@ConditionalOnProperty(name = "sandbox.identity.allow-insecure-dev-issuer", havingValue = "true")
class DevTokenController {
    private final DevTokenIssuer issuer;

    DevTokenController(DevTokenIssuer issuer) {
        this.issuer = issuer;
    }

    record TokenRequest(@NotBlank String username) {}

    record TokenResponse(String access_token, String token_type, List<String> roles) {}

    @PostMapping("/dev/token")
    @SecurityRequirements // needs no bearer token: it is where embedded mode gets one
    TokenResponse token(@Valid @RequestBody TokenRequest request) {
        DemoUsers.DemoUser user = DemoUsers.find(request.username())
                .orElseThrow(() -> new SandboxException(ErrorCode.UNKNOWN_USER,
                        "no demo user '" + request.username() + "'; known: "
                                + DemoUsers.ALL.stream().map(DemoUsers.DemoUser::username).toList()));
        return new TokenResponse(issuer.issue(user), "Bearer",
                user.roles().stream().map(r -> r.realmRole()).sorted().toList());
    }
}
