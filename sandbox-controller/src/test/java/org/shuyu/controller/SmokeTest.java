package org.shuyu.controller;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.shuyu.controller.support.Api;
import org.shuyu.controller.support.PlatformTest;
import org.springframework.boot.test.web.server.LocalServerPort;

@PlatformTest
class SmokeTest {
    @LocalServerPort
    int port;

    @Test
    void meNeedsAToken() {
        Api api = new Api(port);
        Api.Response anonymous = api.withToken("GET", "/api/v1/me", null, null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.code()).isEqualTo("UNAUTHENTICATED");
        Api.Response me = api.get("admin", "/api/v1/me");
        assertThat(me.status()).as(me.toString()).isEqualTo(200);
        assertThat(me.json().path("roles").get(0).asString()).isEqualTo("data-authority");
        assertThat(api.withToken("GET", "/v3/api-docs", null, null).status()).isEqualTo(200);
    }
}
