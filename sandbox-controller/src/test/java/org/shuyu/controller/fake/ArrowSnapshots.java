package org.shuyu.controller.fake;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/** Writes and reads small product snapshots (Arrow IPC files, as the snapshot job writes them) for adapter tests. */
public final class ArrowSnapshots {
    public static final Schema SCHEMA = new Schema(List.of(
            Field.nullable("id", new ArrowType.Int(64, true)),
            Field.nullable("amount", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
            Field.nullable("industry", ArrowType.Utf8.INSTANCE)));

    private ArrowSnapshots() {}

    /** {@code rows} rows (id, amount, industry) in batches of {@code batchRows}. */
    public static Path write(Path file, int rows, int batchRows) throws IOException {
        try (BufferAllocator allocator = new RootAllocator();
                VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
                FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                        StandardOpenOption.WRITE);
                ArrowFileWriter writer = new ArrowFileWriter(root, null, channel)) {
            writer.start();
            BigIntVector id = (BigIntVector) root.getVector("id");
            Float8Vector amount = (Float8Vector) root.getVector("amount");
            VarCharVector industry = (VarCharVector) root.getVector("industry");
            for (int start = 0; start < rows; start += batchRows) {
                int n = Math.min(batchRows, rows - start);
                root.allocateNew();
                for (int i = 0; i < n; i++) {
                    long row = start + i;
                    id.setSafe(i, row);
                    amount.setSafe(i, row * 0.5);
                    industry.setSafe(i, ("industry-" + row % 17).getBytes(StandardCharsets.UTF_8));
                }
                root.setRowCount(n);
                writer.writeBatch();
            }
            writer.end();
        }
        return file;
    }

    /** Each record batch of the file as TSV text, and the sum of the batches' body lengths. */
    public static Content read(Path file) throws IOException {
        List<String> batches = new ArrayList<>();
        long bodyBytes = 0;
        try (BufferAllocator allocator = new RootAllocator();
                FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
                ArrowFileReader reader = new ArrowFileReader(channel, allocator)) {
            for (ArrowBlock block : reader.getRecordBlocks()) {
                reader.loadRecordBatch(block);
                batches.add(reader.getVectorSchemaRoot().contentToTSVString());
                bodyBytes += block.getBodyLength();
            }
        }
        return new Content(batches, bodyBytes);
    }

    public record Content(List<String> batches, long bodyBytes) {
        public Content {
            batches = List.copyOf(batches);
        }
    }
}
