package org.shuyu.controller.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.shuyu.controller.support.LifecycleFixture.ok;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.demo.DemoData;
import org.shuyu.controller.support.Api;
import org.shuyu.controller.support.PlatformTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** The consent registry (R-21b): providers record consent and its withdrawal per subject; every change is audited. */
@PlatformTest
@Tag("R-21b")
class ConsentTest {
    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @Test
    void theDemoSubjectsWhoConsentedAreRegisteredAndTheOthersAreNot() {
        JsonNode page = ok(api.get("provider", "/api/v1/datasets/social.contributions/consents?limit=1000")).json();
        Set<String> consenting = new HashSet<>();
        page.forEach(c -> {
            if (c.path("granted").asBoolean()) {
                consenting.add(c.path("subjectId").asString());
            }
        });
        for (int p = 0; p < DemoData.PERSONS; p++) {
            assertThat(consenting.contains(DemoData.idNumber(p))).as("person " + p).isEqualTo(DemoData.consented(p));
        }
    }

    @Test
    void aProviderRecordsAndWithdrawsConsentAndEachChangeIsAudited() {
        String subject = "330203199001011234-" + System.nanoTime();
        String path = "/api/v1/datasets/social.contributions/consents/" + subject;
        JsonNode granted = ok(api.put("provider", path, Map.of("granted", true, "evidence", "signed form 2026-11-01"))).json();
        assertThat(granted.path("granted").asBoolean()).isTrue();
        assertThat(granted.path("recordedBy").asString()).isEqualTo("provider");
        JsonNode withdrawn = ok(api.put("admin", path, Map.of("granted", false, "evidence", "withdrawal letter"))).json();
        assertThat(withdrawn.path("granted").asBoolean()).isFalse();
        assertThat(jdbc.sql("SELECT action FROM audit_log WHERE subject_id = 'social.contributions' AND detail LIKE ? ORDER BY seq")
                .param("subject " + subject + ";%").query(String.class).list()).containsExactly("consent.grant", "consent.withdraw");
    }

    @Test
    void badConsentInputIsRefusedAndChangesNothing() {
        long before = jdbc.sql("SELECT COUNT(*) FROM consents").query(Long.class).single();
        Api.Response notPersonLevel = api.put("provider", "/api/v1/datasets/tax.payments/consents/someone",
                Map.of("granted", true, "evidence", "x"));
        assertThat(notPersonLevel.status()).isEqualTo(422);
        assertThat(notPersonLevel.code()).isEqualTo("NOT_PERSON_LEVEL");
        Api.Response noEvidence = api.put("provider", "/api/v1/datasets/social.contributions/consents/someone", Map.of("granted", true));
        assertThat(noEvidence.code()).isEqualTo("INVALID_REQUEST");
        Api.Response noGranted = api.put("provider", "/api/v1/datasets/social.contributions/consents/someone", Map.of("evidence", "x"));
        assertThat(noGranted.code()).isEqualTo("INVALID_REQUEST");
        Api.Response badSubject = api.put("provider", "/api/v1/datasets/social.contributions/consents/a%20b'c",
                Map.of("granted", true, "evidence", "x"));
        assertThat(badSubject.status()).isEqualTo(400);
        Api.Response unknown = api.put("provider", "/api/v1/datasets/no.such/consents/someone", Map.of("granted", true, "evidence", "x"));
        assertThat(unknown.status()).isEqualTo(404);
        Api.Response engineer = api.put("engineer", "/api/v1/datasets/social.contributions/consents/someone",
                Map.of("granted", true, "evidence", "x"));
        assertThat(engineer.status()).isEqualTo(403);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM consents").query(Long.class).single()).isEqualTo(before);
    }
}
