package org.shuyu.runtime.contract;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Control API {@code GET /statements/{statementId}}: where a statement is. {@code status} is set once it ended (the
 * same {@link RuntimeStatus} a batch run reports, scrubbed the same way), {@code result} once a query succeeded (the
 * first rows as text, masked as in a preview; {@code truncated} when there were more), {@code metrics} once it ended
 * (CPU seconds of its Spark tasks, the engine's peak memory, its wall time).
 */
@JsonPropertyOrder({"statementId", "sessionId", "state", "progress", "elapsedMillis", "status", "result", "metrics"})
public record EngineStatementState(String statementId, String sessionId, State state, Progress progress,
        @JsonProperty(required = true) long elapsedMillis, Optional<RuntimeStatus> status, Optional<Result> result,
        Optional<RuntimeMetrics> metrics) {

    /** Where a statement is; the last four are final. */
    public enum State {
        QUEUED, RUNNING, SUCCEEDED, FAILED, REFUSED, CANCELLED;

        public boolean isFinal() {
            return this != QUEUED && this != RUNNING;
        }
    }

    public EngineStatementState {
        Checks.text(statementId, "statementId");
        Checks.text(sessionId, "sessionId");
        Checks.present(state, "state");
        Checks.present(progress, "progress");
        if (elapsedMillis < 0) {
            throw new IllegalArgumentException("elapsedMillis must be >= 0");
        }
        requireNonNull(status, "status is null");
        requireNonNull(result, "result is null");
        requireNonNull(metrics, "metrics is null");
        if (state.isFinal() && status.isEmpty()) {
            throw new IllegalArgumentException("a final state needs a status");
        }
    }

    /** Spark stages and tasks of the statement's job group so far. */
    @JsonPropertyOrder({"stagesTotal", "stagesDone", "tasksTotal", "tasksDone"})
    public record Progress(@JsonProperty(required = true) int stagesTotal, @JsonProperty(required = true) int stagesDone,
            @JsonProperty(required = true) int tasksTotal, @JsonProperty(required = true) int tasksDone) {
        public static final Progress NONE = new Progress(0, 0, 0, 0);

        public Progress {
            if (stagesTotal < 0 || stagesDone < 0 || tasksTotal < 0 || tasksDone < 0) {
                throw new IllegalArgumentException("progress counts must be >= 0");
            }
        }
    }

    /** The first rows of a query's result, values as text ({@code null} for SQL NULL). */
    @JsonPropertyOrder({"columns", "rows", "truncated"})
    public record Result(List<Column> columns, @JsonDeserialize(using = RowsDeserializer.class) List<List<String>> rows,
            @JsonProperty(required = true) boolean truncated) {
        public Result {
            columns = Checks.list(columns, "columns");
            requireNonNull(rows, "rows is null");
            rows = rows.stream().map(row -> Collections.unmodifiableList(new ArrayList<>(row))).toList();
        }
    }

    /**
     * Rows are the one place of the contract where {@code null} is a value (SQL NULL): an array of arrays of strings or
     * nulls, nothing else (no numbers, no objects, no null row).
     */
    static final class RowsDeserializer extends StdDeserializer<List<List<String>>> {
        RowsDeserializer() {
            super(List.class);
        }

        @Override
        public List<List<String>> deserialize(JsonParser p, DeserializationContext context) throws IOException {
            if (p.currentToken() != JsonToken.START_ARRAY) {
                return fail(p, context, "rows must be an array of arrays");
            }
            List<List<String>> rows = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                if (p.currentToken() != JsonToken.START_ARRAY) {
                    return fail(p, context, "each row must be an array");
                }
                List<String> row = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    if (p.currentToken() == JsonToken.VALUE_NULL) {
                        row.add(null);
                    } else if (p.currentToken() == JsonToken.VALUE_STRING) {
                        row.add(p.getText());
                    } else {
                        return fail(p, context, "each value must be a string or null");
                    }
                }
                rows.add(row);
            }
            return rows;
        }

        private static List<List<String>> fail(JsonParser p, DeserializationContext context, String message)
                throws IOException {
            throw MismatchedInputException.from(p, List.class, message);
        }
    }

    /** A result column: its name and Spark SQL type. */
    @JsonPropertyOrder({"name", "type"})
    public record Column(String name, String type) {
        public Column {
            Checks.present(name, "name");
            Checks.text(type, "type");
        }
    }
}
