package org.shuyu.controller.adapter.notification;

import static java.util.Objects.requireNonNull;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.List;
import org.shuyu.controller.identity.Jurisdiction;
import org.shuyu.controller.identity.Role;
import org.shuyu.controller.notification.Notice;
import org.shuyu.controller.notification.Recipient;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The delivery side of V23 {@code notifications}: the rows still PENDING whose next attempt is due, and one statement
 * per outcome, each guarded by {@code delivery_state = 'PENDING'} so that a row settled once stays settled.
 */
public class NotificationOutbox {
    /** {@code notifications.delivery_state}. */
    public enum State { PENDING, DELIVERED, FAILED, NONE }

    private static final int MAX_ERROR = 500;
    private final JdbcClient jdbc;

    public NotificationOutbox(JdbcClient jdbc) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    /**
     * The first {@code limit} PENDING rows due at {@code now}, oldest first. A row whose next attempt lies beyond
     * {@code latest} (now plus the longest back-off) was stamped by a clock that has since stepped back: it is due too.
     */
    public List<OutgoingNotice> due(Instant now, Instant latest, int limit) {
        return jdbc.sql("SELECT id, created_at, kind, recipient_user, recipient_role, recipient_jurisdiction, subject_type,"
                        + " subject_id, summary, due_at, delivery_attempts FROM notifications WHERE delivery_state = 'PENDING'"
                        + " AND (next_attempt_at IS NULL OR next_attempt_at <= ? OR next_attempt_at > ?) ORDER BY id LIMIT ?")
                .params(ts(now), ts(latest), limit).query(NotificationOutbox::row).list();
    }

    public void delivered(long id, Instant at) {
        jdbc.sql("UPDATE notifications SET delivery_state = 'DELIVERED', delivered_at = ?, delivery_attempts = delivery_attempts + 1,"
                        + " next_attempt_at = NULL WHERE id = ? AND delivery_state = 'PENDING'")
                .params(ts(at), id).update();
    }

    /** Nowhere to deliver to: the notice stays in the inbox only. */
    public void none(long id) {
        jdbc.sql("UPDATE notifications SET delivery_state = 'NONE', next_attempt_at = NULL WHERE id = ? AND delivery_state = 'PENDING'")
                .param(id).update();
    }

    public void retry(long id, Instant next, String error) {
        jdbc.sql("UPDATE notifications SET delivery_attempts = delivery_attempts + 1, next_attempt_at = ?, last_error = ?"
                        + " WHERE id = ? AND delivery_state = 'PENDING'")
                .params(ts(next), truncate(error), id).update();
    }

    public void failed(long id, String error) {
        jdbc.sql("UPDATE notifications SET delivery_state = 'FAILED', delivery_attempts = delivery_attempts + 1,"
                        + " next_attempt_at = NULL, last_error = ? WHERE id = ? AND delivery_state = 'PENDING'")
                .params(truncate(error), id).update();
    }

    public long count(State state) {
        return jdbc.sql("SELECT count(*) FROM notifications WHERE delivery_state = ?").param(state.name()).query(Long.class).single();
    }

    private static OutgoingNotice row(ResultSet rs, int n) throws SQLException {
        String user = rs.getString("recipient_user");
        Recipient recipient = user != null ? Recipient.user(user)
                : Recipient.role(Role.valueOf(rs.getString("recipient_role")), new Jurisdiction(rs.getString("recipient_jurisdiction")));
        Timestamp due = rs.getTimestamp("due_at");
        Notice notice = new Notice(rs.getString("kind"), recipient, rs.getString("subject_type"), rs.getString("subject_id"),
                rs.getString("summary"), Optional.ofNullable(due).map(Timestamp::toInstant));
        return new OutgoingNotice(rs.getLong("id"), rs.getTimestamp("created_at").toInstant(), notice, rs.getInt("delivery_attempts"));
    }

    private static String truncate(String error) {
        String e = error == null ? "unknown error" : error;
        return e.length() > MAX_ERROR ? e.substring(0, MAX_ERROR - 3) + "..." : e;
    }

    private static Timestamp ts(Instant instant) {
        return Timestamp.from(instant);
    }
}
