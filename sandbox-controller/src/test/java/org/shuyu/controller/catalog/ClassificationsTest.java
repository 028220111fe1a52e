package org.shuyu.controller.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.shuyu.controller.support.LifecycleFixture.ok;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.support.Api;
import org.shuyu.controller.support.PlatformTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The classification rules the console's grid shows: lowest grade, identifying, mask per grade. */
@PlatformTest
@Tag("R-07")
class ClassificationsTest {
    @LocalServerPort
    int port;

    @Test
    void everyClassificationIsListedWithItsRules() {
        JsonNode list = ok(new Api(port).get("provider", "/api/v1/classifications")).json();
        Map<String, JsonNode> by = new HashMap<>();
        list.forEach(c -> by.put(c.path("classification").asString(), c));
        assertThat(by).hasSize(ColumnClassification.values().length);
        assertThat(by.get("DIRECT_IDENTIFIER").path("minimumGrade").asInt()).isEqualTo(3);
        assertThat(by.get("DIRECT_IDENTIFIER").path("identifying").asBoolean()).isTrue();
        assertThat(masks(by.get("DIRECT_IDENTIFIER"))).containsExactly("NONE", "NONE", "HASH", "NULLIFY");
        assertThat(masks(by.get("CONTACT"))).containsExactly("NONE", "NONE", "PARTIAL", "NULLIFY");
        assertThat(by.get("QUASI_IDENTIFIER").path("identifying").asBoolean()).isTrue();
        assertThat(by.get("BUSINESS").path("identifying").asBoolean()).isFalse();
        assertThat(by.get("BUSINESS").path("minimumGrade").asInt()).isEqualTo(1);
        assertThat(masks(by.get("PUBLIC"))).containsExactly("NONE", "NONE", "NONE", "NULLIFY");
    }

    static List<String> masks(JsonNode c) {
        List<String> out = new ArrayList<>();
        c.path("masksByGrade").forEach(m -> out.add(m.asString()));
        return out;
    }
}
