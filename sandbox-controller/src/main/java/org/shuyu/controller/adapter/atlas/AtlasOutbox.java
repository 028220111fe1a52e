package org.shuyu.controller.adapter.atlas;

import static java.util.Objects.requireNonNull;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The mirror's outbox table ({@code atlas_outbox}, V8). {@link #enqueue} joins the caller's transaction (JdbcClient
 * on the application's DataSource takes part in Spring's transaction), so a row exists exactly when the lineage it
 * mirrors was committed. Everything else is one statement in its own transaction, called by the deliverer.
 */
public class AtlasOutbox {
    public enum State { PENDING, DELIVERED, FAILED }

    /** A row waiting for delivery. */
    public record Row(long id, AtlasRequest request, int attempts, Instant nextAttemptAt) {
        public Row {
            requireNonNull(request, "request is null");
            requireNonNull(nextAttemptAt, "nextAttemptAt is null");
        }
    }

    /** What the status endpoint shows. */
    public record Status(long pending, Optional<Instant> oldestPendingAt, int headAttempts, long failed,
            Optional<String> lastError, Optional<Instant> lastErrorAt, Optional<Instant> lastDeliveredAt, long delivered) {
        public Status {
            requireNonNull(oldestPendingAt, "oldestPendingAt is null");
            requireNonNull(lastError, "lastError is null");
            requireNonNull(lastErrorAt, "lastErrorAt is null");
            requireNonNull(lastDeliveredAt, "lastDeliveredAt is null");
        }
    }

    private static final int MAX_ERROR = 2000;
    private final JdbcClient jdbc;

    public AtlasOutbox(JdbcClient jdbc) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    /** Adds the rows in order, in the caller's transaction; {@code outputs} go with the first row. */
    public void enqueue(List<AtlasRequest> requests, List<String> outputs, Instant now) {
        boolean first = true;
        for (AtlasRequest request : requests) {
            jdbc.sql("INSERT INTO atlas_outbox (created_at, kind, subject, payload, outputs, state, attempts, next_attempt_at)"
                            + " VALUES (?, ?, ?, ?, ?, 'PENDING', 0, ?)")
                    .params(ts(now), request.kind().name(), request.subject(), request.body(),
                            first && !outputs.isEmpty() ? String.join("\n", outputs) : null, ts(now))
                    .update();
            first = false;
        }
    }

    /** The output datasets recorded with the process's START ({@code name:KIND}), empty when none or pruned. */
    public List<String> outputsOf(String subject) {
        return jdbc.sql("SELECT outputs FROM atlas_outbox WHERE subject = ? AND outputs IS NOT NULL ORDER BY id")
                .param(subject).query((rs, n) -> rs.getString(1)).list().stream()
                .flatMap(s -> Arrays.stream(s.split("\n"))).filter(s -> !s.isBlank()).distinct().toList();
    }

    /** The first {@code limit} undelivered rows, by id: the order of delivery. */
    public List<Row> pending(int limit) {
        return jdbc.sql("SELECT id, kind, subject, payload, attempts, next_attempt_at FROM atlas_outbox"
                        + " WHERE state = 'PENDING' ORDER BY id LIMIT ?")
                .param(limit).query(AtlasOutbox::row).list();
    }

    /** Marks rows delivered, in one statement (a pass marks what it sent together: a crash before means a resend). */
    public void delivered(List<Long> ids, Instant at) {
        if (ids.isEmpty()) {
            return;
        }
        String marks = String.join(", ", Collections.nCopies(ids.size(), "?"));
        List<Object> params = new ArrayList<>();
        params.add(ts(at));
        params.add(ts(at));
        params.addAll(ids);
        jdbc.sql("UPDATE atlas_outbox SET state = 'DELIVERED', delivered_at = ?, last_attempt_at = ?, attempts = attempts + 1"
                        + " WHERE state = 'PENDING' AND id IN (" + marks + ")")
                .params(params).update();
    }

    /** A failed attempt to be retried at {@code next}. */
    public void retry(long id, Instant at, Instant next, String error) {
        jdbc.sql("UPDATE atlas_outbox SET attempts = attempts + 1, last_attempt_at = ?, next_attempt_at = ?, last_error = ?"
                        + " WHERE id = ? AND state = 'PENDING'")
                .params(ts(at), ts(next), truncate(error), id).update();
    }

    /** Atlas refused the payload for good: kept, with the error, for an operator; delivery goes on with the next row. */
    public void failed(long id, Instant at, String error) {
        jdbc.sql("UPDATE atlas_outbox SET state = 'FAILED', attempts = attempts + 1, last_attempt_at = ?, failed_at = ?, last_error = ?"
                        + " WHERE id = ? AND state = 'PENDING'")
                .params(ts(at), ts(at), truncate(error), id).update();
    }

    /** Deletes delivered rows delivered before {@code before}; never a pending or failed one. */
    public int pruneDelivered(Instant before) {
        return jdbc.sql("DELETE FROM atlas_outbox WHERE state = 'DELIVERED' AND delivered_at < ?").param(ts(before)).update();
    }

    public long count(State state) {
        return jdbc.sql("SELECT count(*) FROM atlas_outbox WHERE state = ?").param(state.name()).query(Long.class).single();
    }

    public Status status() {
        long pending = count(State.PENDING);
        Optional<Head> head = jdbc.sql("SELECT created_at, attempts FROM atlas_outbox WHERE state = 'PENDING' ORDER BY id LIMIT 1")
                .query((rs, n) -> new Head(instant(rs, 1), rs.getInt(2))).optional();
        Optional<Instant> oldest = jdbc.sql("SELECT min(created_at) FROM atlas_outbox WHERE state = 'PENDING'")
                .query((rs, n) -> Optional.ofNullable(instantOrNull(rs, 1))).single();
        Optional<ErrorAt> error = jdbc.sql("SELECT last_error, last_attempt_at FROM atlas_outbox WHERE last_error IS NOT NULL"
                        + " ORDER BY last_attempt_at DESC, id DESC LIMIT 1")
                .query((rs, n) -> new ErrorAt(rs.getString(1), instant(rs, 2))).optional();
        Optional<Instant> lastDelivered = jdbc.sql("SELECT max(delivered_at) FROM atlas_outbox WHERE state = 'DELIVERED'")
                .query((rs, n) -> Optional.ofNullable(instantOrNull(rs, 1))).single();
        return new Status(pending, oldest, head.map(Head::attempts).orElse(0), count(State.FAILED),
                error.map(ErrorAt::error), error.map(ErrorAt::at), lastDelivered, count(State.DELIVERED));
    }

    private record Head(Instant createdAt, int attempts) {}

    private record ErrorAt(String error, Instant at) {}

    private static Row row(ResultSet rs, int n) throws SQLException {
        return new Row(rs.getLong("id"),
                new AtlasRequest(AtlasRequest.Kind.valueOf(rs.getString("kind")), rs.getString("subject"), rs.getString("payload")),
                rs.getInt("attempts"), instant(rs, "next_attempt_at"));
    }

    private static String truncate(String error) {
        String e = error == null ? "unknown error" : error;
        return e.length() > MAX_ERROR ? e.substring(0, MAX_ERROR - 3) + "..." : e;
    }

    private static Timestamp ts(Instant instant) {
        return Timestamp.from(instant);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getTimestamp(column).toInstant();
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        return rs.getTimestamp(column).toInstant();
    }

    private static Instant instantOrNull(ResultSet rs, int column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
