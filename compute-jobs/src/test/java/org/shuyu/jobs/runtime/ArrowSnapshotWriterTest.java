package org.shuyu.jobs.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The snapshot writer without Spark: rows in, an Arrow IPC file out, read back with {@link ArrowFileReader}. */
class ArrowSnapshotWriterTest {
    private static final StructType ALL_TYPES = DataTypes.createStructType(new StructField[] {
            DataTypes.createStructField("s", DataTypes.StringType, true),
            DataTypes.createStructField("b", DataTypes.ByteType, true),
            DataTypes.createStructField("sh", DataTypes.ShortType, true),
            DataTypes.createStructField("i", DataTypes.IntegerType, true),
            DataTypes.createStructField("l", DataTypes.LongType, true),
            DataTypes.createStructField("f", DataTypes.FloatType, true),
            DataTypes.createStructField("d", DataTypes.DoubleType, true),
            DataTypes.createStructField("dec", DataTypes.createDecimalType(18, 2), true),
            DataTypes.createStructField("bool", DataTypes.BooleanType, true),
            DataTypes.createStructField("day", DataTypes.DateType, true),
            DataTypes.createStructField("ts", DataTypes.TimestampType, true)});

    @TempDir
    Path dir;

    /** The file's schema and every row as Java values (Arrow's getObject), with the batch sizes seen. */
    private record Read(List<Field> fields, List<List<Object>> rows, List<Integer> batches) {}

    private static Read read(Path file) throws Exception {
        try (BufferAllocator allocator = new RootAllocator();
                FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
                ArrowFileReader reader = new ArrowFileReader(channel, allocator)) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            List<List<Object>> rows = new ArrayList<>();
            List<Integer> batches = new ArrayList<>();
            for (ArrowBlock block : reader.getRecordBlocks()) {
                assertThat(reader.loadRecordBatch(block)).isTrue();
                batches.add(root.getRowCount());
                for (int r = 0; r < root.getRowCount(); r++) {
                    List<Object> row = new ArrayList<>();
                    for (FieldVector vector : root.getFieldVectors()) {
                        row.add(vector.getObject(r));
                    }
                    rows.add(row);
                }
            }
            return new Read(root.getSchema().getFields(), rows, batches);
        }
    }

    private static List<String> types(Read read) {
        return read.fields().stream().map(f -> f.getName() + " " + f.getType() + (f.isNullable() ? "" : " not null")).toList();
    }

    @Test
    void everyTypeAndNullRoundTrips() throws Exception {
        Row full = RowFactory.create("Zhang 张", (byte) -7, (short) 1234, 123456, 9_000_000_000L, 1.1f, 2.5,
                new BigDecimal("1234.50"), true, java.sql.Date.valueOf("2024-02-29"),
                java.sql.Timestamp.from(Instant.parse("2024-03-01T08:30:00.123456Z")));
        Row java8 = RowFactory.create("", (byte) 0, (short) 0, 0, 0L, -0.5f, -1e300, new BigDecimal("-0.01"), false,
                LocalDate.of(1969, 12, 31), Instant.parse("1969-12-31T23:59:59.999999Z"));
        Object[] nulls = new Object[ALL_TYPES.size()];
        Row empty = RowFactory.create(nulls);

        SnapshotResult result = ArrowSnapshotWriter.write("t", ALL_TYPES, List.of(full, empty, java8).iterator(), 3, dir);

        Path file = dir.resolve(ArrowSnapshotWriter.FILE);
        assertThat(result.rows()).isEqualTo(3);
        assertThat(result.bytes()).isEqualTo(Files.size(file));
        assertThat(result.columns()).extracting(SnapshotResult.Column::type).containsExactly("Utf8", "Int(8, true)",
                "Int(16, true)", "Int(32, true)", "Int(64, true)", "FloatingPoint(DOUBLE)", "FloatingPoint(DOUBLE)",
                "Decimal(18, 2, 128)", "Bool", "Date(DAY)", "Timestamp(MICROSECOND, UTC)");
        assertThat(result.columns()).extracting(SnapshotResult.Column::sparkType).containsExactly("string", "tinyint",
                "smallint", "int", "bigint", "float", "double", "decimal(18,2)", "boolean", "date", "timestamp");
        Read read = read(file);
        assertThat(types(read)).containsExactly("s Utf8", "b Int(8, true)", "sh Int(16, true)", "i Int(32, true)",
                "l Int(64, true)", "f FloatingPoint(DOUBLE)", "d FloatingPoint(DOUBLE)", "dec Decimal(18, 2, 128)",
                "bool Bool", "day Date(DAY)", "ts Timestamp(MICROSECOND, UTC)");
        assertThat(read.rows()).hasSize(3);
        assertThat(read.rows().get(0)).containsExactly(new org.apache.arrow.vector.util.Text("Zhang 张"), (byte) -7,
                (short) 1234, 123456, 9_000_000_000L, 1.1, 2.5, new BigDecimal("1234.50"), true,
                (int) LocalDate.of(2024, 2, 29).toEpochDay(), 1_709_281_800_123_456L);
        assertThat(read.rows().get(1)).hasSize(ALL_TYPES.size()).containsOnlyNulls();
        assertThat(read.rows().get(2)).containsExactly(new org.apache.arrow.vector.util.Text(""), (byte) 0, (short) 0, 0,
                0L, -0.5, -1e300, new BigDecimal("-0.01"), false, -1, -1L);
        assertThat(Files.list(dir).map(p -> p.getFileName().toString())).containsExactly(ArrowSnapshotWriter.FILE);
    }

    @Test
    void dateValuesAreCalendarDaysWhateverTheTimeZone() throws Exception {
        // java.sql.Date is local midnight; the day written is the calendar day Spark meant, not a UTC shift of it.
        java.util.TimeZone saved = java.util.TimeZone.getDefault();
        try {
            java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("Asia/Shanghai"));
            assertThat(ArrowSnapshotWriter.epochDay(java.sql.Date.valueOf("2024-01-01")))
                    .isEqualTo(LocalDate.of(2024, 1, 1).toEpochDay());
        } finally {
            java.util.TimeZone.setDefault(saved);
        }
    }

    @Test
    void manyRowsAreWrittenInBatches() throws Exception {
        StructType schema = DataTypes.createStructType(new StructField[] {
                DataTypes.createStructField("n", DataTypes.LongType, false)});
        int count = ArrowSnapshotWriter.BATCH_ROWS * 2 + 5;
        Iterator<Row> rows = Stream.iterate(0L, n -> n + 1).limit(count).map(n -> RowFactory.create(n)).iterator();

        SnapshotResult result = ArrowSnapshotWriter.write("t", schema, rows, count, dir);

        Read read = read(dir.resolve(ArrowSnapshotWriter.FILE));
        assertThat(result.rows()).isEqualTo(count);
        assertThat(read.batches()).containsExactly(ArrowSnapshotWriter.BATCH_ROWS, ArrowSnapshotWriter.BATCH_ROWS, 5);
        assertThat(read.rows()).extracting(r -> r.get(0)).containsExactlyElementsOf(
                Stream.iterate(0L, n -> n + 1).limit(count).map(Object.class::cast).toList());
    }

    @Test
    void anEmptyTableIsAFileWithItsSchemaAndNoRows() throws Exception {
        SnapshotResult result = ArrowSnapshotWriter.write("t", ALL_TYPES, List.<Row>of().iterator(), 10, dir);

        Read read = read(dir.resolve(ArrowSnapshotWriter.FILE));
        assertThat(result.rows()).isZero();
        assertThat(result.bytes()).isPositive();
        assertThat(read.fields()).hasSize(ALL_TYPES.size());
        assertThat(read.rows()).isEmpty();
    }

    @Test
    void moreRowsThanTheBoundWriteNothing() throws Exception {
        StructType schema = DataTypes.createStructType(new StructField[] {
                DataTypes.createStructField("n", DataTypes.IntegerType, true)});
        List<Row> rows = Arrays.asList(RowFactory.create(1), RowFactory.create(2), RowFactory.create(3));

        assertThatThrownBy(() -> ArrowSnapshotWriter.write("wide_table", schema, rows.iterator(), 2, dir))
                .isInstanceOf(SnapshotTooLargeException.class)
                .hasMessageContaining("wide_table").hasMessageContaining("more than 2 rows");
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).as("no snapshot, no temporary file").isEmpty();
        }

        // Exactly at the bound is fine.
        assertThat(ArrowSnapshotWriter.write("t", schema, rows.iterator(), 3, dir).rows()).isEqualTo(3);
    }

    @Test
    void typesWithoutADirectArrowTypeAreRefusedByTheWriter() {
        DataType array = DataTypes.createArrayType(DataTypes.IntegerType);
        assertThat(ArrowSnapshotWriter.direct(array)).isFalse();
        assertThat(ArrowSnapshotWriter.direct(DataTypes.BinaryType)).isFalse();
        assertThat(ArrowSnapshotWriter.direct(DataTypes.TimestampNTZType)).isFalse();
        StructType schema = DataTypes.createStructType(new StructField[] {DataTypes.createStructField("a", array, true)});
        assertThatThrownBy(() -> ArrowSnapshotWriter.write("t", schema, List.<Row>of().iterator(), 1, dir))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cast it to string");
    }
}
