package org.shuyu.controller.adapter.persistence;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.shuyu.controller.audit.AuditEvent;
import org.shuyu.controller.audit.AuditHash;
import org.shuyu.controller.audit.AuditLog;
import org.shuyu.controller.audit.AuditRecord;
import org.shuyu.controller.config.IdGenerator;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit log on the controller's database. Every append locks the chain's head row, so records are
 * chained in commit order with gapless sequence numbers.
 */
@Component
public class JdbcAuditLog implements AuditLog {
    private final JdbcClient jdbc;
    private final Clock clock;
    private final IdGenerator ids;
    private final TransactionTemplate joinOrStart;
    private final TransactionTemplate ownTransaction;

    public JdbcAuditLog(JdbcClient jdbc, Clock clock, IdGenerator ids, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.ids = ids;
        this.joinOrStart = new TransactionTemplate(transactions);
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    @Override
    public AuditRecord append(AuditEvent event) {
        return joinOrStart.execute(status -> write(event));
    }

    @Override
    public AuditRecord appendRefusal(AuditEvent event) {
        return ownTransaction.execute(status -> write(event));
    }

    private AuditRecord write(AuditEvent event) {
        Head head = jdbc.sql("SELECT last_seq, last_hash FROM audit_head WHERE id = 1 FOR UPDATE")
                .query((rs, n) -> new Head(rs.getLong(1), rs.getString(2)))
                .single();
        Optional<String> accountable = event.organizationId().flatMap(this::accountablePerson);
        AuditRecord unsigned = new AuditRecord(
                head.seq() + 1,
                ids.next("aud"),
                clock.instant().truncatedTo(ChronoUnit.MICROS),
                event.actor(),
                String.join(",", new java.util.TreeSet<>(event.actorRoles())),
                event.action(),
                event.subjectType(),
                event.subjectId(),
                event.organizationId(),
                accountable,
                event.outcome(),
                event.code(),
                truncate(event.detail(), 8000),
                head.hash(),
                "");
        AuditRecord record = withHash(unsigned, AuditHash.of(unsigned));
        jdbc.sql("""
                INSERT INTO audit_log (seq, id, at, actor, actor_roles, action, subject_type, subject_id,
                    organization_id, accountable_person, outcome, code, detail, prev_hash, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(record.seq(), record.id(), Timestamp.from(record.at()), record.actor(), record.actorRoles(),
                        record.action(), record.subjectType(), record.subjectId(),
                        record.organizationId().orElse(null), record.accountablePerson().orElse(null),
                        record.outcome().name(), record.code().orElse(null), record.detail(), record.prevHash(),
                        record.hash())
                .update();
        jdbc.sql("UPDATE audit_head SET last_seq = ?, last_hash = ? WHERE id = 1")
                .params(record.seq(), record.hash())
                .update();
        return record;
    }

    private Optional<String> accountablePerson(String organizationId) {
        return jdbc.sql("SELECT accountable_user_id, accountable_name FROM organizations WHERE id = ?")
                .param(organizationId)
                .query((rs, n) -> rs.getString(1) + " (" + rs.getString(2) + ")")
                .optional();
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    private static AuditRecord withHash(AuditRecord r, String hash) {
        return new AuditRecord(r.seq(), r.id(), r.at(), r.actor(), r.actorRoles(), r.action(), r.subjectType(),
                r.subjectId(), r.organizationId(), r.accountablePerson(), r.outcome(), r.code(), r.detail(),
                r.prevHash(), hash);
    }

    private record Head(long seq, String hash) {}
}
