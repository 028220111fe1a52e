package org.shuyu.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightCallHeaders;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.HeaderCallOption;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.NoOpFlightProducer;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
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
import org.shuyu.controller.SandboxApplication;
import org.shuyu.controller.adapter.flight.FlightDeliveryServer;
import org.shuyu.controller.adapter.flight.FlightServerLifecycle;
import org.shuyu.controller.adapter.identity.DemoUsers;
import org.shuyu.controller.adapter.identity.DevTokenIssuer;
import org.shuyu.controller.audit.AuditLog;
import org.shuyu.controller.audit.AuditVerification;
import org.shuyu.controller.catalog.PriorityDomain;
import org.shuyu.controller.grant.Application;
import org.shuyu.controller.grant.Grant;
import org.shuyu.controller.grant.Lab;
import org.shuyu.controller.grant.LifecycleState;
import org.shuyu.controller.grant.LifecycleStore;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.Jurisdiction;
import org.shuyu.controller.identity.Role;
import org.shuyu.controller.organization.Organization;
import org.shuyu.controller.organization.OrganizationStore;
import org.shuyu.controller.organization.Uscc;
import org.shuyu.controller.product.DeliveryChannel;
import org.shuyu.controller.product.DeliveryGate;
import org.shuyu.controller.product.Product;
import org.shuyu.controller.product.ProductDeliveryService;
import org.shuyu.controller.product.ProductFiles;
import org.shuyu.controller.product.ProductKind;
import org.shuyu.controller.product.ProductState;
import org.shuyu.controller.product.ProductStore;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Product delivery over Arrow Flight (not a unit test): the same Arrow IPC file (by default 1,000,000 rows of a long,
 * a double and a short string, in 4096-row batches, generated here) served (a) by a plain Flight server that streams
 * the file's batches with no checks, and (b) by the controller's own {@link FlightDeliveryServer} with the real gate,
 * {@link ProductDeliveryService}. Runs alternate (a)/(b) after warm-up; the result is the median rows/s and MB/s of
 * each and the ratio (b)/(a) (goal at least 0.8).
 *
 * <p>(b) is the real controller: {@link SandboxApplication} is booted in this JVM in embedded mode (the embedded
 * defaults: H2 file database in PostgreSQL mode with the Flyway migrations, the development issuer, no Keycloak) on a
 * throwaway data directory, with the web server and the Flight endpoint on ephemeral ports. The application's own
 * stores then get an organization, a lab, an application and an ACTIVE grant for the benchmark's scenario, and a
 * LISTED data interface product whose snapshot is the benchmark file (written into the product store). Each (b) call
 * carries a token signed by the application's {@link DevTokenIssuer} for the demo user engineer2, decoded and
 * validated by the application's decoder, and goes through the whole gate: product and grant read from the database,
 * listed state, channel, grant state and scenario checked, a metering row inserted and the start appended to the
 * hash-chained audit log (one transaction) at open, an epoch compare per batch (product and grant re-read at most
 * every second), the metering row updated and the end audited at close. After the runs the metering rows and the
 * audit chain are checked, and a few gate calls are timed on their own (token decode, open, per-batch check, close)
 * to show where (b)'s time goes. The context is closed and the data directory deleted at the end.
 *
 * <p>Settings: {@code -Dbench.flight.rows} (1000000), {@code -Dbench.flight.batch} (4096), {@code -Dbench.flight.reps}
 * (7), {@code -Dbench.flight.warmup} (3), {@code -Dbench.flight.db} ({@code file}: the embedded default, an H2 file
 * under the data directory; {@code mem}: an in-memory H2 database), {@code -Dbench.flight.gatecalls} (200: the gate
 * calls timed on their own).
 */
public final class FlightDeliveryBenchmark {
    private static final int ROWS = Integer.getInteger("bench.flight.rows", 1_000_000);
    private static final int BATCH = Integer.getInteger("bench.flight.batch", 4096);
    private static final int REPS = Integer.getInteger("bench.flight.reps", 7);
    /** A full collection before every call (-Dbench.flight.gc=true); off by default: see docs/benchmarks.md. */
    private static final boolean GC_BEFORE_CALL = Boolean.getBoolean("bench.flight.gc");
    private static final int WARMUP = Integer.getInteger("bench.flight.warmup", 3);
    private static final String DB = System.getProperty("bench.flight.db", "file");
    private static final int GATE_CALLS = Integer.getInteger("bench.flight.gatecalls", 200);
    private static final String PRODUCT = "prod-bench";
    private static final String SCENARIO = "Enterprise credit risk assessment for SME loans";
    private static final String CALLER = "engineer2";
    private static final String SYSTEM = "system:flight-bench";

    private FlightDeliveryBenchmark() {}

    public static void main(String[] args) throws Exception {
        print("java", System.getProperty("java.version") + ", " + Runtime.getRuntime().availableProcessors()
                + " processors, max heap " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB");
        Path dir = Files.createTempDirectory("flight-bench");
        ConfigurableApplicationContext app = null;
        try {
            long booting = System.nanoTime();
            app = boot(dir.resolve("controller-data"));
            print("controller", String.format(Locale.ROOT, "SandboxApplication (embedded mode, H2 %s, data dir %s) started in %.1f s",
                    DB, dir.resolve("controller-data"), (System.nanoTime() - booting) / 1e9));

            ProductFiles products = app.getBean(ProductFiles.class);
            Path file = products.storeDir().resolve(PRODUCT).resolve("data.arrow");
            Files.createDirectories(file.getParent());
            long started = System.nanoTime();
            long bodyBytes = write(file, ROWS, BATCH);
            print("snapshot", String.format(Locale.ROOT, "%,d rows in batches of %d, %,d body bytes, %,d bytes on disk, written in %.1f s (%s)",
                    ROWS, BATCH, bodyBytes, Files.size(file), (System.nanoTime() - started) / 1e9, file));
            seed(app, file);

            DeliveryGate gate = app.getBean(DeliveryGate.class);
            if (!(gate instanceof ProductDeliveryService)) {
                throw new IllegalStateException("the application's delivery gate is " + gate.getClass().getName()
                        + ", not ProductDeliveryService");
            }
            print("gate", "REAL " + ProductDeliveryService.class.getName() + " (bean " + gate.getClass().getName()
                    + ") of the booted controller; its Flight endpoint is the application's FlightServerLifecycle");
            int deliveryPort = app.getBean(FlightServerLifecycle.class).port()
                    .orElseThrow(() -> new IllegalStateException("the controller's Flight endpoint is not running"));
            String token = app.getBean(DevTokenIssuer.class).issue(DemoUsers.find(CALLER).orElseThrow());

            try (BufferAllocator plainAllocator = new RootAllocator();
                    FlightServer plain = FlightServer.builder(plainAllocator, Location.forGrpcInsecure("127.0.0.1", 0),
                            new PlainProducer(file, plainAllocator)).build().start();
                    BufferAllocator clientAllocator = new RootAllocator();
                    FlightClient plainClient = FlightClient.builder(clientAllocator, plain.getLocation()).build();
                    FlightClient deliveryClient = FlightClient.builder(clientAllocator,
                            Location.forGrpcInsecure("127.0.0.1", deliveryPort)).build()) {
                Ticket plainTicket = new Ticket("snapshot".getBytes(StandardCharsets.UTF_8));
                Ticket deliveryTicket = new Ticket(("{\"product\":\"" + PRODUCT + "\",\"scenario\":\"" + SCENARIO + "\"}")
                        .getBytes(StandardCharsets.UTF_8));
                FlightCallHeaders headers = new FlightCallHeaders();
                headers.insert("authorization", "Bearer " + token);
                CallOption bearer = new HeaderCallOption(headers);

                for (int i = 0; i < WARMUP; i++) {
                    fetch(plainClient, plainTicket);
                    fetch(deliveryClient, deliveryTicket, bearer);
                }
                List<Double> plainSeconds = new ArrayList<>();
                List<Double> deliverySeconds = new ArrayList<>();
                for (int rep = 1; rep <= REPS; rep++) {
                    // The order alternates, so neither server always runs first after the other's call.
                    Run a;
                    Run b;
                    if (rep % 2 == 1) {
                        a = fetch(plainClient, plainTicket);
                        b = fetch(deliveryClient, deliveryTicket, bearer);
                    } else {
                        b = fetch(deliveryClient, deliveryTicket, bearer);
                        a = fetch(plainClient, plainTicket);
                    }
                    check(a, bodyBytes);
                    check(b, bodyBytes);
                    plainSeconds.add(a.seconds());
                    deliverySeconds.add(b.seconds());
                    System.out.printf(Locale.ROOT, "[flight] rep %d: (a) plain %.3f s %s   (b) delivery %.3f s %s%n", rep, a.seconds(),
                            rates(a.seconds(), bodyBytes), b.seconds(), rates(b.seconds(), bodyBytes));
                }
                double medianPlain = median(plainSeconds);
                double medianDelivery = median(deliverySeconds);
                verify(app, WARMUP + REPS);
                gateCosts((ProductDeliveryService) gate, app.getBean(JwtDecoder.class), token, medianDelivery,
                        (ROWS + BATCH - 1) / BATCH);
                System.out.printf(Locale.ROOT, "RESULT flight (a) plain %s, (b) delivery [real ProductDeliveryService] %s,"
                                + " (b)/(a) %.3f (goal >= 0.8), %d reps, medians%n",
                        rates(medianPlain, bodyBytes), rates(medianDelivery, bodyBytes), medianPlain / medianDelivery, REPS);
            }
        } finally {
            if (app != null) {
                app.close();
            }
            deleteTree(dir);
            print("cleanup", "controller closed, " + dir + (Files.exists(dir) ? " NOT fully deleted" : " deleted"));
        }
    }

    /** The controller in embedded mode on {@code dataDir}, ephemeral ports, quiet logs. */
    static ConfigurableApplicationContext boot(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        List<String> settings = new ArrayList<>(List.of(
                "--sandbox.mode=EMBEDDED",
                "--sandbox.data-dir=" + dataDir.toAbsolutePath(),
                "--sandbox.demo-catalog=false",
                "--sandbox.identity.allow-insecure-dev-issuer=true",
                "--sandbox.identity.dev-token-lifetime=6h",
                "--sandbox.products.flight.enabled=true",
                "--sandbox.products.flight.host=127.0.0.1",
                "--sandbox.products.flight.port=0",
                "--sandbox.lineage.atlas.enabled=false",
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--spring.main.banner-mode=off",
                "--logging.level.root=WARN",
                "--logging.level.org.shuyu=WARN"));
        if ("mem".equals(DB)) {
            settings.add("--spring.datasource.url=jdbc:h2:mem:flightbench-" + ProcessHandle.current().pid()
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        } else if (!"file".equals(DB)) {
            throw new IllegalArgumentException("bench.flight.db must be file or mem, got " + DB);
        }
        SpringApplication application = new SpringApplication(SandboxApplication.class);
        application.setBannerMode(Banner.Mode.OFF);
        application.setRegisterShutdownHook(false);
        return application.run(settings.toArray(String[]::new));
    }

    /**
     * Through the application's own stores: the organization, its (completed) lab and (granted) application, the
     * ACTIVE grant for the scenario, and the LISTED data interface product whose snapshot is {@code file}.
     */
    static void seed(ConfigurableApplicationContext app, Path file) throws Exception {
        OrganizationStore organizations = app.getBean(OrganizationStore.class);
        LifecycleStore lifecycle = app.getBean(LifecycleStore.class);
        ProductStore store = app.getBean(ProductStore.class);
        ProductFiles products = app.getBean(ProductFiles.class);
        Clock clock = app.getBean(Clock.class);
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Jurisdiction municipal = Jurisdiction.MUNICIPAL;
        String first17 = "91330200MA2BENCH0";
        Organization org = new Organization("org-bench", "Flight benchmark operator Co., Ltd.",
                new Uscc(first17 + Uscc.checkCharacter(first17)), municipal, today.minusYears(5), "applicant",
                "Flight benchmark accountable person", now, SYSTEM);
        Lab lab = new Lab("lab-bench", org.id(), municipal, LifecycleState.LAB_COMPLETED, List.of(), "benchmark", "benchmark",
                6, Optional.of(today.minusMonths(8)), Optional.of(today.minusMonths(2)), now, SYSTEM, Optional.of("benchmark"),
                Optional.empty());
        Application application = new Application("app-bench", lab.id(), org.id(), Optional.empty(), LifecycleState.APP_GRANTED,
                SCENARIO, PriorityDomain.INDUSTRY_VALUE, municipal.level(), municipal, List.of(), Map.of(), List.of(),
                Optional.empty(), Optional.empty(), now, SYSTEM, Optional.of(now), Optional.empty());
        Grant grant = new Grant("grant-bench", application.id(), org.id(), LifecycleState.GRANT_ACTIVE, SCENARIO,
                PriorityDomain.INDUSTRY_VALUE, municipal.level(), municipal, List.of(), today.minusDays(1), today.plusYears(1),
                new Grant.Agreement("flight-bench-agreement.pdf", "00".repeat(32), today.minusDays(2)), Optional.empty(),
                Optional.empty(), Optional.empty(), now, SYSTEM, Optional.of(now), Optional.empty(), Optional.empty());
        Product product = new Product(PRODUCT, grant.id(), org.id(), "flight-bench", 1, ProductKind.DATA_INTERFACE,
                "benchmark product", SCENARIO, "flight_bench", Optional.empty(), ProductState.LISTED, Optional.empty(), CALLER,
                now, now, Optional.empty());
        Path relative = products.storeDir().relativize(file);
        Product.Snapshot snapshot = new Product.Snapshot("job-bench", relative.toString().replace('\\', '/'), ROWS,
                Files.size(file), sha256(file), now);
        new TransactionTemplate(app.getBean(PlatformTransactionManager.class)).executeWithoutResult(status -> {
            organizations.insert(org);
            lifecycle.insertLab(lab);
            lifecycle.insertApplication(application);
            lifecycle.insertGrant(grant, Grant.scenarioKey(grant.scenario()));
            store.insert(product);
            store.update(product.withSnapshot(snapshot, now)); // insert does not write the snapshot columns
        });
        Product stored = store.find(PRODUCT).orElseThrow();
        if (stored.state() != ProductState.LISTED || stored.snapshot().isEmpty()
                || !products.fileOf(stored.snapshot().get()).equals(file)
                || lifecycle.grant(grant.id()).map(g -> g.state() != LifecycleState.GRANT_ACTIVE).orElse(true)) {
            throw new IllegalStateException("seeding failed: " + stored);
        }
        print("seeded", "organization " + org.id() + ", ACTIVE grant " + grant.id() + ", LISTED " + stored.kind() + " product "
                + PRODUCT + " (snapshot " + snapshot.file() + ", sha256 " + snapshot.sha256().substring(0, 12) + "...), caller "
                + CALLER + ", scenario '" + SCENARIO + "'");
    }

    /** The gate really ran: one COMPLETED metering row per (b) call, start and end audited, the chain intact. */
    static void verify(ConfigurableApplicationContext app, int calls) {
        JdbcClient jdbc = app.getBean(JdbcClient.class);
        long completed = jdbc.sql("SELECT count(*) FROM product_deliveries WHERE product_id = ? AND outcome = 'COMPLETED'"
                + " AND rows_sent = ?").params(PRODUCT, (long) ROWS).query(Long.class).single();
        long starts = jdbc.sql("SELECT count(*) FROM audit_log WHERE subject_id = ? AND action = 'product.delivery-start'")
                .param(PRODUCT).query(Long.class).single();
        long ends = jdbc.sql("SELECT count(*) FROM audit_log WHERE subject_id = ? AND action = 'product.delivery-end'")
                .param(PRODUCT).query(Long.class).single();
        AuditVerification chain = app.getBean(AuditLog.class).verify();
        print("checked", String.format(Locale.ROOT, "%d (b) calls: %d metered COMPLETED with %,d rows, %d start and %d end audit"
                + " records, audit chain of %d records %s", calls, completed, ROWS, starts, ends, chain.records(),
                chain.intact() ? "intact" : "BROKEN (" + chain.anomalyCount() + " anomalies)"));
        if (completed != calls || starts != calls || ends != calls || !chain.intact()) {
            throw new IllegalStateException("the delivery gate did not meter and audit every call");
        }
    }

    /**
     * Where (b)'s extra time goes: the per-call work timed on its own, directly on the application's beans (no Flight):
     * the bearer token decode (the Flight middleware's JwtDecoder), open (reads, checks, metering insert and audit append
     * in one transaction), stillAllowed (once per batch) and close (metering update and audit append). These calls are
     * metered and audited too (after the check of the runs). Medians; compared with the median (b) call.
     */
    static void gateCosts(ProductDeliveryService gate, JwtDecoder decoder, String token, double deliverySeconds, int batches) {
        Actor caller = new Actor(CALLER, CALLER, Set.of(Role.ENGINEER), Optional.empty());
        List<Double> decodes = new ArrayList<>();
        List<Double> opens = new ArrayList<>();
        List<Double> checks = new ArrayList<>();
        List<Double> closes = new ArrayList<>();
        for (int i = 0; i < GATE_CALLS; i++) {
            long d0 = System.nanoTime();
            decoder.decode(token);
            decodes.add((System.nanoTime() - d0) / 1e6);
            long t0 = System.nanoTime();
            DeliveryGate.Delivery delivery = gate.open(caller, PRODUCT, SCENARIO, DeliveryChannel.FLIGHT);
            long t1 = System.nanoTime();
            for (int b = 0; b < batches; b++) {
                if (!gate.stillAllowed(delivery)) {
                    throw new IllegalStateException("delivery stopped");
                }
            }
            long t2 = System.nanoTime();
            gate.close(delivery, 0, 0, Optional.empty());
            long t3 = System.nanoTime();
            opens.add((t1 - t0) / 1e6);
            checks.add((t2 - t1) / 1e6);
            closes.add((t3 - t2) / 1e6);
        }
        double decode = median(decodes);
        double open = median(opens);
        double check = median(checks);
        double close = median(closes);
        double total = decode + open + check + close;
        print("gate cost", String.format(Locale.ROOT, "%d calls on the beans, medians: token decode %.2f ms, open %.2f ms,"
                + " %d x stillAllowed %.3f ms, close %.2f ms; together %.2f ms = %.1f%% of the median (b) call (%.1f ms)",
                GATE_CALLS, decode, open, batches, check, close, total, total / (deliverySeconds * 1e3) * 100, deliverySeconds * 1e3));
    }

    static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private record Run(double seconds, long rows, long bytes) {}

    private static Run fetch(FlightClient client, Ticket ticket, CallOption... options) throws Exception {
        if (GC_BEFORE_CALL) {
            System.gc();
        }
        long start = System.nanoTime();
        long rows = 0;
        long bytes = 0;
        try (FlightStream stream = client.getStream(ticket, options)) {
            VectorSchemaRoot root = stream.getRoot();
            while (stream.next()) {
                rows += root.getRowCount();
                for (FieldVector vector : root.getFieldVectors()) {
                    bytes += vector.getBufferSize();
                }
            }
        }
        return new Run((System.nanoTime() - start) / 1e9, rows, bytes);
    }

    private static void check(Run run, long bodyBytes) {
        if (run.rows() != ROWS) {
            throw new IllegalStateException("received " + run.rows() + " rows, expected " + ROWS);
        }
    }

    private static String rates(double seconds, long bytes) {
        return String.format(Locale.ROOT, "%,.0f rows/s %.1f MB/s", ROWS / seconds, bytes / seconds / 1e6);
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static void print(String what, String value) {
        System.out.println("[flight] " + what + ": " + value);
    }

    /** Writes the snapshot; returns the sum of its batches' body lengths. */
    static long write(Path file, int rows, int batchRows) throws IOException {
        Schema schema = new Schema(List.of(
                Field.nullable("id", new ArrowType.Int(64, true)),
                Field.nullable("amount", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
                Field.nullable("industry", ArrowType.Utf8.INSTANCE)));
        byte[][] industries = new byte[64][];
        for (int i = 0; i < industries.length; i++) {
            industries[i] = ("industry-" + i).getBytes(StandardCharsets.UTF_8);
        }
        try (BufferAllocator allocator = new RootAllocator();
                VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
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
                    amount.setSafe(i, row * 1.25);
                    industry.setSafe(i, industries[(int) (row % industries.length)]);
                }
                root.setRowCount(n);
                writer.writeBatch();
            }
            writer.end();
        }
        long body = 0;
        try (BufferAllocator allocator = new RootAllocator();
                FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
                ArrowFileReader reader = new ArrowFileReader(channel, allocator)) {
            for (ArrowBlock block : reader.getRecordBlocks()) {
                body += block.getBodyLength();
            }
        }
        return body;
    }

    /** (a): streams the file's batches as they are, with the same backpressure wait and zero copy as (b), and no checks. */
    static final class PlainProducer extends NoOpFlightProducer {
        private final Path file;
        private final BufferAllocator allocator;

        PlainProducer(Path file, BufferAllocator allocator) {
            this.file = file;
            this.allocator = allocator;
        }

        @Override
        public void getStream(CallContext context, Ticket ticket, ServerStreamListener listener) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
                    ArrowFileReader reader = new ArrowFileReader(channel, allocator)) {
                VectorSchemaRoot root = reader.getVectorSchemaRoot();
                listener.setUseZeroCopy(true);
                listener.start(root, reader);
                for (ArrowBlock block : reader.getRecordBlocks()) {
                    long park = 20_000;
                    while (!listener.isReady()) { // the same polling wait as the delivery server
                        if (listener.isCancelled()) {
                            return;
                        }
                        java.util.concurrent.locks.LockSupport.parkNanos(park);
                        park = Math.min(park * 2, 2_000_000);
                    }
                    reader.loadRecordBatch(block);
                    listener.putNext();
                }
                listener.completed();
            } catch (IOException e) {
                listener.error(CallStatus.INTERNAL.withCause(e).toRuntimeException());
            }
        }
    }
}
