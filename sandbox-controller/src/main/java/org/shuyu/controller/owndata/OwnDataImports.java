package org.shuyu.controller.owndata;

import static java.util.Objects.requireNonNull;

import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.shuyu.controller.audit.AuditLog;
import org.shuyu.controller.catalog.DatasetDataCheck;
import org.shuyu.controller.catalog.SourceData;
import org.shuyu.controller.config.IdGenerator;
import org.shuyu.controller.config.StorageProperties;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.grant.Grant;
import org.shuyu.controller.grant.GrantsForWorkspaces;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.Permissions;
import org.shuyu.controller.identity.Role;
import org.shuyu.controller.notification.Notice;
import org.shuyu.controller.notification.Notifications;
import org.shuyu.controller.notification.Recipient;
import org.shuyu.controller.workflow.Transition;
import org.shuyu.controller.workspace.Workspace;
import org.shuyu.controller.workspace.WorkspaceReconciliation;
import org.shuyu.controller.workspace.WorkspaceService;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The own-data import airlock (R-19c, docs/own-data.md): a member of an active grant's workspace declares an import
 * and uploads its CSV file, which is streamed into the workspace's storage through the catalog's upload path
 * ({@link SourceData#stageIn}: size cap, SHA-256, strict UTF-8 CSV) and checked on the way (schema, rows, identifying
 * patterns in undeclared columns); a failed check rejects it with the results and keeps nothing, a passed one puts it
 * in review. The data authority of the grant's jurisdiction approves (the data becomes the workspace's source
 * {@code own_<import>.<table>}, masked and graded like a catalog dataset) or rejects it with a reason.
 */
@Service
public class OwnDataImports {
    private static final Pattern TABLE = Pattern.compile("[a-z][a-z0-9_]{0,48}");
    private static final int TEXT_MAX = 2000;

    /** The caps of one file. */
    record Limits(long maxBytes, long maxRows) {}

    private final OwnDataStore store;
    private final WorkspaceService workspaces;
    private final GrantsForWorkspaces grants;
    private final SourceData sources;
    private final AuditLog audit;
    private final Notifications notifications;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final IdGenerator ids;
    private final Limits limits;
    private final OwnDataSources ownSources;
    private final WorkspaceReconciliation reconciliation;

    public OwnDataImports(OwnDataStore store, WorkspaceService workspaces, GrantsForWorkspaces grants, SourceData sources,
            AuditLog audit, Notifications notifications, TransactionTemplate transactions, Clock clock, IdGenerator ids,
            StorageProperties storage, @Value("${sandbox.own-data.max-bytes:268435456}") long maxBytes,
            @Value("${sandbox.own-data.max-rows:1000000}") long maxRows, OwnDataSources ownSources,
            WorkspaceReconciliation reconciliation) {
        this.reconciliation = requireNonNull(reconciliation, "reconciliation is null");
        this.ownSources = requireNonNull(ownSources, "ownSources is null");
        this.store = requireNonNull(store, "store is null");
        this.workspaces = requireNonNull(workspaces, "workspaces is null");
        this.grants = requireNonNull(grants, "grants is null");
        this.sources = requireNonNull(sources, "sources is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.notifications = requireNonNull(notifications, "notifications is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.ids = requireNonNull(ids, "ids is null");
        this.limits = new Limits(Math.min(maxBytes, storage.maxUploadBytes()), maxRows);
    }

    /** What an operator declares before uploading. */
    public record Declaration(String grantId, String tableName, String source, String legalBasis, String purpose,
            List<OwnColumn> columns) {}

    public OwnDataImport create(Actor actor, Declaration d) {
        requireNonNull(actor, "actor is null");
        requireNonNull(d, "declaration is null");
        text("grantId", d.grantId(), 200);
        Grant grant = memberGate(actor, d.grantId());
        if (d.tableName() == null || !TABLE.matcher(d.tableName()).matches()) {
            throw invalid("tableName must be lowercase a-z, 0-9 and '_', starting with a letter, at most 49 characters");
        }
        text("source", d.source(), TEXT_MAX);
        text("legalBasis", d.legalBasis(), TEXT_MAX);
        text("purpose", d.purpose(), TEXT_MAX);
        if (d.columns() == null || d.columns().isEmpty() || d.columns().size() > 200) {
            throw invalid("columns must list 1-200 declared columns");
        }
        if (d.columns().stream().map(OwnColumn::name).distinct().count() != d.columns().size()) {
            throw invalid("a column is declared twice");
        }
        Instant now = now();
        OwnDataImport created = new OwnDataImport(ids.next("imp"), grant.id(), grant.organizationId(), grant.jurisdiction(),
                d.tableName(), d.source().strip(), d.legalBasis().strip(), d.purpose().strip(), d.columns(), OwnDataState.DRAFT,
                actor.userId(), now, Optional.empty(), List.of(), Optional.empty(), Optional.empty(), Optional.empty(), now);
        transactions.executeWithoutResult(status -> {
            boolean taken = store.ofGrant(grant.id()).stream().anyMatch(i -> i.tableName().equals(d.tableName())
                    && i.state() != OwnDataState.REJECTED && i.state() != OwnDataState.WITHDRAWN);
            if (taken) {
                throw new SandboxException(ErrorCode.OWN_DATA_TABLE_TAKEN, "grant " + grant.id() + " already has an import of table "
                        + d.tableName() + "; withdraw it or choose another name");
            }
            store.insert(created);
            audit.append(OwnDataAuditEvents.created(actor, created));
        });
        return created;
    }

    /** Uploads the import's file with the configured caps. */
    public OwnDataImport upload(Actor actor, String id, long declaredBytes, InputStream csv) {
        return upload(actor, id, declaredBytes, csv, limits);
    }

    OwnDataImport upload(Actor actor, String id, long declaredBytes, InputStream csv, Limits caps) {
        requireNonNull(csv, "csv is null");
        OwnDataImport current = visible(actor, id);
        memberGate(actor, current.grantId());
        OwnDataLifecycle.TABLE.require(current.state(), OwnDataEvent.CHECKS_PASSED);
        List<CheckOutcome> checks = new ArrayList<>();
        if (declaredBytes > caps.maxBytes()) {
            checks.add(CheckOutcome.failed("size", ErrorCode.OWN_DATA_TOO_LARGE, "the file is larger than " + caps.maxBytes() + " bytes"));
            return finish(actor, current, Optional.empty(), checks);
        }
        OwnDataCheck check = new OwnDataCheck(new DatasetDataCheck(OwnDataFiles.dataset(current)), current.columns(), caps.maxRows());
        // Streaming can take minutes: no transaction is held while it runs.
        try (SourceData.Staged staged = sources.stageIn(ownSources.directory(current), current.id(), csv, caps.maxBytes(), check)) {
            checks.add(CheckOutcome.passed("schema", "the header is the " + current.columns().size()
                    + " declared columns and every value parses as its type"));
            checks.add(CheckOutcome.passed("size", staged.rows() + " rows, " + staged.bytes() + " bytes (caps " + caps.maxRows()
                    + " rows, " + caps.maxBytes() + " bytes)"));
            List<OwnDataCheck.Finding> findings = check.findings();
            if (findings.isEmpty()) {
                checks.add(CheckOutcome.passed("identifying", "no identifying pattern in the columns not declared identifying"));
            }
            for (OwnDataCheck.Finding f : findings) {
                checks.add(CheckOutcome.failed("identifying", ErrorCode.OWN_DATA_UNDECLARED_IDENTIFYING, "column " + f.column()
                        + " is not declared identifying but " + f.values() + " of its values match the pattern " + f.pattern()));
            }
            Optional<OwnDataImport.FileInfo> file = Optional.of(new OwnDataImport.FileInfo(staged.rows(), staged.bytes(), staged.sha256()));
            if (!findings.isEmpty()) {
                return finish(actor, current, file, checks);
            }
            return finishPassed(actor, current, file, checks, staged);
        } catch (SandboxException e) {
            Optional<CheckOutcome> failed = OwnDataFiles.failedCheck(e);
            if (failed.isEmpty()) {
                throw e;
            }
            checks.clear();
            checks.add(failed.get());
            return finish(actor, current, Optional.empty(), checks);
        }
    }

    private OwnDataImport finishPassed(Actor actor, OwnDataImport current, Optional<OwnDataImport.FileInfo> file,
            List<CheckOutcome> checks, SourceData.Staged staged) {
        return transactions.execute(status -> {
            OwnDataImport locked = lockedIn(current.id(), OwnDataEvent.CHECKS_PASSED);
            OwnDataImport next = locked.moved(OwnDataState.IN_REVIEW, now(), file, checks, Optional.empty(), Optional.empty());
            save(actor, OwnDataEvent.CHECKS_PASSED, locked, next);
            notifications.send(Notice.of("owndata.review", Recipient.role(Role.AUTHORITY,
                    next.jurisdiction()), "own-data-import", next.id(), "own-data import " + next.id() + " of table "
                    + next.tableName() + " (grant " + next.grantId() + ", grade " + next.grade() + ") waits for review"));
            staged.commit(); // a failed move throws, and the transition rolls back with the transaction
            return next;
        });
    }

    private OwnDataImport finish(Actor actor, OwnDataImport current, Optional<OwnDataImport.FileInfo> file, List<CheckOutcome> checks) {
        return transactions.execute(status -> {
            OwnDataImport locked = lockedIn(current.id(), OwnDataEvent.CHECKS_FAILED);
            OwnDataImport next = locked.moved(OwnDataState.REJECTED, now(), file, checks, Optional.empty(),
                    Optional.of("rejected by the automatic checks"));
            save(actor, OwnDataEvent.CHECKS_FAILED, locked, next);
            notifications.send(Notice.of("owndata.rejected", Recipient.user(next.createdBy()), "own-data-import", next.id(),
                    "own-data import " + next.id() + " of table " + next.tableName() + " failed its automatic checks"));
            return next;
        });
    }

    /** The data authority of the grant's jurisdiction approves (materializing it at once) or rejects with a reason. */
    public OwnDataImport decide(Actor actor, String id, boolean approve, String reason) {
        OwnDataImport current = visible(actor, id);
        if (!Permissions.decidesOwnDataImport(actor, current.jurisdiction())) {
            throw new SandboxException(ErrorCode.NOT_OWN_DATA_REVIEWER, "only the data authority of jurisdiction "
                    + current.jurisdiction().code() + " decides own-data import " + id);
        }
        text("reason", reason, TEXT_MAX);
        OwnDataEvent event = approve ? OwnDataEvent.APPROVE : OwnDataEvent.REJECT;
        OwnDataLifecycle.TABLE.require(current.state(), event);
        if (approve && !workspaces.subject(current.grantId()).map(WorkspaceService.Subject::open).orElse(false)) {
            throw new SandboxException(ErrorCode.GRANT_NOT_ACTIVE, "grant " + current.grantId()
                    + " is not active; its workspace takes no new data");
        }
        OwnDataImport decided = transactions.execute(status -> {
            OwnDataImport locked = lockedIn(id, event);
            OwnDataState to = OwnDataLifecycle.TABLE.next(locked.state(), event);
            OwnDataImport next = locked.moved(to, now(), locked.file(), locked.checks(), Optional.of(actor.userId()),
                    Optional.of(reason.strip()));
            save(actor, event, locked, next);
            notifications.send(Notice.of(approve ? "owndata.approved" : "owndata.rejected", Recipient.user(next.createdBy()),
                    "own-data-import", next.id(), "own-data import " + next.id() + " of table " + next.tableName() + " was "
                            + (approve ? "approved and is table " + next.datasetId() : "rejected by the data authority")));
            return next;
        });
        if (approve) {
            reconciliation.reconcile(decided.grantId()); // the workspace its table lives in exists from now on
        }
        return decided;
    }

    /** A member of the workspace takes the import back (before a decision). */
    public OwnDataImport withdraw(Actor actor, String id) {
        OwnDataImport current = visible(actor, id);
        if (!workspaces.subject(current.grantId()).map(s -> s.members().contains(actor.userId())).orElse(false)) {
            throw new SandboxException(ErrorCode.NOT_A_MEMBER, actor.userId() + " is not a member of grant " + current.grantId());
        }
        OwnDataLifecycle.TABLE.require(current.state(), OwnDataEvent.WITHDRAW);
        return transactions.execute(status -> {
            OwnDataImport locked = lockedIn(id, OwnDataEvent.WITHDRAW);
            OwnDataImport next = locked.moved(OwnDataState.WITHDRAWN, now(), locked.file(), locked.checks(), Optional.empty(),
                    Optional.empty());
            save(actor, OwnDataEvent.WITHDRAW, locked, next);
            return next;
        });
    }

    public OwnDataImport get(Actor actor, String id) {
        return visible(actor, id);
    }

    /** The imports {@code actor} may see: of one grant, or (empty grant) of every grant it sees; newest first. */
    public List<OwnDataImport> list(Actor actor, Optional<String> grantId, Optional<OwnDataState> state) {
        List<OwnDataImport> all = grantId.map(store::ofGrant)
                .orElseGet(() -> store.inStates(Set.of(OwnDataState.values())));
        return all.stream().filter(i -> state.map(s -> s == i.state()).orElse(true)).filter(i -> mayRead(actor, i)).toList();
    }

    /** Imports waiting in review, for the to-do list. */
    List<OwnDataImport> inReview() {
        return store.inStates(Set.of(OwnDataState.IN_REVIEW));
    }

    private void save(Actor actor, OwnDataEvent event, OwnDataImport before, OwnDataImport after) {
        Transition<OwnDataState, OwnDataEvent, Void> t = OwnDataLifecycle.TABLE.require(before.state(), event);
        if (!store.update(after, before.state())) {
            throw new SandboxException(ErrorCode.ILLEGAL_OWN_DATA_TRANSITION, "own-data import " + after.id() + " changed meanwhile");
        }
        audit.append(OwnDataAuditEvents.transition(actor, t.auditAction().orElseThrow(), before, after));
    }

    private OwnDataImport lockedIn(String id, OwnDataEvent event) {
        OwnDataImport locked = store.lock(id).orElseThrow(() -> SandboxException.notFound("own-data import", id));
        OwnDataLifecycle.TABLE.require(locked.state(), event);
        return locked;
    }

    /** The grant behind a workspace the actor may work in now (active, current vetted member); else the gate's codes. */
    private Grant memberGate(Actor actor, String grantId) {
        WorkspaceService.Subject subject = workspaces.requireAccess(actor, grantId);
        if (subject.kind() != Workspace.Kind.GRANT) {
            throw invalid(grantId + " is a lab; own data is imported into a grant's workspace");
        }
        return grants.grant(grantId).orElseThrow(() -> SandboxException.notFound("grant", grantId));
    }

    private OwnDataImport visible(Actor actor, String id) {
        return store.find(id).filter(i -> mayRead(actor, i)).orElseThrow(() -> SandboxException.notFound("own-data import", id));
    }

    private boolean mayRead(Actor actor, OwnDataImport i) {
        return workspaces.subject(i.grantId()).map(s -> workspaces.mayRead(actor, s)).orElse(false)
                || Permissions.decidesOwnDataImport(actor, i.jurisdiction());
    }

    private static void text(String field, String value, int max) {
        if (value == null || value.isBlank() || value.length() > max) {
            throw invalid(field + " must be 1-" + max + " characters");
        }
    }

    private static SandboxException invalid(String message) {
        return new SandboxException(ErrorCode.OWN_DATA_INVALID_DECLARATION, message);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
