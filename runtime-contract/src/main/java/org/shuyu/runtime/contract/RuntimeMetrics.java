package org.shuyu.runtime.contract;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * What a run used ({@value RuntimeFiles#METRICS}): process CPU seconds, peak resident memory, wall time since the
 * runtime started, and each step's duration.
 */
@JsonPropertyOrder({"cpuSeconds", "peakMemoryBytes", "wallMillis", "steps"})
public record RuntimeMetrics(@JsonProperty(required = true) double cpuSeconds,
        @JsonProperty(required = true) long peakMemoryBytes, @JsonProperty(required = true) long wallMillis,
        List<Step> steps) {

    public RuntimeMetrics {
        if (!(cpuSeconds >= 0) || Double.isInfinite(cpuSeconds)) {
            throw new IllegalArgumentException("cpuSeconds " + cpuSeconds + " is not a finite number >= 0");
        }
        if (peakMemoryBytes < 0 || wallMillis < 0) {
            throw new IllegalArgumentException("peakMemoryBytes and wallMillis must be >= 0");
        }
        steps = Checks.list(steps, "steps");
    }

    /** One step's duration. */
    @JsonPropertyOrder({"index", "millis"})
    public record Step(@JsonProperty(required = true) int index, @JsonProperty(required = true) long millis) {
        public Step {
            if (index < 1 || millis < 0) {
                throw new IllegalArgumentException("step " + index + " (" + millis + " ms): index must be >= 1, millis >= 0");
            }
        }
    }
}
