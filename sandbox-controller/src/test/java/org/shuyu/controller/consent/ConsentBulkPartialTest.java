package org.shuyu.controller.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.support.Api;
import org.shuyu.controller.support.PlatformTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Bulk consents with a row report (issue 19 item 8): {@code ?mode=partial} checks every line of a file of thousands of
 * subjects, applies the good rows in one transaction, and reports each refused line by number and code, never by
 * content: no refused line's subject or value reaches the response, the audit log or the consents table.
 */
@PlatformTest
@Tag("R-21b")
class ConsentBulkPartialTest {
    static final String PATH = "/api/v1/datasets/social.contributions/consents/bulk";
    /** A marker in every refused line's values: it must not come back anywhere. */
    static final String MARK = "Zqv9";
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

    Api.Response upload(String user, String query, String csv) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + PATH + query))
                .timeout(Duration.ofSeconds(300))
                .header("Authorization", "Bearer " + api.token(user))
                .header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(csv)).build();
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Api.Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
    }

    long consentsOf(String prefix) {
        return jdbc.sql("SELECT COUNT(*) FROM consents WHERE subject_id LIKE ?").param(prefix + "%").query(Long.class).single();
    }

    @Test
    void tenThousandRowsTheGoodAppliedTheBadReportedByLineAndCodeOnly() throws Exception {
        String run = "p" + Long.toString(System.nanoTime(), 36);
        StringBuilder csv = new StringBuilder("subjectId,granted,evidence\n");
        Map<Integer, String> expected = new TreeMap<>();
        int good = 0;
        int rows = 10_000;
        for (int i = 0; i < rows; i++) {
            int line = i + 2;
            String subject = run + "-" + i;
            if (i % 997 == 5) {
                csv.append(subject).append(",maybe").append(MARK).append(",form\n");
                expected.put(line, "CONSENT_ROW_GRANTED_INVALID");
            } else if (i % 1009 == 7) {
                csv.append(run).append(' ').append(MARK).append(i).append(",true,form\n");
                expected.put(line, "CONSENT_ROW_SUBJECT_INVALID");
            } else if (i % 1999 == 11) {
                csv.append(subject).append(",true\n");
                expected.put(line, "CONSENT_ROW_FIELD_COUNT");
            } else if (i == 4242) {
                csv.append(subject).append(",true,\"").append(MARK).append(" unclosed\n");
                expected.put(line, "CONSENT_ROW_QUOTING");
            } else if (i == 4243) {
                csv.append(subject).append(",false,  \n");
                expected.put(line, "CONSENT_ROW_EVIDENCE_INVALID");
            } else if (i == 6000 || i == 6001) {
                csv.append(run).append("-dup,").append(i == 6000).append(",form ").append(MARK).append('\n');
                expected.put(line, "CONSENT_ROW_DUPLICATE_SUBJECT");
            } else {
                // Every tenth good row is a withdrawal.
                csv.append(subject).append(',').append(i % 10 != 0).append(",signed form ").append(i).append('\n');
                good++;
            }
        }
        long auditFrom = jdbc.sql("SELECT COALESCE(MAX(seq), 0) FROM audit_log").query(Long.class).single();
        api.token("provider"); // the token outside the measurement
        long start = System.nanoTime();
        Api.Response response = upload("provider", "?mode=partial", csv.toString());
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode r = response.json();
        System.out.printf("consent partial upload: %d rows (%d refused) in %.2f s = %.0f rows/s%n", rows, expected.size(),
                seconds, rows / seconds);
        assertThat(r.path("mode").asString()).isEqualTo("partial");
        assertThat(r.path("rows").asInt()).isEqualTo(good);
        assertThat(r.path("refused").asInt()).isEqualTo(expected.size());
        assertThat(r.path("granted").asInt() + r.path("withdrawn").asInt()).isEqualTo(good);
        assertThat(r.path("withdrawn").asInt()).isPositive();
        Map<Integer, String> reported = new TreeMap<>();
        for (JsonNode line : r.path("refusedLines")) {
            reported.put(line.path("line").asInt(), line.path("code").asString());
            assertThat(line.path("field").asString()).isNotBlank();
            assertThat(line.path("reason").asString()).isNotBlank();
        }
        assertThat(reported).isEqualTo(expected);
        assertThat(consentsOf(run + "-")).isEqualTo(good);
        assertThat(consentsOf(run + "-dup")).as("neither line of a duplicated subject").isZero();

        // No refused line's content anywhere: the response, the audit records of this upload.
        assertThat(response.text()).doesNotContain(MARK).doesNotContain(run + "-dup");
        List<String> audit = jdbc.sql("SELECT detail || ' ' || subject_id || ' ' || action FROM audit_log WHERE seq > ?")
                .param(auditFrom).query(String.class).list();
        assertThat(audit).noneMatch(a -> a.contains(MARK) || a.contains(run + "-dup") || a.contains(run + " "));
        assertThat(audit).anyMatch(a -> a.contains("(partial)") && a.contains(expected.size() + " lines refused"));

        // Withdrawals in bulk: the same subjects withdrawn, in a partial upload with one bad line.
        StringBuilder withdraw = new StringBuilder("subjectId,granted,evidence\n");
        List<String> subjects = new ArrayList<>();
        for (int i = 1; i <= 50; i++) {
            subjects.add(run + "-" + i);
            withdraw.append(run).append('-').append(i).append(",false,withdrawal letter\n");
        }
        withdraw.append("x,no,withdrawal letter\n");
        Api.Response second = upload("provider", "?mode=partial", withdraw.toString());
        assertThat(second.status()).as(second.toString()).isEqualTo(200);
        // Every subject's record changes (a new evidence, or a first record for the lines refused above): all withdrawn.
        assertThat(second.json().path("withdrawn").asInt()).isEqualTo(subjects.size());
        assertThat(second.json().path("unchanged").asInt()).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM consents WHERE granted = FALSE AND evidence = 'withdrawal letter'"
                + " AND subject_id LIKE ?").param(run + "-%").query(Long.class).single()).isEqualTo(subjects.size());
        assertThat(second.json().path("refusedLines").get(0).path("line").asInt()).isEqualTo(52);
    }

    @Test
    void anUnknownModeOrANonConsentFileIsRefusedWholeAndAtomicStaysTheDefault() throws Exception {
        String run = "m" + Long.toString(System.nanoTime(), 36);
        String csv = "subjectId,granted,evidence\n" + run + "-1,true,form\n" + run + "-2,maybe,form\n";
        Api.Response mode = upload("provider", "?mode=lenient", csv);
        assertThat(mode.status()).isEqualTo(400);
        assertThat(mode.code()).isEqualTo("CONSENT_BULK_MODE_INVALID");
        Api.Response atomic = upload("provider", "", csv);
        assertThat(atomic.code()).isEqualTo("CONSENT_FILE_MALFORMED");
        Api.Response header = upload("provider", "?mode=partial", "subject,granted,evidence\n" + run + "-1,true,form\n");
        assertThat(header.code()).isEqualTo("CONSENT_FILE_MALFORMED");
        Api.Response empty = upload("provider", "?mode=partial", "subjectId,granted,evidence\n\n");
        assertThat(empty.code()).isEqualTo("CONSENT_FILE_EMPTY");
        assertThat(consentsOf(run)).isZero();
        Api.Response partial = upload("provider", "?mode=partial", csv);
        assertThat(partial.status()).isEqualTo(200);
        assertThat(consentsOf(run)).isEqualTo(1);
        assertThat(upload("engineer", "?mode=partial", csv).status()).isEqualTo(403);
    }
}
