package org.shuyu.runtime.contract;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Control API {@code GET /health}: the engine's sessions and running statements, its process CPU seconds and memory
 * (for metering and the idle-cost benchmark), and how long it has had nothing running (for idle eviction).
 */
@JsonPropertyOrder({"engineId", "sessions", "runningStatements", "cpuSeconds", "heapUsedBytes", "residentBytes",
        "uptimeMillis", "idleMillis"})
public record EngineHealth(String engineId, @JsonProperty(required = true) int sessions,
        @JsonProperty(required = true) int runningStatements, @JsonProperty(required = true) double cpuSeconds,
        @JsonProperty(required = true) long heapUsedBytes, @JsonProperty(required = true) long residentBytes,
        @JsonProperty(required = true) long uptimeMillis, @JsonProperty(required = true) long idleMillis) {
    public EngineHealth {
        Checks.text(engineId, "engineId");
        if (sessions < 0 || runningStatements < 0 || !(cpuSeconds >= 0) || heapUsedBytes < 0 || residentBytes < 0
                || uptimeMillis < 0 || idleMillis < 0) {
            throw new IllegalArgumentException("engine health figures must be >= 0");
        }
    }
}
