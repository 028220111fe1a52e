package org.shuyu.controller.adapter.persistence;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.shuyu.controller.audit.AuditAnchor;
import org.shuyu.controller.audit.AuditAnomaly;
import org.shuyu.controller.audit.AuditEvent;
import org.shuyu.controller.audit.AuditHash;
import org.shuyu.controller.audit.AuditLog;
import org.shuyu.controller.audit.AuditPage;
import org.shuyu.controller.audit.AuditQuery;
import org.shuyu.controller.audit.AuditRecord;
import org.shuyu.controller.audit.AuditVerification;
import org.shuyu.controller.audit.AuditVerifier;
import org.shuyu.controller.config.IdGenerator;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit log on the controller's database. Every append locks the chain's head row, so records are
 * chained in commit order with gapless sequence numbers. Refusals go through a group commit: one writer
 * thread appends whatever refusals are waiting as one batch in one durable transaction. After each commit the
 * new head is written to the {@link AuditAnchor} outside the database, and verification checks the chain against it.
 */
@Component
public class JdbcAuditLog implements AuditLog, DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(JdbcAuditLog.class);
    static final int GROUP_COMMIT_MAX_BATCH = 1000;
    static final int GROUP_COMMIT_CAPACITY = 100_000;
    static final long REFUSAL_TIMEOUT_SECONDS = 30;
    /** Rows per round trip while verifying: large enough to keep the server busy, small enough for memory. */
    static final int VERIFY_FETCH_SIZE = 5_000;

    private static final String COLUMNS = "seq, id, at, actor, actor_roles, action, subject_type, subject_id, "
            + "organization_id, accountable_person, outcome, code, detail, prev_hash, hash";
    private static final String INSERT = "INSERT INTO audit_log (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final Clock clock;
    private final IdGenerator ids;
    private final TransactionTemplate joinOrStart;
    private final TransactionTemplate ownTransaction;
    private final GroupCommit<AuditEvent, AuditRecord> refusals;
    private final AuditAnchor anchor;
    private volatile Optional<AuditVerification> lastVerification = Optional.empty();
    private volatile Optional<String> anchorFailure = Optional.empty();

    /** A log without an anchor outside the database: for tests of the chain alone. */
    public JdbcAuditLog(DataSource dataSource, Clock clock, IdGenerator ids, PlatformTransactionManager transactions) {
        this(dataSource, clock, ids, transactions, AuditAnchor.NONE);
    }

    @Autowired
    public JdbcAuditLog(DataSource dataSource, Clock clock, IdGenerator ids, PlatformTransactionManager transactions,
            AuditAnchor anchor) {
        this.anchor = requireNonNull(anchor, "anchor is null");
        this.dataSource = requireNonNull(dataSource, "dataSource is null");
        this.jdbc = JdbcClient.create(dataSource);
        this.batch = new JdbcTemplate(dataSource);
        this.clock = requireNonNull(clock, "clock is null");
        this.ids = requireNonNull(ids, "ids is null");
        this.joinOrStart = new TransactionTemplate(transactions);
        // The group-commit writer runs on its own thread, so its transactions are always its own.
        this.ownTransaction = new TransactionTemplate(transactions);
        this.refusals = new GroupCommit<>("audit-group-commit", GROUP_COMMIT_MAX_BATCH, GROUP_COMMIT_CAPACITY,
                events -> ownTransaction.execute(status -> write(events)));
        this.refusals.start();
    }

    @Override
    public AuditRecord append(AuditEvent event) {
        requireNonNull(event, "event is null");
        return joinOrStart.execute(status -> write(List.of(event)).get(0));
    }

    @Override
    public AuditRecord appendRefusal(AuditEvent event) {
        try {
            return refusals.submit(requireNonNull(event, "event is null")).get(REFUSAL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException(ErrorCode.AUDIT_UNAVAILABLE, "interrupted while the refusal was being recorded", e);
        } catch (ExecutionException e) {
            throw new SandboxException(ErrorCode.AUDIT_UNAVAILABLE, "the refusal could not be recorded", e.getCause());
        } catch (TimeoutException e) {
            throw new SandboxException(ErrorCode.AUDIT_UNAVAILABLE, "the refusal was not recorded in time", e);
        }
    }

    /** How many group commits the refusal path has made; for tests and benchmarks. */
    public long refusalBatches() {
        return refusals.batches();
    }

    @Override
    public void destroy() {
        refusals.close();
    }

    /** Appends events in order under one lock of the chain head, in the current transaction. */
    private List<AuditRecord> write(List<AuditEvent> events) {
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
                    truncate(event.detail(), 8000),
                    prevHash,
                    "");
            AuditRecord record = withHash(unsigned, AuditHash.of(unsigned));
            records.add(record);
            prevHash = record.hash();
        }
        if (records.size() == 1) {
            jdbc.sql(INSERT).params(parameters(records.get(0))).update();
        } else {
            batch.batchUpdate(INSERT, records.stream().map(JdbcAuditLog::parameters).toList());
        }
        jdbc.sql("UPDATE audit_head SET last_seq = ?, last_hash = ? WHERE id = 1")
                .params(seq, prevHash)
                .update();
        anchorAfterCommit(new AuditAnchor.Head(seq, prevHash));
        return records;
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

    /**
     * Anchors the current head if nothing is anchored yet (a new installation, or one from before anchors existed):
     * from then on the chain cannot be cut back behind it unnoticed. Returns the anchor now in force.
     */
    public Optional<AuditAnchor.Head> anchorIfUnanchored() {
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

    /** Where the anchor lives. */
    public String anchorDescription() {
        return anchor.describe();
    }

    /** The last verification's result (at startup or through the API); empty before the first. */
    public Optional<AuditVerification> lastVerification() {
        return lastVerification;
    }

    /** Why the anchor is behind the chain, if its last advance failed. */
    public Optional<String> anchorFailure() {
        return anchorFailure;
    }

    private static Object[] parameters(AuditRecord r) {
        return new Object[] {r.seq(), r.id(), Timestamp.from(r.at()), r.actor(), r.actorRoles(), r.action(),
                r.subjectType(), r.subjectId(), r.organizationId().orElse(null), r.accountablePerson().orElse(null),
                r.outcome().name(), r.code().orElse(null), r.detail(), r.prevHash(), r.hash()};
    }

    private Optional<String> accountablePerson(String organizationId) {
        return jdbc.sql("SELECT accountable_user_id, accountable_name FROM organizations WHERE id = ?")
                .param(organizationId)
                .query((rs, n) -> rs.getString(1) + " (" + rs.getString(2) + ")")
                .optional();
    }

    @Override
    public AuditPage search(AuditQuery query) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM audit_log WHERE seq > ?");
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

    /**
     * Streams the chain in seq order inside one read-only, repeatable-read transaction (a consistent snapshot
     * of the log and its head while appends go on), with a bounded fetch size so memory stays constant.
     */
    @Override
    public AuditVerification verify() {
        AuditVerification result = verifyChain();
        lastVerification = Optional.of(result);
        return result;
    }

    private AuditVerification verifyChain() {
        // Read the anchor before the snapshot starts: it only names committed records, so the snapshot holds them.
        Optional<AuditAnchor.Head> anchored;
        try {
            anchored = anchor.read();
        } catch (RuntimeException e) {
            log.error("the audit anchor {} is unreadable", anchor.describe(), e);
            return new AuditVerification(0, List.of(new AuditAnomaly(0, AuditAnomaly.Kind.ANCHOR,
                    "the anchor outside the database (" + anchor.describe() + ") is unreadable: " + e.getMessage())), 1);
        }
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            int isolation = connection.getTransactionIsolation();
            try {
                connection.setAutoCommit(false);
                connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                connection.setReadOnly(true);
                AuditVerification result = verify(connection, anchored);
                connection.commit();
                return result;
            } finally {
                connection.rollback();
                connection.setReadOnly(false);
                connection.setTransactionIsolation(isolation);
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new SandboxException(ErrorCode.AUDIT_UNAVAILABLE, "the audit log could not be read", e);
        }
    }

    private static AuditVerification verify(Connection connection, Optional<AuditAnchor.Head> anchored) throws SQLException {
        AuditVerifier verifier = new AuditVerifier();
        anchored.ifPresent(verifier::expectAnchor);
        long headSeq;
        String headHash;
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT last_seq, last_hash FROM audit_head WHERE id = 1")) {
            if (!rs.next()) {
                throw new SQLException("the audit chain head is missing");
            }
            headSeq = rs.getLong(1);
            headHash = rs.getString(2);
        }
        streamChain(connection, row -> verifier.accept(row.seq(), row.prevHash(), row.hash(),
                AuditHash.ofFields(row.fields())));
        return verifier.finish(headSeq, headHash, hashes -> locate(connection, hashes));
    }

    /** A stored row as the database sent it: its hashed fields still UTF-8 bytes, in AuditHash order. */
    private record Row(long seq, String prevHash, String hash, byte[][] fields) {}

    private static final List<Row> END = List.of();

    /**
     * Streams the chain in seq order to {@code consumer}: a reader thread fetches rows (fetch size
     * {@link #VERIFY_FETCH_SIZE}) while the calling thread hashes, so database reading and hashing overlap.
     * The hand-over queue is bounded, so memory stays constant whatever the chain's length.
     */
    private static void streamChain(Connection connection, Consumer<Row> consumer) throws SQLException {
        BlockingQueue<List<Row>> queue = new ArrayBlockingQueue<>(8);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicBoolean cancelled = new AtomicBoolean();
        Thread reader = new Thread(() -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM audit_log ORDER BY seq")) {
                statement.setFetchSize(VERIFY_FETCH_SIZE);
                try (ResultSet rs = statement.executeQuery()) {
                    List<Row> batch = new ArrayList<>(1000);
                    while (rs.next() && !cancelled.get()) {
                        batch.add(row(rs));
                        if (batch.size() == 1000) {
                            hand(queue, batch, cancelled);
                            batch = new ArrayList<>(1000);
                        }
                    }
                    if (!batch.isEmpty()) {
                        hand(queue, batch, cancelled);
                    }
                }
            } catch (Throwable t) {
                failure.set(t);
            } finally {
                hand(queue, END, cancelled);
            }
        }, "audit-verify-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            while (true) {
                List<Row> batch = queue.take();
                if (batch == END) {
                    break;
                }
                batch.forEach(consumer);
            }
            reader.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while verifying", e);
        } finally {
            cancelled.set(true);
            queue.clear();
            joinQuietly(reader);
        }
        Throwable t = failure.get();
        if (t instanceof SQLException sql) {
            throw sql;
        } else if (t != null) {
            throw new SQLException("reading the audit log failed", t);
        }
    }

    private static void joinQuietly(Thread reader) {
        try {
            reader.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void hand(BlockingQueue<List<Row>> queue, List<Row> batch, AtomicBoolean cancelled) {
        try {
            while (!cancelled.get() && !queue.offer(batch, 100, TimeUnit.MILLISECONDS)) {
                // the consumer is still busy; keep waiting unless it gave up
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Reads a row without decoding its text: the bytes are what the hash covers. Only {@code at} is parsed,
     * because the hash covers its {@code Instant.toString()} form.
     */
    private static Row row(ResultSet rs) throws SQLException {
        byte[][] fields = new byte[AuditHash.FIELDS][];
        fields[0] = bytes(rs, 2);
        OffsetDateTime at = rs.getObject(3, OffsetDateTime.class);
        fields[1] = at == null ? EMPTY : at.toInstant().toString().getBytes(StandardCharsets.UTF_8);
        for (int column = 4; column <= 14; column++) {
            fields[column - 2] = bytes(rs, column);
        }
        byte[] hash = bytes(rs, 15);
        return new Row(rs.getLong(1), new String(fields[12], StandardCharsets.UTF_8), new String(hash, StandardCharsets.UTF_8),
                fields);
    }

    private static final byte[] EMPTY = new byte[0];

    private static byte[] bytes(ResultSet rs, int column) throws SQLException {
        byte[] value = rs.getBytes(column);
        return value == null ? EMPTY : value;
    }

    /** The seqs of the stored records with these hashes (a full scan per chunk: only runs when links broke). */
    private static Map<String, Long> locate(Connection connection, Set<String> hashes) {
        Map<String, Long> located = new HashMap<>();
        List<String> all = new ArrayList<>(hashes);
        int chunk = 500;
        try {
            for (int start = 0; start < all.size(); start += chunk) {
                List<String> part = all.subList(start, Math.min(all.size(), start + chunk));
                String marks = String.join(", ", Collections.nCopies(part.size(), "?"));
                try (PreparedStatement statement = connection.prepareStatement(
                        "SELECT hash, seq FROM audit_log WHERE hash IN (" + marks + ")")) {
                    for (int i = 0; i < part.size(); i++) {
                        statement.setString(i + 1, part.get(i));
                    }
                    try (ResultSet rs = statement.executeQuery()) {
                        while (rs.next()) {
                            located.putIfAbsent(rs.getString(1), rs.getLong(2));
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new SandboxException(ErrorCode.AUDIT_UNAVAILABLE, "the audit log could not be read", e);
        }
        return located;
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
