package org.shuyu.runtime.contract;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Spark Connect statements are not submitted through the controller, so the engine registers each one before it
 * runs: {@code POST <controllerUrl>/service/engines/{engineId}/statements} with {@link Registration} (engine
 * credential), answered with this ticket: the job id the statement is recorded under and that job's runtime
 * credential (for its lineage and outcome). No ticket, no execution.
 */
@JsonPropertyOrder({"statementId", "token"})
public record ConnectStatementTicket(String statementId, String token) {
    public ConnectStatementTicket {
        Checks.text(statementId, "statementId");
        Checks.text(token, "token");
    }

    @Override
    public String toString() {
        return "ConnectStatementTicket[statementId=" + statementId + "]";
    }

    /** What the engine says about a Connect statement it is about to run (no data: the operation's kind only). */
    @JsonPropertyOrder({"sessionId", "user", "operation"})
    public record Registration(String sessionId, String user, String operation) {
        public Registration {
            Checks.text(sessionId, "sessionId");
            Checks.text(user, "user");
            Checks.text(operation, "operation");
        }
    }
}
