package org.shuyu.controller.adapter.arrow;

import static java.util.Objects.requireNonNull;

import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.FloatingPointVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.shuyu.controller.audit.Sha256;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.product.SnapshotStore;
import org.springframework.stereotype.Component;

/**
 * Reads product snapshots, the Arrow IPC files (random-access file format) that SNAPSHOT runs of the job runtime write.
 * Each call reads with its own child of this store's allocator (made on first use) and releases every buffer before it
 * returns. Values come
 * back as the port's Java types: Utf8 → String, Int → Long (unsigned 64-bit is refused), FloatingPoint → Double (a
 * single-precision value through its decimal text), Decimal → BigDecimal, Bool → Boolean, Date → LocalDate, Timestamp
 * with a time zone → Instant. Any other type, a dictionary-encoded column, an IO or format error, or an unknown column
 * is {@code SNAPSHOT_UNREADABLE}.
 */
@Component
public class ArrowSnapshotStore implements SnapshotStore, AutoCloseable {

    /** Null until first used when the store owns it (so a JVM without the java.nio opening still starts). */
    private BufferAllocator allocator;
    private final boolean ownsAllocator;
    private boolean closed;

    /** A store with its own root allocator, made on first use and closed with the store. */
    public ArrowSnapshotStore() {
        this.allocator = null;
        this.ownsAllocator = true;
    }

    /** A store reading with children of {@code parent} (which stays the caller's to close). */
    ArrowSnapshotStore(BufferAllocator parent) {
        this.allocator = requireNonNull(parent, "parent is null");
        this.ownsAllocator = false;
    }

    /** A child allocator for one call. */
    private synchronized BufferAllocator child(String name) {
        if (closed) {
            throw new IllegalStateException("the snapshot store is closed");
        }
        if (allocator == null) {
            allocator = new RootAllocator();
        }
        return allocator.newChildAllocator(name, 0, Long.MAX_VALUE);
    }

    @Override
    public SnapshotInfo describe(Path file) {
        requireNonNull(file, "file is null");
        try (BufferAllocator child = child("describe");
                ArrowFileReader reader = open(file, child)) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            List<SnapshotColumn> columns = new ArrayList<>();
            for (Field field : root.getSchema().getFields()) {
                columns.add(new SnapshotColumn(field.getName(), field.getType().toString()));
            }
            long rows = 0;
            for (ArrowBlock block : reader.getRecordBlocks()) {
                if (!reader.loadRecordBatch(block)) {
                    throw new IOException("record batch at offset " + block.getOffset() + " cannot be read");
                }
                rows += root.getRowCount();
            }
            long bytes = Files.size(file);
            return new SnapshotInfo(columns, rows, bytes, sha256(file));
        } catch (IOException | RuntimeException e) {
            throw unreadable(file, e);
        }
    }

    @Override
    public void scan(Path file, List<String> columns, Consumer<List<Object>> row) {
        requireNonNull(file, "file is null");
        requireNonNull(columns, "columns is null");
        requireNonNull(row, "row is null");
        try (BufferAllocator child = child("scan");
                ArrowFileReader reader = open(file, child)) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            List<Field> fields = root.getSchema().getFields();
            Map<String, Integer> index = new HashMap<>();
            for (int i = 0; i < fields.size(); i++) {
                index.putIfAbsent(fields.get(i).getName(), i);
            }
            int[] positions = new int[columns.size()];
            ValueReader[] readers = new ValueReader[columns.size()];
            for (int c = 0; c < columns.size(); c++) {
                String name = requireNonNull(columns.get(c), "column name is null");
                Integer position = index.get(name);
                if (position == null) {
                    throw new SandboxException(ErrorCode.SNAPSHOT_UNREADABLE, "snapshot " + file.getFileName() + " has no column '"
                            + name + "' (it has " + fields.stream().map(Field::getName).toList() + ")");
                }
                positions[c] = position;
                readers[c] = valueReader(fields.get(position));
            }
            for (ArrowBlock block : reader.getRecordBlocks()) {
                if (!reader.loadRecordBatch(block)) {
                    throw new IOException("record batch at offset " + block.getOffset() + " cannot be read");
                }
                List<FieldVector> vectors = root.getFieldVectors();
                for (int r = 0; r < root.getRowCount(); r++) {
                    Object[] values = new Object[positions.length];
                    for (int c = 0; c < positions.length; c++) {
                        FieldVector vector = vectors.get(positions[c]);
                        values[c] = vector.isNull(r) ? null : readers[c].read(vector, r);
                    }
                    try {
                        row.accept(Collections.unmodifiableList(Arrays.asList(values)));
                    } catch (RuntimeException | Error e) {
                        throw new CallerFailure(e);
                    }
                }
            }
        } catch (CallerFailure e) {
            // The caller's own failure: passed on as it is, never reported as an unreadable snapshot.
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw (RuntimeException) e.getCause();
        } catch (IOException | RuntimeException e) {
            throw unreadable(file, e);
        }
    }

    /** An exception thrown by the row consumer, carried out of the reading code unchanged. */
    private static final class CallerFailure extends RuntimeException {
        CallerFailure(Throwable cause) {
            super(cause);
        }
    }

    /** Reads row {@code row} (not null) of a vector as the port's Java value. */
    @FunctionalInterface
    private interface ValueReader {
        Object read(FieldVector vector, int row);
    }

    private static ValueReader valueReader(Field field) {
        if (field.getDictionary() != null) {
            throw unsupported(field, "dictionary-encoded");
        }
        ArrowType type = field.getType();
        if (type instanceof ArrowType.Utf8 || type instanceof ArrowType.LargeUtf8) {
            return (vector, row) -> vector.getObject(row).toString();
        } else if (type instanceof ArrowType.Int integer) {
            if (!integer.getIsSigned() && integer.getBitWidth() == 64) {
                throw unsupported(field, "unsigned 64-bit (does not fit a Long)");
            }
            return (vector, row) -> ((BaseIntVector) vector).getValueAsLong(row);
        } else if (type instanceof ArrowType.FloatingPoint floating) {
            if (floating.getPrecision() == FloatingPointPrecision.SINGLE) {
                return (vector, row) -> Double.parseDouble(Float.toString(((Float4Vector) vector).get(row)));
            }
            return (vector, row) -> ((FloatingPointVector) vector).getValueAsDouble(row);
        } else if (type instanceof ArrowType.Decimal) {
            return (vector, row) -> (BigDecimal) vector.getObject(row);
        } else if (type instanceof ArrowType.Bool) {
            return (vector, row) -> (Boolean) vector.getObject(row);
        } else if (type instanceof ArrowType.Date date) {
            return switch (date.getUnit()) {
                case DAY -> (vector, row) -> LocalDate.ofEpochDay(((DateDayVector) vector).get(row));
                case MILLISECOND -> (vector, row) -> LocalDate.ofEpochDay(Math.floorDiv(((DateMilliVector) vector).get(row), 86_400_000L));
            };
        } else if (type instanceof ArrowType.Timestamp timestamp) {
            if (timestamp.getTimezone() == null || timestamp.getTimezone().isEmpty()) {
                throw unsupported(field, "a timestamp without a time zone (not an instant)");
            }
            TimeUnit unit = timestamp.getUnit();
            return (vector, row) -> instant(((TimeStampVector) vector).get(row), unit);
        }
        throw unsupported(field, "not a type a snapshot carries");
    }

    private static Instant instant(long value, TimeUnit unit) {
        return switch (unit) {
            case SECOND -> Instant.ofEpochSecond(value);
            case MILLISECOND -> Instant.ofEpochMilli(value);
            case MICROSECOND -> Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000L), Math.floorMod(value, 1_000_000L) * 1_000L);
            case NANOSECOND -> Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000_000L), Math.floorMod(value, 1_000_000_000L));
        };
    }

    private static SandboxException unsupported(Field field, String why) {
        return new SandboxException(ErrorCode.SNAPSHOT_UNREADABLE, "column '" + field.getName() + "' of type " + field.getType()
                + " cannot be read: " + why);
    }

    private static ArrowFileReader open(Path file, BufferAllocator allocator) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        ArrowFileReader reader;
        try {
            reader = new ArrowFileReader(channel, allocator);
        } catch (RuntimeException e) {
            channel.close();
            throw e;
        }
        try {
            reader.getVectorSchemaRoot(); // reads footer and schema now: a file that is not Arrow fails here
            return reader;
        } catch (IOException | RuntimeException e) {
            try {
                reader.close(); // also closes the channel
            } catch (IOException | RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static String sha256(Path file) throws IOException {
        return Sha256.hexOfFile(file);
    }

    private static SandboxException unreadable(Path file, Exception e) {
        if (e instanceof SandboxException sandbox) {
            return sandbox;
        }
        String why = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + e.getMessage().strip().lines().findFirst().orElse("");
        return new SandboxException(ErrorCode.SNAPSHOT_UNREADABLE, "snapshot " + file + " cannot be read as an Arrow IPC file: " + why, e);
    }

    /** Releases this store's own allocator (a store given a parent allocator leaves it open). */
    @Override
    @PreDestroy
    public synchronized void close() {
        closed = true;
        if (ownsAllocator && allocator != null) {
            allocator.close();
            allocator = null;
        }
    }
}
