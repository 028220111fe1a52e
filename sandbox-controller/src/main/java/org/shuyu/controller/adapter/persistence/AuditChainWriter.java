package org.shuyu.controller.adapter.persistence;

import static java.util.Objects.requireNonNull;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.shuyu.controller.audit.AuditAnchor;
import org.shuyu.controller.audit.AuditEvent;
import org.shuyu.controller.audit.AuditHash;
import org.shuyu.controller.audit.AuditRecord;
import org.shuyu.controller.config.IdGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The audit log's appending side: chains events onto the head under one lock of the head row, in the caller's
 * transaction, and moves the {@link AuditAnchor} outside the database to the new head once that transaction committed.
 */
final class AuditChainWriter {
    private static final Logger log = LoggerFactory.getLogger(AuditChainWriter.class);
    private static final String INSERT = "INSERT INTO audit_log (" + JdbcAuditLog.COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final int MAX_DETAIL = 8000;

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final Clock clock;
    private final IdGenerator ids;
    private final AuditAnchor anchor;
    private volatile Optional<String> anchorFailure = Optional.empty();

    AuditChainWriter(DataSource dataSource, Clock clock, IdGenerator ids, AuditAnchor anchor) {
        this.jdbc = JdbcClient.create(requireNonNull(dataSource, "dataSource is null"));
        this.batch = new JdbcTemplate(dataSource);
        this.clock = requireNonNull(clock, "clock is null");
        this.ids = requireNonNull(ids, "ids is null");
        this.anchor = requireNonNull(anchor, "anchor is null");
    }

    /** Appends events in order under one lock of the chain head, in the current transaction. */
    List<AuditRecord> write(List<AuditEvent> events) {
        Head head = jdbc.sql("SELECT last_seq, last_hash FROM audit_head WHERE id = 1 FOR UPDATE")
                .query((rs, n) -> new Head(rs.getLong(1), rs.getString(2)))
                .single();
        Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Map<String, Optional<String>> accountable = new HashMap<>();
        List<AuditRecord> records = new ArrayList<>(events.size());
        long seq = head.seq();
        String prevHash = head.hash();
        for (AuditEvent event : events) {
            Optional<String> person = event.organizationId()
                    .flatMap(org -> accountable.computeIfAbsent(org, this::accountablePerson));
            AuditRecord unsigned = new AuditRecord(
                    ++seq,
                    ids.next("aud"),
                    at,
                    event.actor(),
                    String.join(",", new TreeSet<>(event.actorRoles())),
                    event.action(),
                    event.subjectType(),
                    event.subjectId(),
                    event.organizationId(),
                    person,
                    event.outcome(),
                    event.code(),
                    truncate(event.detail(), MAX_DETAIL),
                    prevHash,
                    "");
            AuditRecord record = withHash(unsigned, AuditHash.of(unsigned));
            records.add(record);
            prevHash = record.hash();
        }
        if (records.size() == 1) {
            jdbc.sql(INSERT).params(parameters(records.get(0))).update();
        } else {
            batch.batchUpdate(INSERT, records.stream().map(AuditChainWriter::parameters).toList());
        }
        jdbc.sql("UPDATE audit_head SET last_seq = ?, last_hash = ? WHERE id = 1")
                .params(seq, prevHash)
                .update();
        anchorAfterCommit(new AuditAnchor.Head(seq, prevHash));
        return records;
    }

    /**
     * Anchors the current head if nothing is anchored yet (a new installation, or one from before anchors existed):
     * from then on the chain cannot be cut back behind it unnoticed. Returns the anchor now in force.
     */
    Optional<AuditAnchor.Head> anchorIfUnanchored() {
        Optional<AuditAnchor.Head> current = anchor.read();
        if (current.isPresent() || anchor == AuditAnchor.NONE) {
            return current;
        }
        AuditAnchor.Head head = jdbc.sql("SELECT last_seq, last_hash FROM audit_head WHERE id = 1")
                .query((rs, n) -> new AuditAnchor.Head(rs.getLong(1), rs.getString(2)))
                .single();
        log.warn("no audit anchor at {}: anchoring the chain's current head, seq {}", anchor.describe(), head.seq());
        advanceAnchor(head);
        return anchor.read();
    }

    /** Why the anchor is behind the chain, if its last advance failed. */
    Optional<String> anchorFailure() {
        return anchorFailure;
    }

    /**
     * Once the transaction holding these records has committed (durably), the anchor moves to their head. A commit
     * whose anchor cannot be written stays committed; the failure is logged and shown by the health endpoint.
     */
    private void anchorAfterCommit(AuditAnchor.Head head) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            throw new IllegalStateException("audit records are written inside a transaction");
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                advanceAnchor(head);
            }
        });
    }

    private void advanceAnchor(AuditAnchor.Head head) {
        try {
            anchor.advance(head);
            anchorFailure = Optional.empty();
        } catch (RuntimeException e) {
            anchorFailure = Optional.of("the audit anchor " + anchor.describe() + " could not be advanced to seq " + head.seq()
                    + ": " + e.getMessage());
            log.error("AUDIT ANCHOR NOT WRITTEN: the audit anchor {} could not be advanced to seq {}", anchor.describe(), head.seq(), e);
        }
    }

    private Optional<String> accountablePerson(String organizationId) {
        return jdbc.sql("SELECT accountable_user_id, accountable_name FROM organizations WHERE id = ?")
                .param(organizationId)
                .query((rs, n) -> rs.getString(1) + " (" + rs.getString(2) + ")")
                .optional();
    }

    private static Object[] parameters(AuditRecord r) {
        return new Object[] {r.seq(), r.id(), Timestamp.from(r.at()), r.actor(), r.actorRoles(), r.action(),
                r.subjectType(), r.subjectId(), r.organizationId().orElse(null), r.accountablePerson().orElse(null),
                r.outcome().name(), r.code().orElse(null), r.detail(), r.prevHash(), r.hash()};
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
