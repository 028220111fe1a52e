package org.shuyu.controller.adapter.persistence;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.shuyu.controller.identity.Jurisdiction;
import org.shuyu.controller.identity.Role;
import org.shuyu.controller.notification.InboxEntry;
import org.shuyu.controller.notification.InboxStore;
import org.shuyu.controller.notification.Notice;
import org.shuyu.controller.notification.Recipient;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The inbox on V23 {@code notifications} and V24 {@code notification_reads}: a user's read mark is a row of the
 * latter, so a notice to a role is read or unread for each of its holders on their own.
 */
@Repository
public class JdbcInboxStore implements InboxStore {
    private static final String COLUMNS = "n.id, n.created_at, n.kind, n.recipient_user, n.recipient_role,"
            + " n.recipient_jurisdiction, n.subject_type, n.subject_id, n.summary, n.due_at, r.read_at AS my_read_at";
    private final JdbcClient jdbc;

    public JdbcInboxStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<InboxEntry> visible(String userId, Set<Role> roles, Optional<Jurisdiction> jurisdiction, boolean unreadOnly,
            int limit) {
        List<Object> params = new ArrayList<>();
        params.add(userId);
        String where = recipients(userId, roles, jurisdiction, params);
        params.add(limit);
        return jdbc.sql("SELECT " + COLUMNS + " FROM notifications n LEFT JOIN notification_reads r"
                        + " ON r.notification_id = n.id AND r.user_id = ? WHERE " + where
                        + (unreadOnly ? " AND r.read_at IS NULL" : "") + " ORDER BY n.id DESC LIMIT ?")
                .params(params).query(JdbcInboxStore::entry).list();
    }

    @Override
    public long unread(String userId, Set<Role> roles, Optional<Jurisdiction> jurisdiction) {
        List<Object> params = new ArrayList<>();
        params.add(userId);
        String where = recipients(userId, roles, jurisdiction, params);
        return jdbc.sql("SELECT count(*) FROM notifications n LEFT JOIN notification_reads r"
                        + " ON r.notification_id = n.id AND r.user_id = ? WHERE " + where + " AND r.read_at IS NULL")
                .params(params).query(Long.class).single();
    }

    /** The recipient condition: the user, or one of the roles in the jurisdiction (the same rule as Recipient.includes). */
    private static String recipients(String userId, Set<Role> roles, Optional<Jurisdiction> jurisdiction, List<Object> params) {
        params.add(userId);
        if (roles.isEmpty() || jurisdiction.isEmpty()) {
            return "n.recipient_user = ?";
        }
        roles.stream().map(Role::name).sorted().forEach(params::add);
        params.add(jurisdiction.get().code());
        return "(n.recipient_user = ? OR (n.recipient_role IN (" + String.join(", ", Collections.nCopies(roles.size(), "?"))
                + ") AND n.recipient_jurisdiction = ?))";
    }

    @Override
    public Optional<InboxEntry> find(long id, String userId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM notifications n LEFT JOIN notification_reads r"
                        + " ON r.notification_id = n.id AND r.user_id = ? WHERE n.id = ?")
                .params(userId, id).query(JdbcInboxStore::entry).optional();
    }

    @Override
    public void markRead(long id, String userId, Instant at) {
        Timestamp now = Timestamp.from(at);
        try {
            jdbc.sql("INSERT INTO notification_reads (notification_id, user_id, read_at)"
                            + " SELECT CAST(? AS BIGINT), CAST(? AS VARCHAR(128)), CAST(? AS TIMESTAMP WITH TIME ZONE) WHERE NOT EXISTS"
                            + " (SELECT 1 FROM notification_reads WHERE notification_id = ? AND user_id = ?)")
                    .params(id, userId, now, id, userId).update();
        } catch (DuplicateKeyException e) {
            return; // marked at the same moment by another request of the same user: the first mark stands
        }
        jdbc.sql("UPDATE notifications SET read_at = ? WHERE id = ? AND recipient_user = ? AND read_at IS NULL")
                .params(now, id, userId).update();
    }

    private static InboxEntry entry(ResultSet rs, int n) throws SQLException {
        String user = rs.getString("recipient_user");
        Recipient recipient = user != null ? Recipient.user(user)
                : Recipient.role(Role.valueOf(rs.getString("recipient_role")), new Jurisdiction(rs.getString("recipient_jurisdiction")));
        Notice notice = new Notice(rs.getString("kind"), recipient, rs.getString("subject_type"), rs.getString("subject_id"),
                rs.getString("summary"), Optional.ofNullable(instant(rs, "due_at")));
        return new InboxEntry(rs.getLong("id"), instant(rs, "created_at"), notice, Optional.ofNullable(instant(rs, "my_read_at")));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
