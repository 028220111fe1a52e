package org.shuyu.jobs.engine.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.spark.connect.proto.ExecutePlanResponse;
import org.apache.spark.connect.proto.LocalRelation;
import org.apache.spark.connect.proto.Relation;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.jobs.JobsErrorCode;
import org.sparkproject.connect.protobuf.ByteString;

@Tag("R-19a")
class ResultCapTest {
    static final int CAP = 10;

    @Test
    void rowsUpToTheCapPassAndTheBatchThatCrossesItIsRefused() {
        ResultCap cap = new ResultCap(CAP);
        cap.admit(batch("op-1", "r1", 4));
        cap.admit(batch("op-1", "r2", 6));
        assertThat(cap.exhausted("s", "op-1")).isFalse();
        assertTooLarge(() -> cap.admit(batch("op-1", "r3", 1)));
        assertThat(cap.exhausted("s", "op-1")).isTrue();
        // Once over, nothing more of that operation goes out, even an empty response.
        assertTooLarge(() -> cap.admit(batch("op-1", "r4", 0)));
        // Other operations are counted on their own, and so is the same operation id of another session.
        cap.admit(batch("op-2", "r1", CAP));
        cap.admit(batch("op-1", "r1", CAP).toBuilder().setSessionId("other").build());
        assertThat(cap.exhausted("other", "op-1")).isFalse();
    }

    @Test
    void aResponseResentAfterAReattachIsCountedOnceAndChunksByTheirFirstChunk() {
        ResultCap cap = new ResultCap(CAP);
        cap.admit(batch("op", "r1", 8));
        cap.admit(batch("op", "r1", 8));
        ExecutePlanResponse.ArrowBatch chunked = ExecutePlanResponse.ArrowBatch.newBuilder().setRowCount(2)
                .setChunkIndex(0).setNumChunksInBatch(2).build();
        cap.admit(response("op", "r2").setArrowBatch(chunked).build());
        cap.admit(response("op", "r3").setArrowBatch(chunked.toBuilder().setChunkIndex(1)).build());
        assertTooLarge(() -> cap.admit(batch("op", "r4", 1)));
    }

    @Test
    void inlineRowsOfASqlCommandResultCount() throws IOException {
        ResultCap cap = new ResultCap(CAP);
        ExecutePlanResponse small = sqlResult("op-s", ipc(CAP));
        cap.admit(small);
        assertThat(ResultCap.rowsOf(small)).isEqualTo(CAP);
        ExecutePlanResponse large = sqlResult("op-l", ipc(CAP + 1));
        assertTooLarge(() -> new ResultCap(CAP).admit(large));
    }

    @Test
    void aReleasedOperationIsForgottenUnlessItWentOver() {
        ResultCap cap = new ResultCap(CAP);
        cap.admit(batch("a", "r1", CAP));
        cap.released("s", "a");
        cap.admit(batch("a", "r9", CAP));
        assertTooLarge(() -> cap.admit(batch("b", "r1", CAP + 1)));
        cap.released("s", "b");
        assertThat(cap.exhausted("s", "b")).isTrue();
    }

    private static void assertTooLarge(Runnable admit) {
        assertThatThrownBy(admit::run).isInstanceOfSatisfying(ConnectRefusal.class,
                r -> assertThat(r.code()).isEqualTo(JobsErrorCode.CONNECT_RESULT_TOO_LARGE));
    }

    private static ExecutePlanResponse.Builder response(String operation, String responseId) {
        return ExecutePlanResponse.newBuilder().setSessionId("s").setOperationId(operation).setResponseId(responseId);
    }

    private static ExecutePlanResponse batch(String operation, String responseId, long rows) {
        return response(operation, responseId).setArrowBatch(ExecutePlanResponse.ArrowBatch.newBuilder()
                .setRowCount(rows).setData(ByteString.EMPTY)).build();
    }

    private static ExecutePlanResponse sqlResult(String operation, byte[] ipc) {
        return response(operation, "r1").setSqlCommandResult(ExecutePlanResponse.SqlCommandResult.newBuilder()
                .setRelation(Relation.newBuilder().setLocalRelation(LocalRelation.newBuilder()
                        .setData(ByteString.copyFrom(ipc))))).build();
    }

    /** An Arrow IPC stream of {@code rows} integers in two batches. */
    private static byte[] ipc(int rows) throws IOException {
        try (BufferAllocator allocator = new RootAllocator();
             IntVector vector = new IntVector("n", allocator);
             VectorSchemaRoot root = VectorSchemaRoot.of(vector)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ArrowStreamWriter writer = new ArrowStreamWriter(root, null, out)) {
                writer.start();
                for (int size : List.of(rows / 2, rows - rows / 2)) {
                    vector.allocateNew(size);
                    for (int i = 0; i < size; i++) {
                        vector.set(i, i);
                    }
                    vector.setValueCount(size);
                    root.setRowCount(size);
                    writer.writeBatch();
                }
                writer.end();
            }
            return out.toByteArray();
        }
    }
}
