package org.shuyu.controller.adapter.openlineage;

import static java.util.Objects.requireNonNull;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The export's outbox table ({@code openlineage_outbox}, V22), the pattern of the Atlas outbox (docs/atlas.md):
 * {@link #enqueue} joins the caller's transaction, so an event exists exactly when the lineage it describes was
 * committed; the deliverer's calls are one statement each. Rows are delivered by id and never deleted undelivered.
 */
public class OpenLineageOutbox {
    public enum State { PENDING, DELIVERED, FAILED }

    /** A row waiting for delivery: the event as JSON. */
    public record Row(long id, String jobId, String eventType, String payload, int attempts, Instant nextAttemptAt) {
        public Row {
            requireNonNull(jobId, "jobId is null");
            requireNonNull(eventType, "eventType is null");
            requireNonNull(payload, "payload is null");
            requireNonNull(nextAttemptAt, "nextAttemptAt is null");
        }
    }

    /** What the status endpoint shows. */
    public record Status(long pending, Optional<Instant> oldestPendingAt, int headAttempts, long failed, long delivered,
            Optional<String> lastError, Optional<Instant> lastErrorAt, Optional<Instant> lastDeliveredAt) {
        public Status {
            requireNonNull(oldestPendingAt, "oldestPendingAt is null");
            requireNonNull(lastError, "lastError is null");
            requireNonNull(lastErrorAt, "lastErrorAt is null");
            requireNonNull(lastDeliveredAt, "lastDeliveredAt is null");
        }
    }

    private static final int MAX_ERROR = 2000;
    private final JdbcClient jdbc;

    public OpenLineageOutbox(JdbcClient jdbc) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    /** Adds an event in the caller's transaction. */
    public void enqueue(String jobId, String eventType, String payload, Instant now) {
        jdbc.sql("INSERT INTO openlineage_outbox (created_at, job_id, event_type, payload, state, attempts, next_attempt_at)"
                        + " VALUES (?, ?, ?, ?, 'PENDING', 0, ?)")
                .params(ts(now), jobId, eventType, payload, ts(now)).update();
    }

    /** Records an event that could not be built: FAILED at once, with the error, an empty object as its payload. */
    public void enqueueFailed(String jobId, String eventType, Instant now, String error) {
        jdbc.sql("INSERT INTO openlineage_outbox (created_at, job_id, event_type, payload, state, attempts, next_attempt_at,"
                        + " last_attempt_at, last_error) VALUES (?, ?, ?, '{}', 'FAILED', 0, ?, ?, ?)")
                .params(ts(now), jobId, eventType, ts(now), ts(now), truncate(error)).update();
    }

    /** The first {@code limit} undelivered rows, by id: the order of delivery. */
    public List<Row> pending(int limit) {
        return jdbc.sql("SELECT id, job_id, event_type, payload, attempts, next_attempt_at FROM openlineage_outbox"
                        + " WHERE state = 'PENDING' ORDER BY id LIMIT ?")
                .param(limit).query(OpenLineageOutbox::row).list();
    }

    /** Every event of a job in order (tests and operators: what was exported for it). */
    public List<Row> ofJob(String jobId) {
        return jdbc.sql("SELECT id, job_id, event_type, payload, attempts, next_attempt_at FROM openlineage_outbox"
                        + " WHERE job_id = ? ORDER BY id")
                .param(jobId).query(OpenLineageOutbox::row).list();
    }

    public void delivered(List<Long> ids, Instant at) {
        if (ids.isEmpty()) {
            return;
        }
        List<Object> params = new ArrayList<>();
        params.add(ts(at));
        params.add(ts(at));
        params.addAll(ids);
        jdbc.sql("UPDATE openlineage_outbox SET state = 'DELIVERED', delivered_at = ?, last_attempt_at = ?, attempts = attempts + 1"
                        + " WHERE state = 'PENDING' AND id IN (" + String.join(", ", Collections.nCopies(ids.size(), "?")) + ")")
                .params(params).update();
    }

    public void retry(long id, Instant at, Instant next, String error) {
        jdbc.sql("UPDATE openlineage_outbox SET attempts = attempts + 1, last_attempt_at = ?, next_attempt_at = ?, last_error = ?"
                        + " WHERE id = ? AND state = 'PENDING'")
                .params(ts(at), ts(next), truncate(error), id).update();
    }

    public void failed(long id, Instant at, String error) {
        jdbc.sql("UPDATE openlineage_outbox SET state = 'FAILED', attempts = attempts + 1, last_attempt_at = ?, last_error = ?"
                        + " WHERE id = ? AND state = 'PENDING'")
                .params(ts(at), truncate(error), id).update();
    }

    public int pruneDelivered(Instant before) {
        return jdbc.sql("DELETE FROM openlineage_outbox WHERE state = 'DELIVERED' AND delivered_at < ?").param(ts(before)).update();
    }

    public long count(State state) {
        return jdbc.sql("SELECT count(*) FROM openlineage_outbox WHERE state = ?").param(state.name()).query(Long.class).single();
    }

    public Status status() {
        Optional<Integer> headAttempts = jdbc.sql("SELECT attempts FROM openlineage_outbox WHERE state = 'PENDING' ORDER BY id LIMIT 1")
                .query(Integer.class).optional();
        Optional<Instant> oldest = jdbc.sql("SELECT min(created_at) FROM openlineage_outbox WHERE state = 'PENDING'")
                .query((rs, n) -> Optional.ofNullable(instantOrNull(rs, 1))).single();
        record ErrorAt(String error, Instant at) {}
        Optional<ErrorAt> error = jdbc.sql("SELECT last_error, last_attempt_at FROM openlineage_outbox WHERE last_error IS NOT NULL"
                        + " ORDER BY last_attempt_at DESC, id DESC LIMIT 1")
                .query((rs, n) -> new ErrorAt(rs.getString(1), instantOrNull(rs, 2))).optional();
        Optional<Instant> lastDelivered = jdbc.sql("SELECT max(delivered_at) FROM openlineage_outbox WHERE state = 'DELIVERED'")
                .query((rs, n) -> Optional.ofNullable(instantOrNull(rs, 1))).single();
        return new Status(count(State.PENDING), oldest, headAttempts.orElse(0), count(State.FAILED), count(State.DELIVERED),
                error.map(ErrorAt::error), error.map(ErrorAt::at), lastDelivered);
    }

    private static Row row(ResultSet rs, int n) throws SQLException {
        return new Row(rs.getLong("id"), rs.getString("job_id"), rs.getString("event_type"), rs.getString("payload"),
                rs.getInt("attempts"), rs.getTimestamp("next_attempt_at").toInstant());
    }

    private static String truncate(String error) {
        String e = error == null ? "unknown error" : error;
        return e.length() > MAX_ERROR ? e.substring(0, MAX_ERROR - 3) + "..." : e;
    }

    private static Timestamp ts(Instant instant) {
        return Timestamp.from(instant);
    }

    private static Instant instantOrNull(ResultSet rs, int column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
