package org.shuyu.controller.audit;

/** Port: the one tamper-evident, append-only audit log (R-24d). */
public interface AuditLog {
    /**
     * Appends a record inside the caller's transaction: a state change and its audit record commit or roll
     * back together.
     */
    AuditRecord append(AuditEvent event);

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
