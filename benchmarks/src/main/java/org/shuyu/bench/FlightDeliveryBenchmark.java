package org.shuyu.bench;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
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
import org.shuyu.controller.adapter.flight.FlightDeliveryServer;
import org.shuyu.controller.adapter.identity.DemoUsers;
import org.shuyu.controller.adapter.identity.DevTokenIssuer;
import org.shuyu.controller.config.FlightProperties;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.product.DeliveryChannel;
import org.shuyu.controller.product.DeliveryGate;
import org.shuyu.controller.product.Product;
import org.shuyu.controller.product.ProductKind;
import org.shuyu.controller.product.ProductState;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Product delivery over Arrow Flight (not a unit test): the same Arrow IPC file (by default 1,000,000 rows of a long,
 * a double and a short string, in 4096-row batches, generated here) served (a) by a plain Flight server that streams
 * the file's batches with no checks, and (b) by the controller's {@link FlightDeliveryServer}: a real RS256 bearer
 * token decoded and validated per call, and a {@link DeliveryGate} opened, asked before every batch and closed per
 * call. Runs alternate (a)/(b) after warm-up; the result is the median rows/s and MB/s of each and the ratio (b)/(a)
 * (goal at least 0.8).
 *
 * <p>The gate is pluggable ({@link #GATES}: a function from the snapshot file to a gate). Until the product domain's
 * {@code ProductDeliveryService} exists, the harness's own {@link AuditedGate} stands in: a product lookup, the
 * scenario comparison, an audit line forced to disk at open and close (like a committed audit record), and an epoch
 * compare per batch.
 *
 * <p>Settings: {@code -Dbench.flight.rows} (1000000), {@code -Dbench.flight.batch} (4096), {@code -Dbench.flight.reps}
 * (7), {@code -Dbench.flight.warmup} (3).
 */
public final class FlightDeliveryBenchmark {
    private static final int ROWS = Integer.getInteger("bench.flight.rows", 1_000_000);
    private static final int BATCH = Integer.getInteger("bench.flight.batch", 4096);
    private static final int REPS = Integer.getInteger("bench.flight.reps", 7);
    private static final int WARMUP = Integer.getInteger("bench.flight.warmup", 3);
    private static final String PRODUCT = "prod-bench";
    private static final String SCENARIO = "Enterprise credit risk assessment for SME loans";

    /** Which gate (b) runs with, given the snapshot file and a directory for its records. */
    static final Function<Path, DeliveryGate> GATES = AuditedGate::new;

    private FlightDeliveryBenchmark() {}

    public static void main(String[] args) throws Exception {
        print("java", System.getProperty("java.version") + ", " + Runtime.getRuntime().availableProcessors()
                + " processors, max heap " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB");
        Path dir = Files.createTempDirectory("flight-bench");
        Path file = dir.resolve("snapshot.arrow");
        long started = System.nanoTime();
        long bodyBytes = write(file, ROWS, BATCH);
        print("snapshot", String.format(Locale.ROOT, "%,d rows in batches of %d, %,d body bytes, %,d bytes on disk, written in %.1f s",
                ROWS, BATCH, bodyBytes, Files.size(file), (System.nanoTime() - started) / 1e9));

        DevTokenIssuer issuer = new DevTokenIssuer("shuyu-controller", Duration.ofHours(1), Clock.systemUTC(),
                prefix -> prefix + "-bench");
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(issuer.publicKey()).build();
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(List.of(new JwtTimestampValidator(Duration.ofSeconds(30)),
                new JwtIssuerValidator(DevTokenIssuer.ISSUER),
                new JwtClaimValidator<List<String>>("aud", aud -> aud != null && aud.contains("shuyu-controller")))));
        String token = issuer.issue(DemoUsers.find("engineer").orElseThrow());
        DeliveryGate gate = GATES.apply(file);
        print("gate", gate.getClass().getName());

        try (BufferAllocator plainAllocator = new RootAllocator();
                FlightServer plain = FlightServer.builder(plainAllocator, Location.forGrpcInsecure("127.0.0.1", 0),
                        new PlainProducer(file, plainAllocator)).build().start();
                FlightDeliveryServer delivery = new FlightDeliveryServer(new FlightProperties(true, "127.0.0.1", 0, null, null, false),
                        gate, decoder).start();
                BufferAllocator clientAllocator = new RootAllocator();
                FlightClient plainClient = FlightClient.builder(clientAllocator, plain.getLocation()).build();
                FlightClient deliveryClient = FlightClient.builder(clientAllocator, delivery.location()).build()) {
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
                Run a = fetch(plainClient, plainTicket);
                Run b = fetch(deliveryClient, deliveryTicket, bearer);
                check(a, bodyBytes);
                check(b, bodyBytes);
                plainSeconds.add(a.seconds());
                deliverySeconds.add(b.seconds());
                System.out.printf(Locale.ROOT, "[flight] rep %d: (a) plain %.3f s %s   (b) delivery %.3f s %s%n", rep, a.seconds(),
                        rates(a.seconds(), bodyBytes), b.seconds(), rates(b.seconds(), bodyBytes));
            }
            double medianPlain = median(plainSeconds);
            double medianDelivery = median(deliverySeconds);
            System.out.printf(Locale.ROOT, "RESULT flight (a) plain %s, (b) delivery %s, (b)/(a) %.3f (goal >= 0.8), %d reps, medians%n",
                    rates(medianPlain, bodyBytes), rates(medianDelivery, bodyBytes), medianPlain / medianDelivery, REPS);
        } finally {
            Files.deleteIfExists(file);
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private record Run(double seconds, long rows, long bytes) {}

    private static Run fetch(FlightClient client, Ticket ticket, CallOption... options) throws Exception {
        System.gc(); // each run starts from a collected heap, so (a) and (b) do not pay for each other's garbage
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

    /**
     * A stand-in for the product domain's gate doing comparable work: product lookup and state, channel and scenario
     * checks at open; an audit line written and forced to disk at open and at close (a committed audit record each);
     * a volatile epoch compare per batch (the real gate's cheap path while nothing changed).
     */
    static final class AuditedGate implements DeliveryGate {
        private final Map<String, Product> products = new ConcurrentHashMap<>();
        private final Path file;
        private final FileChannel audit;
        private final AtomicLong calls = new AtomicLong();
        private volatile long epoch = 1;

        AuditedGate(Path file) {
            this.file = file;
            Instant at = Instant.parse("2026-01-01T00:00:00Z");
            try {
                products.put(PRODUCT, new Product(PRODUCT, "grant-1", "org-1", "bench", 1, ProductKind.DATA_INTERFACE, "benchmark product",
                        SCENARIO, "features", Optional.empty(), ProductState.LISTED, Optional.empty(), "engineer", at, at,
                        Optional.of(new Product.Snapshot("job-1", file.getFileName().toString(), ROWS, Files.size(file), "00".repeat(32), at))));
                audit = FileChannel.open(file.resolveSibling("audit.log"), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public Delivery open(Actor caller, String productId, String scenario, DeliveryChannel channel) {
            Product product = products.get(productId);
            if (product == null) {
                throw SandboxException.notFound("product", productId);
            }
            if (product.state() != ProductState.LISTED) {
                throw new SandboxException(ErrorCode.PRODUCT_NOT_LISTED, "not listed");
            }
            if (product.kind().channel() != channel) {
                throw new SandboxException(ErrorCode.WRONG_DELIVERY_CHANNEL, "wrong channel");
            }
            if (!normalized(scenario).equals(normalized(product.scenario()))) {
                throw new SandboxException(ErrorCode.SCENARIO_MISMATCH, "scenario mismatch");
            }
            Delivery delivery = new Delivery("call-" + calls.incrementAndGet(), caller, product, scenario, channel, file, epoch, Instant.now());
            record("start " + delivery.callId() + " " + caller.userId() + " " + productId);
            return delivery;
        }

        @Override
        public boolean stillAllowed(Delivery delivery) {
            return delivery.epoch() == epoch;
        }

        @Override
        public void close(Delivery delivery, long rows, long bytes, Optional<String> failure) {
            record("end " + delivery.callId() + " rows=" + rows + " bytes=" + bytes + " failure=" + failure.orElse("-"));
        }

        @Override
        public List<Product> listed(DeliveryChannel channel) {
            return products.values().stream().filter(p -> p.kind().channel() == channel).toList();
        }

        private synchronized void record(String line) {
            try {
                audit.write(java.nio.ByteBuffer.wrap((Instant.now() + " " + line + "\n").getBytes(StandardCharsets.UTF_8)));
                audit.force(false);
            } catch (IOException e) {
                throw new SandboxException(ErrorCode.AUDIT_UNAVAILABLE, "audit unavailable", e);
            }
        }

        private static String normalized(String scenario) {
            return scenario.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
        }
    }
}
