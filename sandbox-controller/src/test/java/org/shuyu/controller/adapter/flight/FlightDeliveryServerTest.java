package org.shuyu.controller.adapter.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.AsyncPutListener;
import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.Criteria;
import org.apache.arrow.flight.FlightCallHeaders;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.HeaderCallOption;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shuyu.controller.adapter.identity.DemoUsers;
import org.shuyu.controller.adapter.identity.DevTokenIssuer;
import org.shuyu.controller.config.FlightProperties;
import org.shuyu.controller.fake.ArrowSnapshots;
import org.shuyu.controller.fake.InMemoryDeliveryGate;
import org.shuyu.controller.product.DeliveryChannel;
import org.shuyu.controller.product.ProductKind;
import org.shuyu.controller.product.ProductState;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * The product Flight endpoint over loopback with a real Flight client, a real JWT decoder and a hand-written gate
 * (R-21a: only listed products, only to authenticated callers naming the approved scenario; R-19b: a listed data
 * interface is served from its frozen snapshot).
 */
@Tag("R-21a")
@Tag("R-19b")
class FlightDeliveryServerTest {
    private static final String SCENARIO = "Enterprise credit risk assessment for SME loans";
    private static final int ROWS = 10_000;
    private static final int BATCH = 4096;
    private static final AtomicLong IDS = new AtomicLong();

    @TempDir
    Path dir;

    private Path snapshot;
    private InMemoryDeliveryGate gate;
    private DevTokenIssuer issuer;
    private FlightDeliveryServer server;
    private BufferAllocator allocator;
    private FlightClient client;

    @BeforeEach
    void start() throws IOException {
        snapshot = ArrowSnapshots.write(dir.resolve("interface.arrow"), ROWS, BATCH);
        gate = new InMemoryDeliveryGate()
                .add(InMemoryDeliveryGate.product("prod-api", "risk-api", ProductKind.DATA_INTERFACE, ProductState.LISTED, SCENARIO, ROWS, 1), snapshot)
                .add(InMemoryDeliveryGate.product("prod-stop", "risk-api-2", ProductKind.DATA_INTERFACE, ProductState.LISTED, SCENARIO, ROWS, 1), snapshot)
                .add(InMemoryDeliveryGate.product("prod-pkg", "risk-package", ProductKind.DATA_PACKAGE, ProductState.LISTED, SCENARIO, ROWS, 1), snapshot)
                .add(InMemoryDeliveryGate.product("prod-old", "risk-api-old", ProductKind.DATA_INTERFACE, ProductState.DELISTED, SCENARIO, ROWS, 1), snapshot)
                .add(InMemoryDeliveryGate.product("prod-new", "risk-api-new", ProductKind.DATA_INTERFACE, ProductState.IN_REVIEW, SCENARIO, ROWS, 1), snapshot)
                .stopAfter("prod-stop", 2);
        issuer = newIssuer();
        server = new FlightDeliveryServer(new FlightProperties(true, "127.0.0.1", 0, null, null, false), gate, decoder(issuer)).start();
        allocator = new RootAllocator();
        client = FlightClient.builder(allocator, server.location()).build();
    }

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (allocator != null) {
            allocator.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static DevTokenIssuer newIssuer() {
        return new DevTokenIssuer("shuyu-controller", Duration.ofMinutes(5), Clock.systemUTC(), prefix -> prefix + "-" + IDS.incrementAndGet());
    }

    private static JwtDecoder decoder(DevTokenIssuer issuer) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(issuer.publicKey()).build();
        decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(DevTokenIssuer.ISSUER));
        return decoder;
    }

    private static CallOption header(String value) {
        FlightCallHeaders headers = new FlightCallHeaders();
        headers.insert("authorization", value);
        return new HeaderCallOption(headers);
    }

    private CallOption engineer() {
        return header("Bearer " + issuer.issue(DemoUsers.find("engineer").orElseThrow()));
    }

    private static Ticket ticket(String product, String scenario) {
        return new Ticket(new FlightRequest(product, scenario).encode());
    }

    /** Reads the whole stream: each batch as TSV text. */
    private static List<String> drain(FlightStream stream, List<String> into) throws Exception {
        try (stream) {
            VectorSchemaRoot root = stream.getRoot();
            while (stream.next()) {
                into.add(root.contentToTSVString());
            }
        }
        return into;
    }

    private static FlightRuntimeException refusal(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        try {
            call.call();
        } catch (FlightRuntimeException e) {
            return e;
        } catch (Throwable t) {
            throw new AssertionError("expected a Flight refusal, got " + t, t);
        }
        throw new AssertionError("expected a Flight refusal, the call succeeded");
    }

    @Test
    void anAuthenticatedDoGetReturnsExactlyTheSnapshotsBatchesAndClosesTheDeliveryOnce() throws Exception {
        ArrowSnapshots.Content file = ArrowSnapshots.read(snapshot);
        assertThat(file.batches()).hasSize(3);

        List<String> received = drain(client.getStream(ticket("prod-api", "  enterprise credit RISK assessment   for SME loans "), engineer()),
                new ArrayList<>());

        assertThat(received).containsExactlyElementsOf(file.batches());
        assertThat(gate.opened()).singleElement().satisfies(o -> {
            assertThat(o.caller().userId()).isEqualTo("engineer");
            assertThat(o.channel()).isEqualTo(DeliveryChannel.FLIGHT);
        });
        assertThat(gate.closed()).singleElement().satisfies(c -> {
            assertThat(c.rows()).isEqualTo(ROWS);
            assertThat(c.bytes()).isEqualTo(file.bodyBytes());
            assertThat(c.failure()).isEmpty();
            assertThat(gate.checks(c.delivery().callId())).isEqualTo(3);
        });
    }

    @Test
    void callsWithoutAValidBearerTokenAreUnauthenticatedAndNeverReachTheGate() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String runtimeCredential = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        String foreignToken = newIssuer().issue(DemoUsers.find("engineer").orElseThrow());
        String token = issuer.issue(DemoUsers.find("engineer").orElseThrow());
        List<CallOption[]> attempts = List.of(
                new CallOption[0],
                new CallOption[] {header("Bearer ")},
                new CallOption[] {header("Bearer not-a-jwt")},
                new CallOption[] {header("Bearer " + foreignToken)},
                new CallOption[] {header("Bearer " + runtimeCredential)},
                new CallOption[] {header("Basic " + Base64.getEncoder().encodeToString("engineer:engineer".getBytes(StandardCharsets.UTF_8)))},
                new CallOption[] {header(token)});
        for (CallOption[] options : attempts) {
            FlightRuntimeException get = refusal(() -> drain(client.getStream(ticket("prod-api", SCENARIO), options), new ArrayList<>()));
            assertThat(get.status().code()).isEqualTo(FlightStatusCode.UNAUTHENTICATED);
            assertThat(get.status().description()).startsWith("UNAUTHENTICATED: ");
            FlightRuntimeException list = refusal(() -> client.listFlights(Criteria.ALL, options).forEach(i -> {}));
            assertThat(list.status().code()).isEqualTo(FlightStatusCode.UNAUTHENTICATED);
            FlightRuntimeException info = refusal(() -> client.getInfo(FlightDescriptor.command(ticket("prod-api", SCENARIO).getBytes()), options));
            assertThat(info.status().code()).isEqualTo(FlightStatusCode.UNAUTHENTICATED);
        }
        assertThat(gate.opened()).isEmpty();
        assertThat(gate.closed()).isEmpty();
    }

    @Test
    void aScenarioOtherThanTheApprovedOneIsRefusedWithItsCode() {
        FlightRuntimeException e = refusal(() -> drain(client.getStream(ticket("prod-api", "Marketing to consumers"), engineer()), new ArrayList<>()));

        assertThat(e.status().code()).isEqualTo(FlightStatusCode.UNAUTHORIZED);
        assertThat(e.status().description()).startsWith("SCENARIO_MISMATCH: ");
        assertThat(e.status().metadata().get(FlightErrors.CODE_KEY)).isEqualTo("SCENARIO_MISMATCH");
        assertThat(gate.closed()).isEmpty();
    }

    @Test
    void unknownUnlistedAndWrongChannelProductsAreRefusedWithTheirCodes() {
        record Case(String product, FlightStatusCode status, String code) {}
        for (Case c : List.of(
                new Case("prod-missing", FlightStatusCode.NOT_FOUND, "NOT_FOUND"),
                new Case("prod-old", FlightStatusCode.INVALID_ARGUMENT, "PRODUCT_NOT_LISTED"),
                new Case("prod-new", FlightStatusCode.INVALID_ARGUMENT, "PRODUCT_NOT_LISTED"),
                new Case("prod-pkg", FlightStatusCode.INVALID_ARGUMENT, "WRONG_DELIVERY_CHANNEL"))) {
            FlightRuntimeException get = refusal(() -> drain(client.getStream(ticket(c.product(), SCENARIO), engineer()), new ArrayList<>()));
            assertThat(get.status().code()).as(c.product()).isEqualTo(c.status());
            assertThat(get.status().description()).as(c.product()).startsWith(c.code() + ": ");
            FlightRuntimeException info = refusal(() -> client.getInfo(FlightDescriptor.command(ticket(c.product(), SCENARIO).getBytes()), engineer()));
            assertThat(info.status().code()).as(c.product()).isEqualTo(c.status());
        }
        assertThat(gate.closed()).isEmpty();
    }

    @Test
    void malformedTicketsAreInvalidArgumentsWithAStableCode() {
        record Case(String ticket, String code) {}
        for (Case c : List.of(
                new Case("", "MALFORMED_BODY"),
                new Case("prod-api", "MALFORMED_BODY"),
                new Case("[\"prod-api\"]", "MALFORMED_BODY"),
                new Case("{\"product\":\"prod-api\",\"product\":\"prod-pkg\",\"scenario\":\"x\"}", "MALFORMED_BODY"),
                new Case("{\"product\":\"prod-api\"}", "INVALID_REQUEST"),
                new Case("{\"product\":\"prod-api\",\"scenario\":\"  \"}", "INVALID_REQUEST"),
                new Case("{\"product\":7,\"scenario\":\"x\"}", "INVALID_REQUEST"),
                new Case("{\"product\":\"prod-api\",\"scenario\":\"x\",\"table\":\"raw.tax\"}", "INVALID_REQUEST"),
                new Case("x".repeat(FlightRequest.MAX_BYTES + 1), "MALFORMED_BODY"))) {
            Ticket ticket = new Ticket(c.ticket().getBytes(StandardCharsets.UTF_8));
            FlightRuntimeException e = refusal(() -> drain(client.getStream(ticket, engineer()), new ArrayList<>()));
            assertThat(e.status().code()).as(c.ticket()).isEqualTo(FlightStatusCode.INVALID_ARGUMENT);
            assertThat(e.status().description()).as(c.ticket()).startsWith(c.code() + ": ");
        }
        FlightRuntimeException path = refusal(() -> client.getInfo(FlightDescriptor.path("raw", "tax"), engineer()));
        assertThat(path.status().code()).isEqualTo(FlightStatusCode.INVALID_ARGUMENT);
        assertThat(gate.opened()).isEmpty();
    }

    @Test
    void aDeliveryStoppedMidStreamEndsWithUnauthorizedAndIsClosedOnceWithTheRowsSent() {
        List<String> received = new ArrayList<>();
        FlightRuntimeException e = refusal(() -> drain(client.getStream(ticket("prod-stop", SCENARIO), engineer()), received));

        assertThat(e.status().code()).isEqualTo(FlightStatusCode.UNAUTHORIZED);
        assertThat(e.status().description()).startsWith("DELIVERY_STOPPED: ").contains("delisted or its grant ended");
        assertThat(received).hasSize(2);
        assertThat(gate.closed()).singleElement().satisfies(c -> {
            assertThat(c.rows()).isEqualTo(2L * BATCH);
            assertThat(c.bytes()).isPositive();
            assertThat(c.failure()).hasValueSatisfying(f -> assertThat(f).contains("stopped"));
        });
    }

    @Test
    void getFlightInfoChecksTheCallAndDescribesTheSnapshotWithARedeemableTicket() throws Exception {
        FlightInfo info = client.getInfo(FlightDescriptor.command(ticket("prod-api", SCENARIO).getBytes()), engineer());

        assertThat(info.getSchema()).isEqualTo(ArrowSnapshots.SCHEMA);
        assertThat(info.getRecords()).isEqualTo(ROWS);
        assertThat(info.getBytes()).isEqualTo(java.nio.file.Files.size(snapshot));
        assertThat(info.getEndpoints()).singleElement().satisfies(endpoint ->
                assertThat(endpoint.getLocations()).containsExactly(server.location()));
        assertThat(gate.closed()).singleElement().satisfies(c -> {
            assertThat(c.rows()).isZero();
            assertThat(c.failure()).isEmpty();
        });

        List<String> received = drain(client.getStream(info.getEndpoints().get(0).getTicket(), engineer()), new ArrayList<>());
        assertThat(received).containsExactlyElementsOf(ArrowSnapshots.read(snapshot).batches());
    }

    @Test
    void listFlightsShowsOnlyWhatTheGateListsForFlightAndNoScenario() {
        List<FlightInfo> listed = new ArrayList<>();
        client.listFlights(Criteria.ALL, engineer()).forEach(listed::add);

        assertThat(listed).extracting(i -> new String(i.getDescriptor().getCommand(), StandardCharsets.UTF_8))
                .containsExactlyInAnyOrder("{\"product\":\"prod-api\"}", "{\"product\":\"prod-stop\"}");
        for (FlightInfo info : listed) {
            assertThat(info.getEndpoints()).isEmpty();
            String metadata = new String(info.getAppMetadata(), StandardCharsets.UTF_8);
            assertThat(metadata).contains("\"name\":\"risk-api").doesNotContainIgnoringCase("scenario")
                    .doesNotContainIgnoringCase(SCENARIO).doesNotContain("grant-1").doesNotContain(".arrow");
        }
        assertThat(gate.opened()).isEmpty();
    }

    @Test
    void uploadsActionsAndExchangesAreUnimplemented() {
        FlightRuntimeException action = refusal(() -> client.doAction(new Action("drop", new byte[0]), engineer()).forEachRemaining(r -> {}));
        assertThat(action.status().code()).isEqualTo(FlightStatusCode.UNIMPLEMENTED);
        assertThat(action.status().description()).startsWith("UNIMPLEMENTED: DoAction");

        FlightRuntimeException actions = refusal(() -> client.listActions(engineer()).forEach(a -> {}));
        assertThat(actions.status().code()).isEqualTo(FlightStatusCode.UNIMPLEMENTED);

        FlightRuntimeException put = refusal(() -> {
            try (VectorSchemaRoot root = VectorSchemaRoot.create(ArrowSnapshots.SCHEMA, allocator)) {
                FlightClient.ClientStreamListener listener = client.startPut(
                        FlightDescriptor.command(ticket("prod-api", SCENARIO).getBytes()), root, new AsyncPutListener(), engineer());
                root.setRowCount(0);
                listener.putNext();
                listener.completed();
                listener.getResult();
            }
        });
        assertThat(put.status().code()).isEqualTo(FlightStatusCode.UNIMPLEMENTED);

        FlightRuntimeException exchange = refusal(() -> {
            try (FlightClient.ExchangeReaderWriter stream = client.doExchange(FlightDescriptor.command(new byte[] {'x'}), engineer())) {
                stream.getReader().next();
            }
        });
        assertThat(exchange.status().code()).isEqualTo(FlightStatusCode.UNIMPLEMENTED);
        assertThat(gate.opened()).isEmpty();
    }

    @Test
    void errorsMapEveryCategoryAndHideInternalText() {
        for (org.shuyu.controller.error.ErrorCategory category : org.shuyu.controller.error.ErrorCategory.values()) {
            assertThat(FlightErrors.status(category)).as(category.name()).isNotNull();
        }
        FlightRuntimeException internal = FlightErrors.of(org.shuyu.controller.error.ErrorCode.SNAPSHOT_UNREADABLE, "/var/lib/shuyu/secret path");
        assertThat(internal.status().code()).isEqualTo(CallStatus.INTERNAL.code());
        assertThat(internal.status().description()).startsWith("SNAPSHOT_UNREADABLE: ").doesNotContain("/var/lib");
    }

    @Test
    void theServerBindsAnEphemeralPortAndClosesItsAllocatorCleanly() throws Exception {
        assertThat(server.port()).isPositive();
        drain(client.getStream(ticket("prod-api", SCENARIO), engineer()), new ArrayList<>());
        FlightDeliveryServer other = new FlightDeliveryServer(new FlightProperties(true, "127.0.0.1", 0, null, null, false), gate,
                decoder(issuer)).start();
        assertThat(other.port()).isNotEqualTo(server.port());
        other.close();
        other.close();
        assertThat(Optional.of(server.location().getUri().getScheme())).contains("grpc+tcp");
    }
}
