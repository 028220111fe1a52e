package org.shuyu.lineage;

import java.util.List;
import java.util.Objects;

/**
 * What one statement of a job reads and writes, reported by the job runtime to the controller.
 *
 * <p>The runtime reports <em>before</em> it executes a statement ({@link Phase#START}, with the lineage derived
 * from the analysed plan) and again when the statement ended ({@link Phase#COMPLETE} or {@link Phase#FAIL}, which
 * carry no datasets). A statement runs only after its START was stored, so no data is ever written without its
 * lineage; outputs of a statement whose COMPLETE never arrived are quarantined by the controller.
 *
 * <p>{@code step} is the 1-based step index (the preview is step 1). {@code eventTime} is ISO-8601. The wire form
 * is these records as JSON (field names as here); both sides bind them with their own Jackson.
 */
public record LineageEvent(String jobId, int step, Phase phase, String eventTime, StatementKind statement,
        List<InputDataset> inputs, List<OutputDataset> outputs, List<ColumnEdge> edges, String message) {
    /** Bounds on one event; a statement beyond them is refused by the runtime rather than recorded partially. */
    public static final int MAX_DATASETS = 1_000;
    public static final int MAX_EDGES = 100_000;
    public static final int MAX_STEPS = 10_000;

    public enum Phase { START, COMPLETE, FAIL }

    public LineageEvent {
        Objects.requireNonNull(jobId, "jobId is null");
        if (jobId.isBlank() || jobId.length() > 64) {
            throw new IllegalArgumentException("jobId must be 1 to 64 characters");
        }
        if (step < 1 || step > MAX_STEPS) {
            throw new IllegalArgumentException("step must be 1 to " + MAX_STEPS + ", got " + step);
        }
        Objects.requireNonNull(phase, "phase is null");
        Objects.requireNonNull(eventTime, "eventTime is null");
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
        edges = edges == null ? List.of() : List.copyOf(edges);
        if (phase == Phase.START) {
            Objects.requireNonNull(statement, "statement is null");
        } else if (!inputs.isEmpty() || !outputs.isEmpty() || !edges.isEmpty()) {
            throw new IllegalArgumentException(phase + " carries no datasets; they belong to START");
        }
        if (inputs.size() + outputs.size() > MAX_DATASETS) {
            throw new IllegalArgumentException("at most " + MAX_DATASETS + " datasets per statement");
        }
        if (edges.size() > MAX_EDGES) {
            throw new IllegalArgumentException("at most " + MAX_EDGES + " column edges per statement");
        }
        if (message != null && message.length() > 2_000) {
            message = message.substring(0, 2_000);
        }
        for (ColumnEdge edge : edges) {
            if (outputs.stream().noneMatch(o -> o.name().equals(edge.target().dataset()))) {
                throw new IllegalArgumentException("edge target " + edge.target() + " is not an output");
            }
            if (inputs.stream().noneMatch(i -> i.name().equals(edge.source().dataset()))) {
                throw new IllegalArgumentException("edge source " + edge.source() + " is not an input");
            }
        }
    }

    public static LineageEvent start(String jobId, int step, String eventTime, StatementKind statement,
            List<InputDataset> inputs, List<OutputDataset> outputs, List<ColumnEdge> edges) {
        return new LineageEvent(jobId, step, Phase.START, eventTime, statement, inputs, outputs, edges, null);
    }

    public static LineageEvent complete(String jobId, int step, String eventTime) {
        return new LineageEvent(jobId, step, Phase.COMPLETE, eventTime, null, List.of(), List.of(), List.of(), null);
    }

    public static LineageEvent fail(String jobId, int step, String eventTime, String message) {
        return new LineageEvent(jobId, step, Phase.FAIL, eventTime, null, List.of(), List.of(), List.of(), message);
    }
}
