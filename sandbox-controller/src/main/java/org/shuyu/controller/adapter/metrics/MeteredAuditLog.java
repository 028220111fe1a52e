package org.shuyu.controller.adapter.metrics;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.shuyu.controller.audit.AuditEvent;
import org.shuyu.controller.audit.AuditLog;
import org.shuyu.controller.audit.AuditPage;
import org.shuyu.controller.audit.AuditQuery;
import org.shuyu.controller.audit.AuditRecord;
import org.shuyu.controller.audit.AuditVerification;

/**
 * The audit log as every service sees it, measured (issue 19, docs/operations.md): each append is timed
 * ({@code shuyu.audit.append}, by {@code kind} change or refusal), and every refused attempt that reaches the log is
 * counted by its code ({@code shuyu.refusals}, by {@code code} and {@code source}). Every refusal of the platform is
 * audited (the API's 4xx through {@code RefusalAuditor}, jobs and statements ending REFUSED with the runtime's code,
 * Connect and Flight refusals), so counting here counts them all, once, where they are recorded. Labels are codes
 * and fixed words only: never the event's actor, subject or detail.
 */
public final class MeteredAuditLog implements AuditLog {
    private final AuditLog delegate;
    private final MeterRegistry registry;
    private final Timer changes;
    private final Timer refusals;
    private final Timer batches;

    public MeteredAuditLog(AuditLog delegate, MeterRegistry registry) {
        this.delegate = requireNonNull(delegate, "delegate is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.changes = appendTimer("change");
        this.refusals = appendTimer("refusal");
        this.batches = appendTimer("batch");
    }

    private Timer appendTimer(String kind) {
        return Timer.builder("shuyu.audit.append").description("Time to append one record to the audit chain")
                .tag("kind", kind).publishPercentileHistogram().register(registry);
    }

    @Override
    public AuditRecord append(AuditEvent event) {
        AuditRecord record = timed(changes, () -> delegate.append(event));
        counted(event);
        return record;
    }

    /** A batch is timed as one append of kind {@code batch}; its refusals are counted one by one. */
    @Override
    public List<AuditRecord> appendAll(List<AuditEvent> events) {
        long start = System.nanoTime();
        List<AuditRecord> records = delegate.appendAll(events);
        batches.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        events.forEach(this::counted);
        return records;
    }

    @Override
    public AuditRecord appendRefusal(AuditEvent event) {
        AuditRecord record = timed(refusals, () -> delegate.appendRefusal(event));
        counted(event);
        return record;
    }

    @Override
    public AuditPage search(AuditQuery query) {
        return delegate.search(query);
    }

    @Override
    public AuditVerification verify() {
        return delegate.verify();
    }

    private static AuditRecord timed(Timer timer, Supplier<AuditRecord> append) {
        long start = System.nanoTime();
        AuditRecord record = append.get();
        timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        return record;
    }

    private void counted(AuditEvent event) {
        if (event.outcome() != AuditEvent.Outcome.REFUSED) {
            return;
        }
        Counter.builder("shuyu.refusals").description("Refused attempts by code, as the audit log records them")
                .tag("code", RefusalCodes.label(event.code()))
                .tag("source", source(event.action()))
                .register(registry).increment();
    }

    /** Where the refusal happened, from the audit action's shape: a fixed word, never the action text itself. */
    static String source(String action) {
        if (action.startsWith("job.") || action.startsWith("workspace.preview") || action.startsWith("workspace.snapshot")) {
            return "job";
        }
        if (action.startsWith("session.")) {
            return "session";
        }
        if (action.startsWith("connect ")) {
            return "connect"; // ConnectAuditEvents: "connect <method>"
        }
        if (action.startsWith("flight ") || action.startsWith("product.deliver")) {
            return "delivery"; // ProductAuditEvents: "flight <call>", "product.delivery"
        }
        if (action.indexOf(' ') > 0) {
            return "api"; // RefusalAuditor's "METHOD /pattern"
        }
        return "other";
    }
}
