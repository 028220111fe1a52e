package org.shuyu.jobs.engine.connect;

import static java.util.Objects.requireNonNull;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.spark.connect.proto.ExecutePlanResponse;
import org.apache.spark.connect.proto.Relation;
import org.shuyu.jobs.JobsErrorCode;
import org.sparkproject.connect.grpc.Status;

/**
 * Counts the rows Spark Connect sends for each operation (ExecutePlan and every ReattachExecute of it together; a
 * response re-sent after a reattach is counted once, by its response id) and refuses the response that would take
 * an operation over {@code maxResultRows}. Rows are Arrow batches (the first chunk of a chunked batch carries its row
 * count) and the inline rows of a SQL command's result. An operation that hit the cap stays refused: a reattach to
 * it is refused before anything is sent. Bookkeeping is bounded (least recently used operations are forgotten).
 */
final class ResultCap {
    static final int MAX_TRACKED_OPERATIONS = 10_000;

    private final int maxResultRows;
    private final Map<String, Counted> operations = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Counted> eldest) {
            return size() > MAX_TRACKED_OPERATIONS;
        }
    };

    ResultCap(int maxResultRows) {
        this.maxResultRows = maxResultRows;
    }

    /** Lets {@code response} go out, or throws CONNECT_RESULT_TOO_LARGE (the operation is then marked exhausted). */
    synchronized void admit(ExecutePlanResponse response) {
        requireNonNull(response, "response is null");
        Counted counted = operations.computeIfAbsent(key(response.getSessionId(), response.getOperationId()),
                id -> new Counted());
        if (counted.exhausted) {
            throw tooLarge();
        }
        long rows = rowsOf(response);
        if (rows > 0 && (response.getResponseId().isEmpty() || counted.responses.add(response.getResponseId()))) {
            counted.rows += rows;
        }
        if (counted.rows > maxResultRows) {
            counted.exhausted = true;
            counted.responses.clear();
            throw tooLarge();
        }
        if (response.hasResultComplete()) {
            counted.responses.clear();
        }
    }

    /** Whether an operation hit the cap (its reattaches are refused). */
    synchronized boolean exhausted(String sessionId, String operationId) {
        Counted counted = operations.get(key(sessionId, operationId));
        return counted != null && counted.exhausted;
    }

    /** The operation was released by the client: nothing more will be sent for it unless it was exhausted. */
    synchronized void released(String sessionId, String operationId) {
        Counted counted = operations.get(key(sessionId, operationId));
        if (counted != null && !counted.exhausted) {
            operations.remove(key(sessionId, operationId));
        }
    }

    /** Operation ids are chosen by clients: they are counted per Connect session (sessions are per member). */
    private static String key(String sessionId, String operationId) {
        return sessionId + "\u0000" + operationId;
    }

    static long rowsOf(ExecutePlanResponse response) {
        if (response.hasArrowBatch()) {
            ExecutePlanResponse.ArrowBatch batch = response.getArrowBatch();
            return !batch.hasChunkIndex() || batch.getChunkIndex() == 0 ? batch.getRowCount() : 0;
        }
        if (response.hasSqlCommandResult() && response.getSqlCommandResult().hasRelation()) {
            Relation relation = response.getSqlCommandResult().getRelation();
            if (relation.hasLocalRelation() && relation.getLocalRelation().hasData()) {
                return ArrowRows.count(relation.getLocalRelation().getData());
            }
        }
        return 0;
    }

    private ConnectRefusal tooLarge() {
        return new ConnectRefusal(JobsErrorCode.CONNECT_RESULT_TOO_LARGE,
                Status.Code.RESOURCE_EXHAUSTED,
                "the result has more than " + maxResultRows + " rows, the cap of results sent to clients; write it to "
                        + "a workspace table (saveAsTable or CREATE TABLE ... AS SELECT) instead");
    }

    private static final class Counted {
        long rows;
        boolean exhausted;
        final Set<String> responses = new HashSet<>();
    }
}
