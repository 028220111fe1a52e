package org.shuyu.controller.adapter.persistence;

import static java.util.Objects.requireNonNull;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.shuyu.controller.audit.AuditEvent;
import org.shuyu.controller.audit.AuditPage;
import org.shuyu.controller.audit.AuditQuery;
import org.shuyu.controller.audit.AuditRecord;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The audit log's searching side: filters by actor, subject and time, pages by sequence number (keyset paging). */
final class AuditLogSearch {
    private final JdbcClient jdbc;

    AuditLogSearch(DataSource dataSource) {
        this.jdbc = JdbcClient.create(requireNonNull(dataSource, "dataSource is null"));
    }

    /** One page after {@code query.after()}; the next page's cursor when more records match. */
    AuditPage search(AuditQuery query) {
        StringBuilder sql = new StringBuilder("SELECT " + JdbcAuditLog.COLUMNS + " FROM audit_log WHERE seq > ?");
        List<Object> parameters = new ArrayList<>();
        parameters.add(query.after());
        query.actor().ifPresent(actor -> {
            sql.append(" AND actor = ?");
            parameters.add(actor);
        });
        query.subject().ifPresent(subject -> {
            sql.append(" AND subject_id = ?");
            parameters.add(subject);
        });
        query.from().ifPresent(from -> {
            sql.append(" AND at >= ?");
            parameters.add(Timestamp.from(from));
        });
        query.to().ifPresent(to -> {
            sql.append(" AND at < ?");
            parameters.add(Timestamp.from(to));
        });
        sql.append(" ORDER BY seq LIMIT ?");
        parameters.add(query.limit() + 1);
        List<AuditRecord> found = jdbc.sql(sql.toString()).params(parameters).query((rs, n) -> record(rs)).list();
        if (found.size() > query.limit()) {
            List<AuditRecord> page = found.subList(0, query.limit());
            return new AuditPage(page, Optional.of(page.get(page.size() - 1).seq()));
        }
        return new AuditPage(found, Optional.empty());
    }

    private static AuditRecord record(ResultSet rs) throws SQLException {
        return new AuditRecord(
                rs.getLong(1),
                rs.getString(2),
                rs.getObject(3, OffsetDateTime.class).toInstant(),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                rs.getString(8),
                Optional.ofNullable(rs.getString(9)),
                Optional.ofNullable(rs.getString(10)),
                AuditEvent.Outcome.valueOf(rs.getString(11)),
                Optional.ofNullable(rs.getString(12)),
                rs.getString(13),
                rs.getString(14),
                rs.getString(15));
    }
}
