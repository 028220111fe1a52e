package org.shuyu.controller.adapter.arrow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.product.SnapshotStore;

/**
 * The snapshot store on files written here with Arrow (as the runtime's writer does): every type, nulls, several
 * batches, an empty snapshot; and what it refuses, each time with every buffer released.
 */
class ArrowSnapshotStoreTest {
    private static final List<String> ALL = List.of("s", "b", "sh", "i", "l", "f4", "f8", "dec", "bool", "day", "ts");

    @TempDir
    Path dir;
    private BufferAllocator parent;
    private ArrowSnapshotStore store;

    @BeforeEach
    void open() {
        parent = new RootAllocator();
        store = new ArrowSnapshotStore(parent);
    }

    @AfterEach
    void noLeaks() {
        assertThat(parent.getAllocatedMemory()).as("every buffer released").isZero();
        store.close();
        parent.close();
    }

    private static Field field(String name, ArrowType type) {
        return new Field(name, FieldType.nullable(type), null);
    }

    private static Schema allTypes() {
        return new Schema(List.of(field("s", ArrowType.Utf8.INSTANCE), field("b", new ArrowType.Int(8, true)),
                field("sh", new ArrowType.Int(16, true)), field("i", new ArrowType.Int(32, true)),
                field("l", new ArrowType.Int(64, true)), field("f4", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)),
                field("f8", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)), field("dec", new ArrowType.Decimal(18, 2, 128)),
                field("bool", ArrowType.Bool.INSTANCE), field("day", new ArrowType.Date(DateUnit.DAY)),
                field("ts", new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC"))));
    }

    /** Writes {@code batches} record batches, each filled by {@code fill} (which sets the row count). */
    private Path write(String name, Schema schema, List<Consumer<VectorSchemaRoot>> batches) throws IOException {
        Path file = dir.resolve(name);
        try (BufferAllocator allocator = new RootAllocator();
                VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
                FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                ArrowFileWriter writer = new ArrowFileWriter(root, null, channel)) {
            writer.start();
            for (Consumer<VectorSchemaRoot> batch : batches) {
                root.allocateNew();
                batch.accept(root);
                writer.writeBatch();
            }
            writer.end();
        }
        return file;
    }

    private static void allTypesBatch(VectorSchemaRoot root) {
        ((VarCharVector) root.getVector("s")).setSafe(0, "Zhang 张".getBytes(StandardCharsets.UTF_8));
        ((TinyIntVector) root.getVector("b")).setSafe(0, -7);
        ((SmallIntVector) root.getVector("sh")).setSafe(0, 1234);
        ((IntVector) root.getVector("i")).setSafe(0, 123456);
        ((BigIntVector) root.getVector("l")).setSafe(0, 9_000_000_000L);
        ((Float4Vector) root.getVector("f4")).setSafe(0, 1.1f);
        ((Float8Vector) root.getVector("f8")).setSafe(0, 2.5);
        ((DecimalVector) root.getVector("dec")).setSafe(0, new BigDecimal("1234.50"));
        ((BitVector) root.getVector("bool")).setSafe(0, 1);
        ((DateDayVector) root.getVector("day")).setSafe(0, (int) LocalDate.of(2024, 2, 29).toEpochDay());
        ((TimeStampMicroTZVector) root.getVector("ts")).setSafe(0, 1_709_281_800_123_456L);
        // Row 1: all null. Row 2: edge values before the epoch.
        root.getFieldVectors().forEach(v -> {
            if (v instanceof org.apache.arrow.vector.BaseFixedWidthVector fixed) {
                fixed.setNull(1);
            } else {
                ((VarCharVector) v).setNull(1);
            }
        });
        ((VarCharVector) root.getVector("s")).setSafe(2, new byte[0]);
        ((TinyIntVector) root.getVector("b")).setSafe(2, Byte.MIN_VALUE);
        ((SmallIntVector) root.getVector("sh")).setSafe(2, Short.MAX_VALUE);
        ((IntVector) root.getVector("i")).setSafe(2, Integer.MIN_VALUE);
        ((BigIntVector) root.getVector("l")).setSafe(2, Long.MAX_VALUE);
        ((Float4Vector) root.getVector("f4")).setSafe(2, -0.5f);
        ((Float8Vector) root.getVector("f8")).setSafe(2, -1e300);
        ((DecimalVector) root.getVector("dec")).setSafe(2, new BigDecimal("-0.01"));
        ((BitVector) root.getVector("bool")).setSafe(2, 0);
        ((DateDayVector) root.getVector("day")).setSafe(2, -1);
        ((TimeStampMicroTZVector) root.getVector("ts")).setSafe(2, -1L);
        root.setRowCount(3);
    }

    private List<List<Object>> scan(Path file, List<String> columns) {
        List<List<Object>> rows = new ArrayList<>();
        store.scan(file, columns, rows::add);
        return rows;
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    @Test
    void describesColumnsRowsSizeAndDigest() throws Exception {
        Consumer<VectorSchemaRoot> batch = ArrowSnapshotStoreTest::allTypesBatch;
        Path file = write("all.arrow", allTypes(), List.of(batch, batch));

        SnapshotStore.SnapshotInfo info = store.describe(file);

        assertThat(info.columns()).extracting(c -> c.name() + " " + c.type()).containsExactly("s Utf8", "b Int(8, true)",
                "sh Int(16, true)", "i Int(32, true)", "l Int(64, true)", "f4 FloatingPoint(SINGLE)", "f8 FloatingPoint(DOUBLE)",
                "dec Decimal(18, 2, 128)", "bool Bool", "day Date(DAY)", "ts Timestamp(MICROSECOND, UTC)");
        assertThat(info.rows()).isEqualTo(6);
        assertThat(info.bytes()).isEqualTo(Files.size(file));
        assertThat(info.sha256()).isEqualTo(sha256(file)).hasSize(64);
    }

    @Test
    void scansEveryTypeAsTheJavaValuesThePortNamesWithNullsKept() throws Exception {
        Path file = write("all.arrow", allTypes(), List.of(ArrowSnapshotStoreTest::allTypesBatch));

        List<List<Object>> rows = scan(file, ALL);

        assertThat(rows).hasSize(3);
        assertThat(rows.get(0)).containsExactly("Zhang 张", -7L, 1234L, 123456L, 9_000_000_000L, 1.1, 2.5, new BigDecimal("1234.50"),
                true, LocalDate.of(2024, 2, 29), Instant.parse("2024-03-01T08:30:00.123456Z"));
        assertThat(rows.get(1)).hasSize(ALL.size()).containsOnlyNulls();
        assertThat(rows.get(2)).containsExactly("", (long) Byte.MIN_VALUE, (long) Short.MAX_VALUE, (long) Integer.MIN_VALUE,
                Long.MAX_VALUE, -0.5, -1e300, new BigDecimal("-0.01"), false, LocalDate.of(1969, 12, 31),
                Instant.parse("1969-12-31T23:59:59.999999Z"));
    }

    @Test
    void scansTheRequestedColumnsInTheRequestedOrderAcrossBatches() throws Exception {
        Schema schema = new Schema(List.of(field("n", new ArrowType.Int(64, true)), field("name", ArrowType.Utf8.INSTANCE)));
        List<Consumer<VectorSchemaRoot>> batches = new ArrayList<>();
        for (int b = 0; b < 3; b++) {
            int base = b * 10;
            batches.add(root -> {
                for (int r = 0; r < 10; r++) {
                    ((BigIntVector) root.getVector("n")).setSafe(r, base + r);
                    ((VarCharVector) root.getVector("name")).setSafe(r, ("row" + (base + r)).getBytes(StandardCharsets.UTF_8));
                }
                root.setRowCount(10);
            });
        }
        Path file = write("batches.arrow", schema, batches);

        List<List<Object>> rows = scan(file, List.of("name", "n", "n"));

        assertThat(rows).hasSize(30);
        assertThat(rows.get(17)).containsExactly("row17", 17L, 17L);
        assertThat(store.describe(file).rows()).isEqualTo(30);
        assertThat(scan(file, List.of())).hasSize(30).allMatch(List::isEmpty);
    }

    @Test
    void anEmptySnapshotHasItsColumnsAndNoRows() throws Exception {
        Path file = write("empty.arrow", allTypes(), List.of());

        SnapshotStore.SnapshotInfo info = store.describe(file);

        assertThat(info.columns()).hasSize(ALL.size());
        assertThat(info.rows()).isZero();
        assertThat(scan(file, ALL)).isEmpty();
    }

    @Test
    void aTruncatedOrCorruptedFileIsUnreadable() throws Exception {
        Path file = write("all.arrow", allTypes(), List.of(ArrowSnapshotStoreTest::allTypesBatch));
        byte[] bytes = Files.readAllBytes(file);
        Path truncated = Files.write(dir.resolve("truncated.arrow"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        byte[] flipped = bytes.clone();
        for (int i = bytes.length - 40; i < bytes.length - 10; i++) {
            flipped[i] = (byte) ~flipped[i]; // the footer
        }
        Path corrupted = Files.write(dir.resolve("corrupted.arrow"), flipped);
        Path text = Files.writeString(dir.resolve("text.arrow"), "uscc,name\nU001,Alpha\n");
        Path empty = Files.write(dir.resolve("zero.arrow"), new byte[0]);

        for (Path bad : List.of(truncated, corrupted, text, empty, dir.resolve("missing.arrow"))) {
            assertThatThrownBy(() -> store.describe(bad)).as(bad.toString()).isInstanceOf(SandboxException.class)
                    .satisfies(e -> assertThat(((SandboxException) e).code()).isEqualTo(ErrorCode.SNAPSHOT_UNREADABLE))
                    .hasMessageContaining(bad.getFileName().toString());
            assertThatThrownBy(() -> scan(bad, List.of("s"))).as(bad.toString()).isInstanceOf(SandboxException.class)
                    .satisfies(e -> assertThat(((SandboxException) e).code()).isEqualTo(ErrorCode.SNAPSHOT_UNREADABLE));
        }
    }

    @Test
    void anArrowStreamIsNotASnapshotFile() throws Exception {
        Path file = dir.resolve("stream.arrow");
        try (BufferAllocator allocator = new RootAllocator();
                VectorSchemaRoot root = VectorSchemaRoot.create(allTypes(), allocator);
                FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                ArrowStreamWriter writer = new ArrowStreamWriter(root, null, channel)) {
            writer.start();
            root.allocateNew();
            allTypesBatch(root);
            writer.writeBatch();
            writer.end();
        }
        assertThatThrownBy(() -> store.describe(file)).isInstanceOf(SandboxException.class)
                .satisfies(e -> assertThat(((SandboxException) e).code()).isEqualTo(ErrorCode.SNAPSHOT_UNREADABLE));
    }

    @Test
    void anUnknownColumnIsUnreadableAndNamesTheColumns() throws Exception {
        Path file = write("all.arrow", allTypes(), List.of(ArrowSnapshotStoreTest::allTypesBatch));

        assertThatThrownBy(() -> scan(file, List.of("s", "salary"))).isInstanceOf(SandboxException.class)
                .satisfies(e -> assertThat(((SandboxException) e).code()).isEqualTo(ErrorCode.SNAPSHOT_UNREADABLE))
                .hasMessageContaining("'salary'").hasMessageContaining("[s, b, sh");
    }

    @Test
    void typesASnapshotDoesNotCarryAreUnreadableWhenScannedButDescribed() throws Exception {
        Schema schema = new Schema(List.of(field("naive", new ArrowType.Timestamp(TimeUnit.MICROSECOND, null)),
                field("ok", ArrowType.Utf8.INSTANCE)));
        Path file = write("naive.arrow", schema, List.of(root -> {
            ((TimeStampMicroVector) root.getVector("naive")).setSafe(0, 1L);
            ((VarCharVector) root.getVector("ok")).setSafe(0, "x".getBytes(StandardCharsets.UTF_8));
            root.setRowCount(1);
        }));

        assertThat(store.describe(file).columns()).extracting(SnapshotStore.SnapshotColumn::type)
                .containsExactly("Timestamp(MICROSECOND, null)", "Utf8");
        assertThat(scan(file, List.of("ok"))).containsExactly(List.of("x"));
        assertThatThrownBy(() -> scan(file, List.of("naive"))).isInstanceOf(SandboxException.class)
                .satisfies(e -> assertThat(((SandboxException) e).code()).isEqualTo(ErrorCode.SNAPSHOT_UNREADABLE))
                .hasMessageContaining("without a time zone");
    }

    @Test
    void theCallersOwnFailurePassesThroughUnchanged() throws Exception {
        Path file = write("all.arrow", allTypes(), List.of(ArrowSnapshotStoreTest::allTypesBatch));
        IllegalStateException stop = new IllegalStateException("enough");

        assertThatThrownBy(() -> store.scan(file, ALL, row -> {
            throw stop;
        })).isSameAs(stop);
    }

    @Test
    void aStoreWithItsOwnAllocatorClosesIt() throws Exception {
        Path file = write("all.arrow", allTypes(), List.of(ArrowSnapshotStoreTest::allTypesBatch));
        try (ArrowSnapshotStore own = new ArrowSnapshotStore()) {
            assertThat(own.describe(file).rows()).isEqualTo(3);
        }
    }
}
