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
     * happens to the caller's transaction.
     */
    AuditRecord appendRefusal(AuditEvent event);
}
