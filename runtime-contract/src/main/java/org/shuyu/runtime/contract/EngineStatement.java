package org.shuyu.runtime.contract;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Control API {@code POST /sessions/{sessionId}/statements}: run one SQL statement in a member's session under
 * enforcement and write-ahead lineage. {@code statementId} is the controller's job id and {@code token} that job's
 * runtime credential (lineage START/COMPLETE and the outcome are delivered with it). At most {@code maxRows} rows
 * (1 to the engine's {@code maxResultRows}) of a query's result are kept, as text, for the statement's status.
 */
@JsonPropertyOrder({"statementId", "token", "sql", "maxRows"})
public record EngineStatement(String statementId, String token, String sql, @JsonProperty(required = true) int maxRows) {
    public EngineStatement {
        Checks.text(statementId, "statementId");
        Checks.text(token, "token");
        Checks.text(sql, "sql");
        if (maxRows < 1 || maxRows > RuntimeLimits.MAX_PREVIEW_ROWS) {
            throw new IllegalArgumentException("maxRows " + maxRows + " not in 1.." + RuntimeLimits.MAX_PREVIEW_ROWS);
        }
    }

    @Override
    public String toString() {
        // Never print the credential.
        return "EngineStatement[statementId=" + statementId + ", maxRows=" + maxRows + "]";
    }
}
