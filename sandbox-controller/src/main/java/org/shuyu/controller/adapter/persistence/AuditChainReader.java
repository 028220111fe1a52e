package org.shuyu.controller.adapter.persistence;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.shuyu.controller.audit.AuditAnchor;
import org.shuyu.controller.audit.AuditAnomaly;
import org.shuyu.controller.audit.AuditHash;
import org.shuyu.controller.audit.AuditVerification;
import org.shuyu.controller.audit.AuditVerifier;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log's verification reading: streams the whole chain, as the stored bytes the hashes cover, into an
 * {@link AuditVerifier} inside one read-only, repeatable-read transaction (a consistent snapshot of the log and its
 * head while appends go on), checked against the anchor outside the database. Memory stays constant.
 */
final class AuditChainReader {
    private static final Logger log = LoggerFactory.getLogger(AuditChainReader.class);
    /** Rows per round trip while verifying: large enough to keep the server busy, small enough for memory. */
    static final int VERIFY_FETCH_SIZE = 5_000;
    private static final int HAND_OVER_BATCH = 1000;
    private static final int LOCATE_CHUNK = 500;
    private static final List<Row> END = List.of();
    private static final byte[] EMPTY = new byte[0];

    private final DataSource dataSource;
    private final AuditAnchor anchor;

    AuditChainReader(DataSource dataSource, AuditAnchor anchor) {
        this.dataSource = requireNonNull(dataSource, "dataSource is null");
        this.anchor = requireNonNull(anchor, "anchor is null");
    }

    /** A stored row as the database sent it: its hashed fields still UTF-8 bytes, in AuditHash order. */
    private record Row(long seq, String prevHash, String hash, byte[][] fields) {}

    AuditVerification verifyChain() {
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
                    "SELECT " + JdbcAuditLog.COLUMNS + " FROM audit_log ORDER BY seq")) {
                statement.setFetchSize(VERIFY_FETCH_SIZE);
                try (ResultSet rs = statement.executeQuery()) {
                    List<Row> batch = new ArrayList<>(HAND_OVER_BATCH);
                    while (rs.next() && !cancelled.get()) {
                        batch.add(row(rs));
                        if (batch.size() == HAND_OVER_BATCH) {
                            hand(queue, batch, cancelled);
                            batch = new ArrayList<>(HAND_OVER_BATCH);
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

    private static byte[] bytes(ResultSet rs, int column) throws SQLException {
        byte[] value = rs.getBytes(column);
        return value == null ? EMPTY : value;
    }

    /** The seqs of the stored records with these hashes (a full scan per chunk: only runs when links broke). */
    private static Map<String, Long> locate(Connection connection, Set<String> hashes) {
        Map<String, Long> located = new HashMap<>();
        List<String> all = new ArrayList<>(hashes);
        try {
            for (int start = 0; start < all.size(); start += LOCATE_CHUNK) {
                List<String> part = all.subList(start, Math.min(all.size(), start + LOCATE_CHUNK));
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
}
