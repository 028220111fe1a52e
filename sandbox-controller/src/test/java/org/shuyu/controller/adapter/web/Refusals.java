package org.shuyu.controller.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.shuyu.controller.support.Api;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Asserts that a request was refused as unauthenticated: 401 problem+json, and a REFUSED audit record. */
final class Refusals {
    private final JdbcClient jdbc;

    Refusals(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Row(String actor, String action, String subjectId, String outcome, String code) {}

    /** The audit log's current tip; records after it belong to what the test does next. */
    long mark() {
        return jdbc.sql("SELECT last_seq FROM audit_head WHERE id = 1").query(Long.class).single();
    }

    List<Row> since(long mark) {
        return jdbc.sql("SELECT actor, action, subject_id, outcome, code FROM audit_log WHERE seq > ? ORDER BY seq")
                .param(mark)
                .query((rs, n) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)))
                .list();
    }

    void assertUnauthenticated(Api.Response response, long mark, String path) {
        assertThat(response.status()).as(response.toString()).isEqualTo(401);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.code()).isEqualTo("UNAUTHENTICATED");
        assertThat(response.text()).doesNotContain("access_token");
        assertThat(since(mark)).as("audit records after the refusal")
                .containsExactly(new Row("anonymous", "GET " + path, path, "REFUSED", "UNAUTHENTICATED"));
    }
}
