package org.shuyu.jobs.runtime;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampType;

/**
 * Writes a snapshot: rows of a workspace table as an Arrow IPC file (the random-access "file" format), in record
 * batches of {@value #BATCH_ROWS} rows, to a temporary file that is renamed to {@value #FILE} only when complete.
 *
 * <p>Types: string → Utf8; byte, short, int, long → Int(8/16/32/64, signed); float, double → FloatingPoint(DOUBLE)
 * (a float is widened through its decimal text, so 1.1f stays 1.1); decimal(p,s) → Decimal(p,s,128); boolean → Bool;
 * date → Date(DAY); timestamp → Timestamp(MICROSECOND, "UTC"). Every other type is cast to string by Spark first
 * ({@link #prepared}) and written as Utf8. Every field is nullable and nulls stay null.
 */
public final class ArrowSnapshotWriter {
    /** The snapshot's file name in the job's output directory. */
    public static final String FILE = org.shuyu.runtime.contract.RuntimeFiles.SNAPSHOT_ARROW;
    /** Rows per record batch. */
    public static final int BATCH_ROWS = 4096;
    private static final String UTC = "UTC";

    private ArrowSnapshotWriter() {}

    /** Whether a Spark type is written as its own Arrow type (otherwise it is cast to string first). */
    public static boolean direct(DataType type) {
        return type instanceof StringType || type instanceof ByteType || type instanceof ShortType
                || type instanceof IntegerType || type instanceof LongType || type instanceof FloatType
                || type instanceof DoubleType || type instanceof DecimalType || type instanceof BooleanType
                || type instanceof DateType || type instanceof TimestampType;
    }

    /** The Arrow type a directly written Spark type becomes. */
    public static ArrowType arrowType(DataType type) {
        if (type instanceof StringType) {
            return ArrowType.Utf8.INSTANCE;
        } else if (type instanceof ByteType) {
            return new ArrowType.Int(8, true);
        } else if (type instanceof ShortType) {
            return new ArrowType.Int(16, true);
        } else if (type instanceof IntegerType) {
            return new ArrowType.Int(32, true);
        } else if (type instanceof LongType) {
            return new ArrowType.Int(64, true);
        } else if (type instanceof FloatType || type instanceof DoubleType) {
            return new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
        } else if (type instanceof DecimalType decimal) {
            return new ArrowType.Decimal(decimal.precision(), decimal.scale(), 128);
        } else if (type instanceof BooleanType) {
            return ArrowType.Bool.INSTANCE;
        } else if (type instanceof DateType) {
            return new ArrowType.Date(DateUnit.DAY);
        } else if (type instanceof TimestampType) {
            return new ArrowType.Timestamp(TimeUnit.MICROSECOND, UTC);
        }
        throw new IllegalArgumentException("no direct Arrow type for " + type.simpleString() + " (cast it to string)");
    }

    /** The rows with every column that has no direct Arrow type cast to string (names unchanged). */
    public static Dataset<Row> prepared(Dataset<Row> rows) {
        boolean allDirect = true;
        List<Column> columns = new ArrayList<>();
        for (StructField field : rows.schema().fields()) {
            Column column = functions.col("`" + field.name().replace("`", "``") + "`");
            if (direct(field.dataType())) {
                columns.add(column);
            } else {
                allDirect = false;
                columns.add(column.cast("string").as(field.name()));
            }
        }
        return allDirect ? rows : rows.select(columns.toArray(new Column[0]));
    }

    /**
     * Writes {@code rows} (of {@code schema}, every column of a direct type) to {@code <dir>/snapshot.arrow}. If there are
     * more than {@code maxRows} rows it throws {@link SnapshotTooLargeException} and writes nothing; on any failure the
     * temporary file is removed and no snapshot.arrow appears.
     */
    public static SnapshotResult write(String table, StructType schema, Iterator<Row> rows, long maxRows, Path dir)
            throws IOException {
        requireNonNull(table, "table is null");
        requireNonNull(schema, "schema is null");
        requireNonNull(rows, "rows is null");
        requireNonNull(dir, "dir is null");
        if (maxRows < 0) {
            throw new IllegalArgumentException("maxRows must not be negative");
        }
        List<Field> fields = new ArrayList<>();
        List<SnapshotResult.Column> columns = new ArrayList<>();
        for (StructField field : schema.fields()) {
            ArrowType type = arrowType(field.dataType());
            fields.add(new Field(field.name(), FieldType.nullable(type), null));
            columns.add(new SnapshotResult.Column(field.name(), type.toString(), field.dataType().simpleString()));
        }
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + FILE, ".tmp");
        try {
            long count;
            try (BufferAllocator allocator = new RootAllocator();
                    VectorSchemaRoot root = VectorSchemaRoot.create(new Schema(fields), allocator);
                    FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                    ArrowFileWriter writer = new ArrowFileWriter(root, null, channel)) {
                List<Setter> setters = new ArrayList<>();
                StructField[] structFields = schema.fields();
                for (int i = 0; i < structFields.length; i++) {
                    setters.add(setter(structFields[i].dataType(), root.getVector(i)));
                }
                writer.start();
                root.allocateNew();
                count = 0;
                int inBatch = 0;
                while (rows.hasNext()) {
                    Row row = rows.next();
                    if (++count > maxRows) {
                        throw new SnapshotTooLargeException(table, maxRows);
                    }
                    for (int i = 0; i < setters.size(); i++) {
                        setters.get(i).set(inBatch, row, i);
                    }
                    if (++inBatch == BATCH_ROWS) {
                        root.setRowCount(inBatch);
                        writer.writeBatch();
                        root.allocateNew();
                        inBatch = 0;
                    }
                }
                if (inBatch > 0) {
                    root.setRowCount(inBatch);
                    writer.writeBatch();
                }
                writer.end();
            }
            long bytes = Files.size(tmp);
            Files.move(tmp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return new SnapshotResult(count, bytes, columns);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Sets row {@code index} of one vector from column {@code column} of a Spark row (null stays null). */
    @FunctionalInterface
    private interface Setter {
        void set(int index, Row row, int column);
    }

    private static Setter setter(DataType type, FieldVector vector) {
        if (type instanceof StringType) {
            VarCharVector v = (VarCharVector) vector;
            return (i, row, c) -> {
                if (row.isNullAt(c)) {
                    v.setNull(i);
                } else {
                    v.setSafe(i, row.getString(c).getBytes(StandardCharsets.UTF_8));
                }
            };
        } else if (type instanceof ByteType) {
            TinyIntVector v = (TinyIntVector) vector;
            return (i, row, c) -> {
                if (row.isNullAt(c)) {
                    v.setNull(i);
                } else {
                    v.setSafe(i, row.getByte(c));
                }
            };
        } else if (type instanceof ShortType) {
            SmallIntVector v = (SmallIntVector) vector;
            return (i, row, c) -> {
                if (row.isNullAt(c)) {
                    v.setNull(i);
                } else {
                    v.setSafe(i, row.getShort(c));
                }
            };
        } else if (type instanceof IntegerType) {
            IntVector v = (IntVector) vector;
            return (i, row, c) -> {
                if (row.isNullAt(c)) {
                    v.setNull(i);
                } else {
                    v.setSafe(i, row.getInt(c));
                }
            };
        } else if (type instanceof LongType) {
            BigIntVector v = (BigIntVector) vector;
            return (i, row, c) -> {
                if (row.isNullAt(c)) {
                    v.setNull(i);
                } else {
                    v.setSafe(i, row.getLong(c));
                }
            };
        } else if (type instanceof FloatType) {
            Float8Vector v = (Float8Vector) vector;
            return (i, row, c) -> {
                if (row.isNullAt(c)) {
                    v.setNull(i);
                } else {
                    v.setSafe(i, Double.parseDouble(Float.toString(row.getFloat(c))));
                }
            };
        } else if (type instanceof DoubleType) {
            Float8Vector v = (Float8Vector) vector;
            return (i, row, c) -> {
                if (row.isNullAt(c)) {
                    v.setNull(i);
                } else {
                    v.setSafe(i, row.getDouble(c));
                }
            };
        } else if (type instanceof DecimalType decimal) {
            DecimalVector v = (DecimalVector) vector;
            int scale = decimal.scale();
            return (i, row, c) -> {
                if (row.isNullAt(c)) {
                    v.setNull(i);
                } else {
                    BigDecimal value = row.getDecimal(c);
                    v.setSafe(i, value.scale() == scale ? value : value.setScale(scale, RoundingMode.UNNECESSARY));
                }
            };
        } else if (type instanceof BooleanType) {
            BitVector v = (BitVector) vector;
            return (i, row, c) -> {
                if (row.isNullAt(c)) {
                    v.setNull(i);
                } else {
                    v.setSafe(i, row.getBoolean(c) ? 1 : 0);
                }
            };
        } else if (type instanceof DateType) {
            DateDayVector v = (DateDayVector) vector;
            return (i, row, c) -> {
                if (row.isNullAt(c)) {
                    v.setNull(i);
                } else {
                    v.setSafe(i, Math.toIntExact(epochDay(row.get(c))));
                }
            };
        } else if (type instanceof TimestampType) {
            TimeStampMicroTZVector v = (TimeStampMicroTZVector) vector;
            return (i, row, c) -> {
                if (row.isNullAt(c)) {
                    v.setNull(i);
                } else {
                    v.setSafe(i, epochMicros(row.get(c)));
                }
            };
        }
        throw new IllegalArgumentException("no direct Arrow type for " + type.simpleString() + " (cast it to string)");
    }

    /** A Spark date value (java.sql.Date, or LocalDate with the Java 8 time API on) as days since 1970-01-01. */
    static long epochDay(Object value) {
        if (value instanceof LocalDate date) {
            return date.toEpochDay();
        }
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate().toEpochDay();
        }
        throw new IllegalArgumentException("not a date: " + value.getClass().getName());
    }

    /** A Spark timestamp value (java.sql.Timestamp, or Instant with the Java 8 time API on) as microseconds since the epoch. */
    static long epochMicros(Object value) {
        Instant instant;
        if (value instanceof Instant i) {
            instant = i;
        } else if (value instanceof java.sql.Timestamp timestamp) {
            instant = timestamp.toInstant();
        } else {
            throw new IllegalArgumentException("not a timestamp: " + value.getClass().getName());
        }
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000L);
    }
}
