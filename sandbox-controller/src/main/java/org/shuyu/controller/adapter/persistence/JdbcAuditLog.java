package org.shuyu.controller.adapter.persistence;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.shuyu.controller.audit.AuditAnchor;
import org.shuyu.controller.audit.AuditEvent;
import org.shuyu.controller.audit.AuditLog;
import org.shuyu.controller.audit.AuditPage;
import org.shuyu.controller.audit.AuditQuery;
import org.shuyu.controller.audit.AuditRecord;
import org.shuyu.controller.audit.AuditVerification;
import org.shuyu.controller.config.IdGenerator;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit log on the controller's database. Every append locks the chain's head row, so records are
 * chained in commit order with gapless sequence numbers. Refusals go through a group commit: one writer
 * thread appends whatever refusals are waiting as one batch in one durable transaction. After each commit the
 * new head is written to the {@link AuditAnchor} outside the database, and verification checks the chain against it.
 * This class is the port's face and the transaction boundary; {@link AuditChainWriter} appends and anchors,
 * {@link AuditLogSearch} searches and pages, {@link AuditChainReader} reads the chain for verification.
 */
@Component
public class JdbcAuditLog implements AuditLog, DisposableBean {
    static final int GROUP_COMMIT_MAX_BATCH = 1000;
    static final int GROUP_COMMIT_CAPACITY = 100_000;
    static final long REFUSAL_TIMEOUT_SECONDS = 30;
    /** The {@code audit_log} columns in the order every reader and writer of the table uses. */
    static final String COLUMNS = "seq, id, at, actor, actor_roles, action, subject_type, subject_id, "
            + "organization_id, accountable_person, outcome, code, detail, prev_hash, hash";

    private final AuditChainWriter writer;
    private final AuditLogSearch searches;
    private final AuditChainReader reader;
    private final TransactionTemplate joinOrStart;
    private final GroupCommit<AuditEvent, AuditRecord> refusals;
    private final AuditAnchor anchor;
    private volatile Optional<AuditVerification> lastVerification = Optional.empty();

    /** A log without an anchor outside the database: for tests of the chain alone. */
    public JdbcAuditLog(DataSource dataSource, Clock clock, IdGenerator ids, PlatformTransactionManager transactions) {
        this(dataSource, clock, ids, transactions, AuditAnchor.NONE);
    }

    @Autowired
    public JdbcAuditLog(DataSource dataSource, Clock clock, IdGenerator ids, PlatformTransactionManager transactions,
            AuditAnchor anchor) {
        this.anchor = requireNonNull(anchor, "anchor is null");
        requireNonNull(dataSource, "dataSource is null");
        this.writer = new AuditChainWriter(dataSource, clock, ids, anchor);
        this.searches = new AuditLogSearch(dataSource);
        this.reader = new AuditChainReader(dataSource, anchor);
        this.joinOrStart = new TransactionTemplate(transactions);
        // The group-commit writer runs on its own thread, so its transactions are always its own.
        TransactionTemplate ownTransaction = new TransactionTemplate(transactions);
        this.refusals = new GroupCommit<>("audit-group-commit", GROUP_COMMIT_MAX_BATCH, GROUP_COMMIT_CAPACITY,
                events -> ownTransaction.execute(status -> writer.write(events)));
        this.refusals.start();
    }

    @Override
    public AuditRecord append(AuditEvent event) {
        requireNonNull(event, "event is null");
        return joinOrStart.execute(status -> writer.write(List.of(event)).get(0));
    }

    /** All in one write: one lock of the head, one batch insert, one anchor move after the commit. */
    @Override
    public List<AuditRecord> appendAll(List<AuditEvent> events) {
        List<AuditEvent> all = List.copyOf(events);
        return all.isEmpty() ? List.of() : joinOrStart.execute(status -> writer.write(all));
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

    /**
     * Anchors the current head if nothing is anchored yet (a new installation, or one from before anchors existed):
     * from then on the chain cannot be cut back behind it unnoticed. Returns the anchor now in force.
     */
    public Optional<AuditAnchor.Head> anchorIfUnanchored() {
        return writer.anchorIfUnanchored();
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
        return writer.anchorFailure();
    }

    @Override
    public AuditPage search(AuditQuery query) {
        return searches.search(query);
    }

    /**
     * Streams the chain in seq order inside one read-only, repeatable-read transaction (a consistent snapshot
     * of the log and its head while appends go on), with a bounded fetch size so memory stays constant.
     */
    @Override
    public AuditVerification verify() {
        AuditVerification result = reader.verifyChain();
        lastVerification = Optional.of(result);
        return result;
    }
}
