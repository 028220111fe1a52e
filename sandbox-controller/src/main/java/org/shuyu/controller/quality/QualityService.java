package org.shuyu.controller.quality;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.shuyu.controller.audit.AuditLog;
import org.shuyu.controller.catalog.CatalogService;
import org.shuyu.controller.catalog.Dataset;
import org.shuyu.controller.catalog.Provider;
import org.shuyu.controller.config.IdGenerator;
import org.shuyu.controller.config.QualityProperties;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.grant.Grant;
import org.shuyu.controller.grant.GrantStore;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.notification.Notifications;
import org.shuyu.controller.workflow.Transition;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Data quality requests (R-20, docs/quality-requests.md): an operator files one against a dataset its grant is granted;
 * the dataset's provider acknowledges and fixes it by the deadline, or rejects it with a reason; the operator confirms
 * the answer or reopens the request with a new deadline, and may withdraw it while it is OPEN. Every move is taken
 * from {@link QualityLifecycle#TABLE}, audited, and notifies whoever must act next, in one transaction.
 */
@Service
public class QualityService {
    private final QualityStore store;
    private final QualityAccess access;
    private final GrantStore grants;
    private final CatalogService catalog;
    private final AuditLog audit;
    private final Notifications notifications;
    private final Clock clock;
    private final IdGenerator ids;
    private final Duration fixWithin;

    public QualityService(QualityStore store, QualityAccess access, GrantStore grants, CatalogService catalog, AuditLog audit,
            Notifications notifications, Clock clock, IdGenerator ids, QualityProperties properties) {
        this.store = requireNonNull(store, "store is null");
        this.access = requireNonNull(access, "access is null");
        this.grants = requireNonNull(grants, "grants is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.notifications = requireNonNull(notifications, "notifications is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.ids = requireNonNull(ids, "ids is null");
        this.fixWithin = Duration.ofDays(properties.fixDays());
    }

    /** What the operator files: under which grant, against which dataset, about what, and why. */
    public record Filing(String grantId, String datasetId, String targetKind, String target, String description,
            String evidence, String evidenceSha256) {}

    @Transactional
    public QualityRequest file(Actor actor, Filing f) {
        requireNonNull(f, "filing is null");
        if (f.grantId() == null || f.grantId().isBlank() || f.datasetId() == null || f.datasetId().isBlank()) {
            throw SandboxException.invalid("grantId and datasetId are required");
        }
        Grant grant = grants.grant(f.grantId()).orElseThrow(() -> SandboxException.notFound("grant", f.grantId()));
        if (!access.operatorOf(actor, grant.id(), grant.organizationId())) {
            throw SandboxException.notFound("grant", f.grantId());
        }
        if (!grant.state().accessOpen()) {
            throw new SandboxException(ErrorCode.GRANT_NOT_ACTIVE, "grant " + grant.id() + " is " + grant.state().shortName()
                    + "; quality requests are filed under an active grant");
        }
        if (!grant.datasetIds().contains(f.datasetId())) {
            throw new SandboxException(ErrorCode.QUALITY_DATASET_NOT_GRANTED, "dataset " + f.datasetId()
                    + " is not granted to grant " + grant.id());
        }
        Dataset dataset = catalog.find(f.datasetId()).orElseThrow(() -> SandboxException.notFound("dataset", f.datasetId()));
        Provider provider = catalog.provider(dataset.providerId()).orElseThrow();
        TargetKind kind = QualityTexts.kind(f.targetKind());
        String target = target(dataset, kind, f.target());
        String description = QualityTexts.required("description", f.description(), QualityTexts.TEXT_MAX);
        String evidence = QualityTexts.required("evidence", f.evidence(), QualityTexts.TEXT_MAX);
        Optional<String> evidenceSha = QualityTexts.sha256("evidenceSha256", f.evidenceSha256());
        Instant now = now();
        QualityRequest r = new QualityRequest(ids.next("qr"), dataset.id(), provider.id(), provider.jurisdiction(), grant.id(),
                grant.organizationId(), actor.userId(), kind, target, description, evidence, evidenceSha,
                QualityLifecycle.initial(), now, now.plus(fixWithin), Optional.empty(), Optional.empty(), Optional.empty(), 0,
                Optional.empty());
        store.insert(r);
        audit.append(QualityAuditEvents.filed(actor, r));
        notifications.send(QualityNotices.filed(r));
        return r;
    }

    private static String target(Dataset dataset, TargetKind kind, String target) {
        if (kind == TargetKind.COLUMN) {
            String column = target == null ? "" : target.strip();
            if (dataset.columns().stream().noneMatch(c -> c.name().equals(column))) {
                throw new SandboxException(ErrorCode.QUALITY_TARGET_INVALID, "dataset " + dataset.id() + " has no column named in target");
            }
            return column;
        }
        return QualityTexts.required("target", target, QualityTexts.TARGET_MAX);
    }

    @Transactional
    public QualityRequest acknowledge(Actor actor, String id) {
        QualityRequest r = lockVisible(actor, id);
        access.requireProvider(actor, r);
        Transition<QualityState, QualityEvent, QualityLifecycle.Facts> t =
                QualityLifecycle.TABLE.apply(r.state(), QualityEvent.ACKNOWLEDGE, QualityLifecycle.Facts.NONE);
        return move(actor, r, t, r.acknowledged(now()).in(t.to()));
    }

    @Transactional
    public QualityRequest fix(Actor actor, String id, String note, String dataSha256) {
        QualityRequest r = lockVisible(actor, id);
        access.requireProvider(actor, r);
        QualityLifecycle.TABLE.require(r.state(), QualityEvent.FIX);
        String text = QualityTexts.optional("note", note, QualityTexts.TEXT_MAX);
        Optional<String> sha = QualityTexts.sha256("dataSha256", dataSha256);
        Transition<QualityState, QualityEvent, QualityLifecycle.Facts> t =
                QualityLifecycle.TABLE.apply(r.state(), QualityEvent.FIX, new QualityLifecycle.Facts(text));
        return answer(actor, r, t, QualityRequest.Answer.Kind.FIXED, text, sha);
    }

    @Transactional
    public QualityRequest reject(Actor actor, String id, String reason) {
        QualityRequest r = lockVisible(actor, id);
        access.requireProvider(actor, r);
        QualityLifecycle.TABLE.require(r.state(), QualityEvent.REJECT);
        String text = QualityTexts.optional("reason", reason, QualityTexts.TEXT_MAX);
        Transition<QualityState, QualityEvent, QualityLifecycle.Facts> t =
                QualityLifecycle.TABLE.apply(r.state(), QualityEvent.REJECT, new QualityLifecycle.Facts(text));
        return answer(actor, r, t, QualityRequest.Answer.Kind.REJECTED, text, Optional.empty());
    }

    private QualityRequest answer(Actor actor, QualityRequest r, Transition<QualityState, QualityEvent, QualityLifecycle.Facts> t,
            QualityRequest.Answer.Kind kind, String note, Optional<String> sha) {
        Instant now = now();
        QualityRequest after = r.answered(new QualityRequest.Answer(kind, note, sha, now, actor.userId(), now.isAfter(r.dueAt())))
                .in(t.to());
        QualityRequest moved = move(actor, r, t, after);
        notifications.send(QualityNotices.answered(moved));
        return moved;
    }

    @Transactional
    public QualityRequest confirm(Actor actor, String id) {
        QualityRequest r = lockVisible(actor, id);
        access.requireOperator(actor, r);
        Transition<QualityState, QualityEvent, QualityLifecycle.Facts> t =
                QualityLifecycle.TABLE.apply(r.state(), QualityEvent.CONFIRM, QualityLifecycle.Facts.NONE);
        return move(actor, r, t, r.closed(now()).in(t.to()));
    }

    @Transactional
    public QualityRequest reopen(Actor actor, String id, String reason) {
        QualityRequest r = lockVisible(actor, id);
        access.requireOperator(actor, r);
        QualityLifecycle.TABLE.require(r.state(), QualityEvent.REOPEN);
        String text = QualityTexts.optional("reason", reason, QualityTexts.TEXT_MAX);
        Transition<QualityState, QualityEvent, QualityLifecycle.Facts> t =
                QualityLifecycle.TABLE.apply(r.state(), QualityEvent.REOPEN, new QualityLifecycle.Facts(text));
        QualityRequest moved = move(actor, r, t, r.reopenedUntil(now().plus(fixWithin)).in(t.to()));
        notifications.send(QualityNotices.reopened(moved));
        return moved;
    }

    @Transactional
    public QualityRequest withdraw(Actor actor, String id) {
        QualityRequest r = lockVisible(actor, id);
        access.requireOperator(actor, r);
        Transition<QualityState, QualityEvent, QualityLifecycle.Facts> t =
                QualityLifecycle.TABLE.apply(r.state(), QualityEvent.WITHDRAW, QualityLifecycle.Facts.NONE);
        return move(actor, r, t, r.closed(now()).in(t.to()));
    }

    /**
     * The scheduler's pass over one request: if it still waits for the provider, its deadline has passed and it carries
     * no overdue mark yet, it is marked (state unchanged), audited and the provider and authority are notified. Runs from
     * the stored state alone, so running it again changes nothing.
     */
    @Transactional
    public boolean markOverdueIfDue(String id) {
        QualityRequest r = store.lock(id).orElseThrow(() -> SandboxException.notFound("quality request", id));
        Instant now = now();
        if (r.overdueAt().isPresent() || !r.overdue(now)) {
            return false;
        }
        Transition<QualityState, QualityEvent, QualityLifecycle.Facts> t =
                QualityLifecycle.TABLE.apply(r.state(), QualityEvent.DEADLINE_PASSED, QualityLifecycle.Facts.NONE);
        QualityRequest marked = r.markedOverdue(now).in(t.to());
        store.update(marked);
        audit.append(QualityAuditEvents.overdue(t.auditAction().orElseThrow(), marked));
        notifications.sendAll(QualityNotices.overdue(marked));
        return true;
    }

    private QualityRequest move(Actor actor, QualityRequest before, Transition<QualityState, QualityEvent, QualityLifecycle.Facts> t,
            QualityRequest after) {
        store.update(after);
        audit.append(QualityAuditEvents.moved(actor, t.auditAction().orElseThrow(), before, after));
        return after;
    }

    private QualityRequest lockVisible(Actor actor, String id) {
        QualityRequest r = store.lock(id).orElseThrow(() -> SandboxException.notFound("quality request", id));
        return access.visible(actor, r);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
