package org.shuyu.controller.adapter.persistence;

import java.sql.Timestamp;
import java.time.Clock;
import org.shuyu.controller.notification.Notice;
import org.shuyu.controller.notification.Notifications;
import org.shuyu.controller.notification.Recipient;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Notices on the controller's database (V23 {@code notifications}), inserted on the caller's connection so that they
 * commit with the transition that sends them. Delivery state starts PENDING; the outbox deliverer takes it from there.
 */
@Repository
public class JdbcNotifications implements Notifications {
    private final JdbcClient jdbc;
    private final Clock clock;

    public JdbcNotifications(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public void send(Notice notice) {
        String user = null;
        String role = null;
        String jurisdiction = null;
        if (notice.recipient() instanceof Recipient.User u) {
            user = u.userId();
        } else if (notice.recipient() instanceof Recipient.Holders h) {
            role = h.role().name();
            jurisdiction = h.jurisdiction().code();
        }
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.sql("""
                INSERT INTO notifications (created_at, kind, recipient_user, recipient_role, recipient_jurisdiction,
                    subject_type, subject_id, summary, due_at, delivery_state, next_attempt_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', ?)""")
                .params(now, notice.kind(), user, role, jurisdiction, notice.subjectType(), notice.subjectId(),
                        notice.summary(), notice.due().map(Timestamp::from).orElse(null), now)
                .update();
    }
}
