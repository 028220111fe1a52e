package org.shuyu.controller.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.support.Api;
import org.shuyu.controller.support.PlatformTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** A consent file (CSV) applied all or nothing, idempotent per subject, audited (R-21b, issue 18). */
@PlatformTest
@Tag("R-21b")
class ConsentBulkTest {
    static final String PATH = "/api/v1/datasets/social.contributions/consents/bulk";
    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    Api api;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    Api.Response upload(String user, String path, String csv) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + api.token(user))
                .header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(csv)).build();
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Api.Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
    }

    long consents() {
        return jdbc.sql("SELECT COUNT(*) FROM consents").query(Long.class).single();
    }

    @Test
    void aFileIsAppliedWholeCountedAuditedAndASecondUploadChangesNothing() throws Exception {
        String run = Long.toString(System.nanoTime(), 36);
        String csv = "subjectId,granted,evidence\r\n"
                + "bulk-" + run + "-1,true,signed form 2026-11-01\r\n"
                + "bulk-" + run + "-2,false,\"withdrawal letter, 2026-11-02\"\r\n"
                + "\r\n"
                + "bulk-" + run + "-3,TRUE,\"form \"\"B\"\"\"\r\n";
        Api.Response first = upload("provider", PATH, csv);
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        JsonNode r = first.json();
        assertThat(r.path("rows").asInt()).isEqualTo(3);
        assertThat(r.path("granted").asInt()).isEqualTo(2);
        assertThat(r.path("withdrawn").asInt()).isEqualTo(1);
        assertThat(r.path("unchanged").asInt()).isZero();
        assertThat(r.path("sha256").asString()).hasSize(64);
        assertThat(jdbc.sql("SELECT evidence FROM consents WHERE subject_id = ?").param("bulk-" + run + "-3")
                .query(String.class).single()).isEqualTo("form \"B\"");
        assertThat(jdbc.sql("SELECT granted FROM consents WHERE subject_id = ?").param("bulk-" + run + "-2")
                .query(Boolean.class).single()).isFalse();
        List<String> actions = jdbc.sql("SELECT action FROM audit_log WHERE subject_id = 'social.contributions'"
                + " AND (detail LIKE ? OR detail LIKE ?) ORDER BY seq")
                .params("subject bulk-" + run + "-%", "consent file sha256 " + r.path("sha256").asString() + "%")
                .query(String.class).list();
        assertThat(actions).containsExactly("consent.grant", "consent.withdraw", "consent.grant", "consent.bulk");

        long before = consents();
        Api.Response again = upload("admin", PATH, csv);
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        assertThat(again.json().path("unchanged").asInt()).isEqualTo(3);
        assertThat(again.json().path("granted").asInt()).isZero();
        assertThat(consents()).isEqualTo(before);
        assertThat(jdbc.sql("SELECT recorded_by FROM consents WHERE subject_id = ?").param("bulk-" + run + "-1")
                .query(String.class).single()).isEqualTo("provider");
    }

    @Test
    void aBadLineRefusesTheWholeFileWithItsLineNumber() throws Exception {
        String run = Long.toString(System.nanoTime(), 36);
        long before = consents();
        Api.Response badGranted = upload("provider", PATH, "subjectId,granted,evidence\nok-" + run + ",true,form\n"
                + "bad-" + run + ",maybe,form\n");
        assertThat(badGranted.status()).isEqualTo(400);
        assertThat(badGranted.code()).isEqualTo("CONSENT_FILE_MALFORMED");
        assertThat(badGranted.json().path("detail").asString()).startsWith("line 3:");
        Api.Response fields = upload("provider", PATH, "subjectId,granted,evidence\nx-" + run + ",true\n");
        assertThat(fields.code()).isEqualTo("CONSENT_FILE_MALFORMED");
        assertThat(fields.json().path("detail").asString()).startsWith("line 2:");
        Api.Response header = upload("provider", PATH, "subject,granted,evidence\nx,true,form\n");
        assertThat(header.code()).isEqualTo("CONSENT_FILE_MALFORMED");
        assertThat(header.json().path("detail").asString()).startsWith("line 1:");
        Api.Response quote = upload("provider", PATH, "subjectId,granted,evidence\nx,true,\"open\n");
        assertThat(quote.code()).isEqualTo("CONSENT_FILE_MALFORMED");
        Api.Response subject = upload("provider", PATH, "subjectId,granted,evidence\na b,true,form\n");
        assertThat(subject.code()).isEqualTo("CONSENT_FILE_MALFORMED");
        Api.Response evidence = upload("provider", PATH, "subjectId,granted,evidence\nab,true,  \n");
        assertThat(evidence.code()).isEqualTo("CONSENT_FILE_MALFORMED");
        Api.Response duplicate = upload("provider", PATH, "subjectId,granted,evidence\nd-" + run + ",true,a\nd-" + run + ",false,b\n");
        assertThat(duplicate.code()).isEqualTo("CONSENT_FILE_DUPLICATE_SUBJECT");
        assertThat(duplicate.json().path("detail").asString()).startsWith("line 3:").contains("line 2");
        Api.Response empty = upload("provider", PATH, "subjectId,granted,evidence\n");
        assertThat(empty.code()).isEqualTo("CONSENT_FILE_EMPTY");
        StringBuilder big = new StringBuilder("subjectId,granted,evidence\n");
        for (int i = 0; i <= ConsentFile.MAX_ROWS; i++) {
            big.append("big-").append(run).append('-').append(i).append(",true,form\n");
        }
        Api.Response tooLarge = upload("provider", PATH, big.toString());
        assertThat(tooLarge.code()).isEqualTo("CONSENT_FILE_TOO_LARGE");
        assertThat(consents()).isEqualTo(before);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE action = 'consent.grant' AND detail LIKE ?")
                .param("subject ok-" + run + "%").query(Long.class).single()).isZero();
    }

    @Test
    void onlyProvidersAndTheAuthorityUploadAndOnlyForPersonLevelDatasets() throws Exception {
        String csv = "subjectId,granted,evidence\nsomeone,true,form\n";
        long before = consents();
        assertThat(upload("engineer", PATH, csv).status()).isEqualTo(403);
        assertThat(upload("security", PATH, csv).status()).isEqualTo(403);
        Api.Response notPersonLevel = upload("provider", "/api/v1/datasets/tax.payments/consents/bulk", csv);
        assertThat(notPersonLevel.code()).isEqualTo("NOT_PERSON_LEVEL");
        assertThat(upload("provider", "/api/v1/datasets/no.such/consents/bulk", csv).status()).isEqualTo(404);
        assertThat(consents()).isEqualTo(before);
    }
}
