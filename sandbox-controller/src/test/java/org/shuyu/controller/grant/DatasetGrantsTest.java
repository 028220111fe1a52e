package org.shuyu.controller.grant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.shuyu.controller.support.LifecycleFixture.ok;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.support.Api;
import org.shuyu.controller.support.LifecycleFixture;
import org.shuyu.controller.support.MutableClock;
import org.shuyu.controller.support.PlatformTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** A provider sees the grants that use its dataset, and only those (issue 18, the console's provider pages). */
@PlatformTest
class DatasetGrantsTest {
    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MutableClock clock;

    Api api;
    LifecycleFixture fx;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        fx = new LifecycleFixture(api, jdbc, clock);
    }

    static List<String> ids(JsonNode list) {
        List<String> ids = new ArrayList<>();
        list.forEach(g -> ids.add(g.path("id").asString()));
        return ids;
    }

    @Test
    void theProviderSeesTheGrantsNamingItsDatasetAndNoOther() {
        String used = fx.dataset("CONDITIONAL");
        String unused = fx.dataset("CONDITIONAL");
        String grant = fx.activeGrant("provider view", List.of(used));
        String other = fx.activeGrant("another grant");

        JsonNode forProvider = ok(api.get("provider", "/api/v1/datasets/" + used + "/grants")).json();
        assertThat(ids(forProvider)).containsExactly(grant);
        JsonNode g = forProvider.get(0);
        assertThat(g.path("state").asString()).isEqualTo("ACTIVE");
        assertThat(g.path("datasetIds").get(0).asString()).isEqualTo(used);
        assertThat(g.path("organizationId").asString()).isNotBlank();
        assertThat(g.has("agreement")).isFalse();
        assertThat(ids(ok(api.get("provider", "/api/v1/datasets/" + unused + "/grants")).json())).isEmpty();
        assertThat(ids(ok(api.get("admin", "/api/v1/datasets/" + used + "/grants")).json())).containsExactly(grant)
                .doesNotContain(other);
        assertThat(ids(ok(api.get("security", "/api/v1/datasets/" + used + "/grants")).json())).containsExactly(grant);
    }

    @Test
    void othersAreRefusedAndAnUnknownDatasetIsNotFound() {
        String used = fx.dataset("CONDITIONAL");
        assertThat(api.get("engineer", "/api/v1/datasets/" + used + "/grants").status()).isEqualTo(403);
        assertThat(api.get("applicant", "/api/v1/datasets/" + used + "/grants").status()).isEqualTo(403);
        assertThat(api.get("expert", "/api/v1/datasets/" + used + "/grants").status()).isEqualTo(403);
        assertThat(api.get("provider", "/api/v1/datasets/no.such/grants").status()).isEqualTo(404);
    }
}
