package org.shuyu.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.shuyu.controller.adapter.arrow.ArrowSnapshotStore;
import org.shuyu.controller.adapter.storage.LocalSourceData;
import org.shuyu.controller.catalog.Column;
import org.shuyu.controller.catalog.ColumnClassification;
import org.shuyu.controller.catalog.Dataset;
import org.shuyu.controller.catalog.Openness;
import org.shuyu.controller.catalog.QualityStatus;
import org.shuyu.controller.catalog.SourceData;
import org.shuyu.controller.config.ProductProperties;
import org.shuyu.controller.product.CheckResult;
import org.shuyu.controller.product.SnapshotStore;
import org.shuyu.controller.product.check.NoRawValuesCheck;
import org.shuyu.controller.product.check.RawValueIndex;
import org.shuyu.controller.product.check.RawValueIndexBuilder;
import org.shuyu.controller.product.check.RawValueSources;

/**
 * The cost of the airlock's NO_RAW_VALUES check (docs/benchmarks.md): building the keyed fingerprint index from a
 * source dataset's CSV file (-Dbench.raw.sourceRows rows x 4 identifying columns: ID-card number, name, phone and a
 * quasi-identifying account), and scanning a product snapshot (-Dbench.raw.rows rows x 10 columns: text, salted
 * SHA-256 masks, numbers) with the real Arrow reader and the check's own scan. Prints build time, heap held by the
 * index, scan time and cells/s, for a clean snapshot (every cell scanned to the end) and one with a leaked column.
 */
public final class RawValueCheckBenchmark {
    private static final String[] SURNAMES = {"Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu"};
    private static final String[] GIVEN = {"Wei", "Fang", "Na", "Min", "Jing", "Lei", "Qiang", "Yan", "Jun", "Hui"};
    private static final String[] INDUSTRIES = {"manufacture of textiles", "software and information services",
            "wholesale of machinery", "retail of food and beverages", "road freight transport", "real estate agencies"};

    private RawValueCheckBenchmark() {}

    public static void main(String[] args) throws Exception {
        int sourceRows = Integer.getInteger("bench.raw.sourceRows", 250_000);
        int rows = Integer.getInteger("bench.raw.rows", 100_000);
        int reps = Integer.getInteger("bench.raw.reps", 5);
        Path dir = Files.createTempDirectory("shuyu-rawvalues-bench");
        try {
            run(dir, sourceRows, rows, reps);
        } finally {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void run(Path dir, int sourceRows, int rows, int reps) throws Exception {
        Dataset dataset = new Dataset("bench.people", "bench", "Bench people", "synthetic", Openness.CONDITIONAL, "bench",
                QualityStatus.VERIFIED, true, Optional.of("id_number"), Optional.of((long) sourceRows), List.of(
                        new Column("id_number", "string", "", ColumnClassification.DIRECT_IDENTIFIER, 4),
                        new Column("name", "string", "", ColumnClassification.DIRECT_IDENTIFIER, 3),
                        new Column("phone", "string", "", ColumnClassification.CONTACT, 3),
                        new Column("account", "string", "", ColumnClassification.QUASI_IDENTIFIER, 3),
                        new Column("district", "string", "", ColumnClassification.PUBLIC, 1),
                        new Column("amount", "decimal(12,2)", "", ColumnClassification.FINANCIAL, 2)),
                Instant.EPOCH, "bench");
        Path location = Files.createDirectories(dir.resolve("sources/bench/people"));
        Random random = new Random(42);
        List<String> leakSample = new ArrayList<>();
        try (BufferedWriter out = Files.newBufferedWriter(location.resolve("data.csv"), StandardCharsets.UTF_8)) {
            out.write(LocalSourceData.line(List.of("id_number", "name", "phone", "account", "district", "amount")));
            for (int i = 0; i < sourceRows; i++) {
                String id = String.format("3302%02d%08d%04d", i % 100, 19600101 + i % 400_000, i % 10_000);
                String name = SURNAMES[random.nextInt(SURNAMES.length)] + " " + GIVEN[random.nextInt(GIVEN.length)]
                        + " " + Integer.toString(i, 36);
                String phone = String.format("13%09d", (long) i * 7_919 % 1_000_000_000L);
                String account = String.format("EA%08X", i);
                out.write(LocalSourceData.line(List.of(id, name, phone, account, "3302" + (i % 100),
                        (1_000 + random.nextInt(100_000)) + ".00")));
                if (i % (sourceRows / 100 + 1) == 0) {
                    leakSample.add(id);
                }
            }
        }
        SourceData source = new SourceData() {
            @Override
            public Path location(String datasetId) {
                return location;
            }

            @Override
            public boolean present(String datasetId) {
                return true;
            }

            @Override
            public void replace(String datasetId, List<String> header, Iterable<List<String>> r) {
                throw new UnsupportedOperationException("the benchmark only reads its source");
            }

            @Override
            public Staged stage(String datasetId, InputStream csv, long maxBytes, RecordCheck check) {
                throw new UnsupportedOperationException("the benchmark only reads its source");
            }

            @Override
            public void read(String datasetId, List<String> columns, Consumer<List<String>> row) {
                LocalSourceData.readFiles(datasetId, location, columns, row);
            }
        };
        ProductProperties.MinGroupSize k = new ProductProperties.MinGroupSize(3, 5, 10, 20);
        Path clean = snapshot(dir.resolve("clean.arrow"), rows, List.of());
        Path leaked = snapshot(dir.resolve("leaked.arrow"), rows, leakSample);
        ArrowSnapshotStore store = new ArrowSnapshotStore();
        SnapshotStore.SnapshotInfo cleanInfo = store.describe(clean);
        SnapshotStore.SnapshotInfo leakedInfo = store.describe(leaked);
        System.out.printf("source: %d rows x 4 identifying columns (%,d values), %,d bytes of CSV%n", sourceRows,
                4L * sourceRows, Files.size(location.resolve("data.csv")));
        System.out.printf("snapshot: %d rows x %d columns = %,d cells, %,d bytes (Arrow)%n", cleanInfo.rows(),
                cleanInfo.columns().size(), cleanInfo.rows() * cleanInfo.columns().size(), cleanInfo.bytes());
        for (int rep = 0; rep < reps; rep++) {
            System.gc();
            long heapBefore = usedHeap();
            java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
            long c0 = cpu.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            RawValueIndexBuilder builder = RawValueIndex.builder(new SecureRandom());
            RawValueSources.add(builder, dataset, source, k);
            RawValueIndex index = builder.build();
            long t1 = System.nanoTime();
            long c1 = cpu.getCurrentThreadCpuTime();
            System.gc();
            long heapHeld = usedHeap() - heapBefore;
            long c2 = cpu.getCurrentThreadCpuTime();
            long t1b = System.nanoTime();
            CheckResult cleanResult = NoRawValuesCheck.scan(index, store, clean, cleanInfo, Set.of("bench.people"));
            long t2 = System.nanoTime();
            long c3 = cpu.getCurrentThreadCpuTime();
            CheckResult leakedResult = NoRawValuesCheck.scan(index, store, leaked, leakedInfo, Set.of("bench.people"));
            long t3 = System.nanoTime();
            long cells = cleanInfo.rows() * cleanInfo.columns().size();
            List<String> names = cleanInfo.columns().stream().map(SnapshotStore.SnapshotColumn::name).toList();
            long[] seen = new long[1];
            long t4 = System.nanoTime();
            store.scan(clean, names, row -> seen[0] += row.size());
            long readOnly = System.nanoTime() - t4;
            System.out.printf("rep %d: index of %,d distinct values built in %d ms wall, %d ms CPU (read + parse +"
                    + " fingerprint), heap held ~%,d bytes (%.0f B/value); clean scan %d ms wall, %d ms CPU (%,.0f cells/s"
                    + " of CPU) -> %s; leaked scan %d ms -> %s %s; reading the snapshot alone %d ms%n", rep + 1,
                    index.size(), (t1 - t0) / 1_000_000, (c1 - c0) / 1_000_000, heapHeld, heapHeld / (double) index.size(),
                    (t2 - t1b) / 1_000_000, (c3 - c2) / 1_000_000, cells / ((c3 - c2) / 1e9), cleanResult.verdict(),
                    (t3 - t2) / 1_000_000,
                    leakedResult.verdict(), leakedResult.details(), readOnly / 1_000_000);
            if (!cleanResult.passed() || leakedResult.passed()) {
                throw new IllegalStateException("unexpected verdicts: clean " + cleanResult + ", leaked " + leakedResult);
            }
        }
        store.close();
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    /**
     * A realistic product: 4 text columns, 2 salted SHA-256 masks (64 hex), 2 doubles, a long and a date string; in the
     * leaked variant one text column carries "id=<raw ID-card number>" in 1 row of 100.
     */
    private static Path snapshot(Path file, int rows, List<String> leak) throws Exception {
        List<Field> fields = new ArrayList<>();
        for (String name : List.of("industry", "description", "district_name", "category")) {
            fields.add(Field.nullable(name, ArrowType.Utf8.INSTANCE));
        }
        fields.add(Field.nullable("person_hash", ArrowType.Utf8.INSTANCE));
        fields.add(Field.nullable("name_hash", ArrowType.Utf8.INSTANCE));
        fields.add(Field.nullable("amount", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)));
        fields.add(Field.nullable("ratio", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)));
        fields.add(Field.nullable("n", new ArrowType.Int(64, true)));
        fields.add(Field.nullable("period", ArrowType.Utf8.INSTANCE));
        Schema schema = new Schema(fields);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        HexFormat hex = HexFormat.of();
        Random random = new Random(7);
        int batch = 10_000;
        try (BufferAllocator allocator = new RootAllocator();
                VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
                FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                        StandardOpenOption.WRITE);
                ArrowFileWriter writer = new ArrowFileWriter(root, null, channel)) {
            writer.start();
            for (int start = 0; start < rows; start += batch) {
                int n = Math.min(batch, rows - start);
                root.allocateNew();
                List<FieldVector> v = root.getFieldVectors();
                for (int i = 0; i < n; i++) {
                    int row = start + i;
                    String industry = INDUSTRIES[row % INDUSTRIES.length];
                    String description = leak.isEmpty() || row % 100 != 0 ? "enterprises of " + industry + " in zone "
                            + (row % 37) + ", established " + (1990 + row % 30) : "id=" + leak.get(row / 100 % leak.size());
                    set(v.get(0), i, industry);
                    set(v.get(1), i, description);
                    set(v.get(2), i, "Ningbo district " + (row % 10));
                    set(v.get(3), i, "category " + (char) ('A' + row % 20));
                    set(v.get(4), i, hex.formatHex(sha.digest(("salt" + row).getBytes(StandardCharsets.UTF_8))));
                    set(v.get(5), i, hex.formatHex(sha.digest(("name" + row).getBytes(StandardCharsets.UTF_8))));
                    ((Float8Vector) v.get(6)).setSafe(i, random.nextDouble() * 1e7);
                    ((Float8Vector) v.get(7)).setSafe(i, random.nextDouble());
                    ((BigIntVector) v.get(8)).setSafe(i, random.nextInt(1_000_000));
                    set(v.get(9), i, "2025-" + String.format("%02d", 1 + row % 12));
                }
                root.setRowCount(n);
                writer.writeBatch();
            }
            writer.end();
        }
        return file;
    }

    private static void set(FieldVector vector, int i, String value) {
        ((VarCharVector) vector).setSafe(i, value.getBytes(StandardCharsets.UTF_8));
    }
}
