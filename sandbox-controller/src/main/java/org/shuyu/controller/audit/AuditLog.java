package org.shuyu.controller.audit;

import java.util.List;

/** Port: the one tamper-evident, append-only audit log (R-24d). */
public interface AuditLog {
    /**
     * Appends a record inside the caller's transaction: a state change and its audit record commit or roll
     * back together.
     */
    AuditRecord append(AuditEvent event);

    /**
     * Appends several records in order inside the caller's transaction, as {@link #append} would one by one; an
     * implementation may chain them under one lock of the head (issue 19: a bulk consent file's thousands of changes).
     */
    default List<AuditRecord> appendAll(List<AuditEvent> events) {
        return events.stream().map(this::append).toList();
    }

    /**
     * Appends a record of a refused attempt in its own transaction, durable before this returns, whatever
     * happens to the caller's transaction. Concurrent refusals may share one durable commit (group commit).
     * Must not be called while the calling thread's own transaction holds the chain head (it would wait
     * for itself).
     */
    AuditRecord appendRefusal(AuditEvent event);

    /** Records matching the query, oldest first. */
    AuditPage search(AuditQuery query);

    /**
     * Reads the whole chain in sequence order, in constant memory, recomputes every hash and checks every
     * link and the chain head.
     */
    AuditVerification verify();
}
