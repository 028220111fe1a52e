package org.shuyu.runtime.contract;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * How an engine statement ended, delivered by the engine to {@code POST <controllerUrl>/service/statements/{id}/outcome}
 * with the statement's runtime credential: the same status and metrics a batch run writes to its files.
 */
@JsonPropertyOrder({"status", "metrics"})
public record StatementOutcome(RuntimeStatus status, RuntimeMetrics metrics) {
    public StatementOutcome {
        Checks.present(status, "status");
        Checks.present(metrics, "metrics");
    }
}
