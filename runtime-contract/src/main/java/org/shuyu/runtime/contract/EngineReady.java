package org.shuyu.runtime.contract;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * What a warm engine writes ({@value EngineFiles#READY}, atomically) once its Spark context, its sources and both
 * listeners are up: its process id and the ports it bound for the control API and for Spark Connect.
 */
@JsonPropertyOrder({"engineId", "pid", "controlPort", "connectPort", "startMillis"})
public record EngineReady(String engineId, @JsonProperty(required = true) long pid,
        @JsonProperty(required = true) int controlPort, @JsonProperty(required = true) int connectPort,
        @JsonProperty(required = true) long startMillis) {
    public EngineReady {
        Checks.text(engineId, "engineId");
        if (pid < 1) {
            throw new IllegalArgumentException("pid " + pid + " is not a process id");
        }
        if (controlPort < 1 || controlPort > 65535 || connectPort < 1 || connectPort > 65535) {
            throw new IllegalArgumentException("ports must be 1 to 65535");
        }
        if (startMillis < 0) {
            throw new IllegalArgumentException("startMillis must be >= 0");
        }
    }
}
