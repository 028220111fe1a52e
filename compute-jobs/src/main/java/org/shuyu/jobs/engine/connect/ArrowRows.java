package org.shuyu.jobs.engine.connect;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.sparkproject.connect.protobuf.ByteString;

/** Counts the rows of an Arrow IPC stream (the inline rows of a SQL command's result) without keeping them. */
final class ArrowRows {
    private ArrowRows() {
    }

    static long count(ByteString ipcStream) {
        if (ipcStream.isEmpty()) {
            return 0;
        }
        try (BufferAllocator allocator = new RootAllocator();
             ArrowStreamReader reader = new ArrowStreamReader(ipcStream.newInput(), allocator)) {
            long rows = 0;
            while (reader.loadNextBatch()) {
                rows += reader.getVectorSchemaRoot().getRowCount();
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException("the Arrow rows of a result could not be counted", e);
        }
    }
}
