package org.shuyu.controller.announcement;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.support.Api;
import org.shuyu.controller.support.PlatformTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

@PlatformTest
class AnnouncementTest {
    private static final String RUN = Long.toString(System.nanoTime(), 36);

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private Api api() {
        return new Api(port);
    }

    private static Map<String, Object> call(String title, String jurisdiction, List<String> domains, String opens, String closes) {
        Map<String, Object> body = new HashMap<>();
        body.put("title", title);
        body.put("body", "The data authority invites applications for authorized operation of public data.");
        body.put("conditions", "Registered in Ningbo; a data security officer; ISO 27001 or equivalent.");
        body.put("priorityDomains", domains);
        body.put("jurisdiction", jurisdiction);
        body.put("opensOn", opens);
        body.put("closesOn", closes);
        return body;
    }

    private int stored(String title) {
        return jdbc.sql("SELECT count(*) FROM announcements WHERE title = ?").param(title).query(Integer.class).single();
    }

    @Test
    @Tag("R-11")
    @Tag("R-24d")
    void authorityPublishesACallWithConditionsAndPriorityDomainsThatEveryoneCanRead() {
        String title = "2027 call " + RUN;

        Api.Response created = api().post("admin", "/api/v1/announcements",
                call(title, "330200", List.of("STRATEGIC_INDUSTRY", "LIVELIHOOD"), "2027-01-01", "2027-03-31"));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().path("id").asString();
        Api.Response list = api().get("applicant", "/api/v1/announcements");
        assertThat(list.status()).isEqualTo(200);
        List<String> domains = new ArrayList<>();
        list.json().forEach(a -> {
            if (a.path("id").asString().equals(id)) {
                assertThat(a.path("conditions").asString()).contains("Registered in Ningbo");
                assertThat(a.path("jurisdiction").asString()).isEqualTo("330200");
                assertThat(a.path("closesOn").asString()).isEqualTo("2027-03-31");
                a.path("priorityDomains").forEach(d -> domains.add(d.asString()));
            }
        });
        assertThat(domains).containsExactly("LIVELIHOOD", "STRATEGIC_INDUSTRY");
        assertThat(jdbc.sql("SELECT count(*) FROM audit_log WHERE action = 'announcement.publish' AND subject_id = ?")
                .param(id).query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    @Tag("R-11")
    @Tag("R-06")
    void countyAuthorityPublishesOnlyForItsCounty() {
        String own = "Yinzhou call " + RUN;
        assertThat(api().post("county-admin", "/api/v1/announcements",
                call(own, "330212", List.of("SOCIAL_NEED"), "2027-01-01", "2027-02-01")).status()).isEqualTo(201);

        for (String jurisdiction : List.of("330200", "330211")) {
            String title = "county call for " + jurisdiction + " " + RUN;
            Api.Response refused = api().post("county-admin", "/api/v1/announcements",
                    call(title, jurisdiction, List.of("SOCIAL_NEED"), "2027-01-01", "2027-02-01"));
            assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
            assertThat(refused.code()).isEqualTo("OUTSIDE_JURISDICTION");
            assertThat(stored(title)).isZero();
        }
    }

    @Test
    @Tag("R-11")
    @Tag("R-06")
    void onlyTheAuthorityPublishes() {
        String title = "applicant call " + RUN;

        Api.Response refused = api().post("applicant", "/api/v1/announcements",
                call(title, "330200", List.of("LIVELIHOOD"), "2027-01-01", "2027-02-01"));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.code()).isEqualTo("FORBIDDEN_ROLE");
        assertThat(stored(title)).isZero();
    }

    @Test
    @Tag("R-11")
    void invalidCallsAreRefusedWithCodes() {
        String sameDay = "same day " + RUN;
        Api.Response period = api().post("admin", "/api/v1/announcements",
                call(sameDay, "330200", List.of("LIVELIHOOD"), "2027-01-01", "2027-01-01"));
        assertThat(period.status()).isEqualTo(400);
        assertThat(period.code()).isEqualTo("INVALID_PERIOD");

        String unknownDomain = "unknown domain " + RUN;
        Api.Response domain = api().post("admin", "/api/v1/announcements",
                call(unknownDomain, "330200", List.of("TOURISM"), "2027-01-01", "2027-02-01"));
        assertThat(domain.status()).isEqualTo(400);
        assertThat(domain.code()).isEqualTo("INVALID_REQUEST");

        String noDomain = "no domain " + RUN;
        Api.Response none = api().post("admin", "/api/v1/announcements",
                call(noDomain, "330200", List.of(), "2027-01-01", "2027-02-01"));
        assertThat(none.status()).isEqualTo(400);
        assertThat(none.code()).isEqualTo("INVALID_REQUEST");

        assertThat(stored(sameDay) + stored(unknownDomain) + stored(noDomain)).isZero();
    }
}
