package org.shuyu.controller.product;

import static org.assertj.core.api.Assertions.assertThat;
import static org.shuyu.controller.support.Jobs.spec;
import static org.shuyu.controller.support.LifecycleFixture.ok;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.FlightCallHeaders;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.HeaderCallOption;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.flight.Criteria;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.shuyu.controller.adapter.flight.FlightServerLifecycle;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.Role;
import org.shuyu.controller.support.Api;
import org.shuyu.controller.support.Jobs;
import org.shuyu.controller.support.LifecycleFixture;
import org.shuyu.controller.support.MutableClock;
import org.shuyu.controller.support.PlatformTest;
import org.shuyu.controller.support.Products;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * End to end (issue 6, R-21a, R-19b): listed products leave only through the delivery gate. A data interface over the
 * controller's real Arrow Flight server, a data package by download; only for the approved scenario; every call
 * audited and metered; nothing unlisted, no raw dataset, no other channel; delisting or suspending and ending the
 * grant stops delivery, including a call already open.
 */
@PlatformTest
@Tag("R-21a")
@Tag("R-19b")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProductDeliveryFlowTest {
    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MutableClock clock;
    @Autowired
    FlightServerLifecycle flight;
    @Autowired
    ProductDeliveryService gate;
    @Autowired
    ProductFiles products;
    @Autowired
    org.shuyu.controller.grant.LifecycleScheduler scheduler;
    @Autowired
    org.shuyu.controller.workspace.WorkspaceReconciliation workspaces;

    Api api;
    LifecycleFixture fx;
    String grant;
    String scenario;
    String iface;
    String pkg;
    String draft;
    BufferAllocator allocator;
    FlightClient client;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        fx = new LifecycleFixture(api, jdbc, clock);
    }

    @BeforeAll
    void listedProducts() {
        setUp();
        scenario = "SME credit scoring by industry " + fx.unique("s");
        grant = fx.activeGrant(scenario, List.of("registry.enterprises"));
        JsonNode job = Jobs.await(api, "engineer", Jobs.submit(api, "engineer", grant, spec("delivery-tables",
                "CREATE TABLE by_industry AS SELECT industry, count(*) AS n FROM registry.enterprises GROUP BY industry",
                "CREATE TABLE enterprise_list AS SELECT uscc, name, industry FROM registry.enterprises")));
        assertThat(job.path("state").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        iface = listed("industry-counts", "DATA_INTERFACE", "by_industry", "n");
        pkg = listed("enterprise-list", "DATA_PACKAGE", "enterprise_list", null);
        draft = ok(api.post("engineer", "/api/v1/products", Map.of("grantId", grant, "name", "unlisted",
                "kind", "DATA_INTERFACE", "table", "by_industry", "groupSizeColumn", "n"))).json().path("id").asString();
        allocator = new RootAllocator();
        client = FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", flight.port().orElseThrow())).build();
    }

    @AfterAll
    void closeClient() throws Exception {
        client.close();
        allocator.close();
    }

    @Test
    @Order(1)
    void aListedInterfaceIsServedOverFlightForItsScenarioAndMetered() throws Exception {
        List<String> industries = new ArrayList<>();
        long rows = 0;
        try (FlightStream stream = client.getStream(ticket(iface, "  sme CREDIT scoring by industry " + scenario
                .substring("SME credit scoring by industry ".length())), as("engineer2"))) {
            while (stream.next()) {
                rows += stream.getRoot().getRowCount();
                for (int i = 0; i < stream.getRoot().getRowCount(); i++) {
                    industries.add(stream.getRoot().getVector("industry").getObject(i).toString());
                }
            }
        }
        assertThat(rows).isEqualTo(8);
        assertThat(industries).contains("C13", "M73");

        FlightInfo info = client.getInfo(org.apache.arrow.flight.FlightDescriptor.command(
                ("{\"product\":\"" + iface + "\",\"scenario\":\"" + scenario + "\"}").getBytes(StandardCharsets.UTF_8)),
                as("engineer2"));
        assertThat(info.getSchema().getFields()).extracting(f -> f.getName()).containsExactly("industry", "n");
        assertThat(info.getRecords()).isEqualTo(8);

        JsonNode meter = ok(api.get("admin", "/api/v1/products/" + iface + "/deliveries")).json();
        JsonNode call = first(meter, "caller", "engineer2", "rows", "8");
        assertThat(call.path("channel").asString()).isEqualTo("FLIGHT");
        assertThat(call.path("outcome").asString()).isEqualTo("COMPLETED");
        assertThat(call.path("bytes").asLong()).isPositive();
        List<String> audited = jdbc.sql("SELECT action FROM audit_log WHERE subject_id = ? AND actor = 'engineer2' ORDER BY seq")
                .param(iface).query(String.class).list();
        assertThat(audited).containsSubsequence("product.delivery-start", "product.delivery-end");
    }

    @Test
    @Order(2)
    void anotherScenarioIsRefusedAndTheRefusalAudited() {
        FlightRuntimeException e = refused(() -> drain(client.getStream(ticket(iface, "consumer marketing"), as("engineer2"))));
        assertThat(e.status().description()).startsWith("SCENARIO_MISMATCH");
        Integer refusals = jdbc.sql("SELECT count(*) FROM audit_log WHERE subject_id = ? AND action = 'product.delivery'"
                + " AND outcome = 'REFUSED' AND code = 'SCENARIO_MISMATCH'").param(iface).query(Integer.class).single();
        assertThat(refusals).isEqualTo(1);
        // A ticket without a scenario never reaches the gate; it is refused, and audited, all the same.
        FlightRuntimeException none = refused(() -> drain(client.getStream(ticket(iface, ""), as("engineer2"))));
        assertThat(none.status().description()).startsWith("INVALID_REQUEST");
        FlightRuntimeException anonymous = refused(() -> drain(client.getStream(ticket(iface, scenario))));
        assertThat(anonymous.status().code()).isEqualTo(org.apache.arrow.flight.FlightStatusCode.UNAUTHENTICATED);
        assertThat(jdbc.sql("SELECT actor || ' ' || action || ' ' || code FROM audit_log WHERE action LIKE 'flight %'"
                + " AND outcome = 'REFUSED'").query(String.class).list())
                .contains("engineer2 flight DoGet INVALID_REQUEST", "anonymous flight call UNAUTHENTICATED");
    }

    @Test
    @Order(3)
    void nothingUnlistedNoRawDatasetAndNoOtherChannelIsReachable() {
        assertThat(refused(() -> drain(client.getStream(ticket(draft, scenario), as("engineer")))).status().description())
                .startsWith("PRODUCT_NOT_LISTED");
        assertThat(refused(() -> drain(client.getStream(ticket("registry.enterprises", scenario), as("engineer"))))
                .status().description()).startsWith("NOT_FOUND");
        assertThat(refused(() -> drain(client.getStream(ticket(pkg, scenario), as("engineer")))).status().description())
                .startsWith("WRONG_DELIVERY_CHANNEL");
        List<String> flights = new ArrayList<>();
        client.listFlights(Criteria.ALL, as("engineer2")).forEach(f -> flights.add(new String(
                f.getDescriptor().getCommand(), StandardCharsets.UTF_8)));
        assertThat(flights).anyMatch(f -> f.contains(iface)).noneMatch(f -> f.contains(pkg) || f.contains(draft));
        assertThat(refused(() -> client.listFlights(Criteria.ALL).forEach(f -> { })).status().code())
                .isEqualTo(org.apache.arrow.flight.FlightStatusCode.UNAUTHENTICATED);
    }

    @Test
    @Order(4)
    void aListedPackageIsDownloadedOnlyForItsScenario() throws Exception {
        HttpResponse<byte[]> download = download(pkg, scenario, "engineer2");
        assertThat(download.statusCode()).isEqualTo(200);
        JsonNode product = ok(api.get("engineer", "/api/v1/products/" + pkg)).json();
        assertThat((long) download.body().length).isEqualTo(product.path("snapshot").path("bytes").asLong());
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(download.body())))
                .isEqualTo(product.path("snapshot").path("sha256").asString());
        assertThat(new String(download.body(), 0, 6, StandardCharsets.US_ASCII)).isEqualTo("ARROW1");

        HttpResponse<byte[]> wrong = download(pkg, "consumer marketing", "engineer2");
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(new String(wrong.body(), StandardCharsets.UTF_8)).contains("SCENARIO_MISMATCH");
        assertThat(new String(download(iface, scenario, "engineer2").body(), StandardCharsets.UTF_8))
                .contains("WRONG_DELIVERY_CHANNEL");
        assertThat(new String(download(draft, scenario, "engineer").body(), StandardCharsets.UTF_8))
                .contains("PRODUCT_NOT_LISTED");
        JsonNode meter = ok(api.get("applicant", "/api/v1/products/" + pkg + "/deliveries")).json();
        assertThat(first(meter, "caller", "engineer2", "outcome", "COMPLETED").path("channel").asString())
                .isEqualTo("DOWNLOAD");
    }

    @Test
    @Order(5)
    void delistingStopsAnOpenCallAtOnceAndRefusesNewOnes() {
        Actor caller = new Actor("engineer2", "engineer2", Set.of(Role.ENGINEER), Optional.empty());
        DeliveryGate.Delivery open = gate.open(caller, iface, scenario, DeliveryChannel.FLIGHT);
        assertThat(gate.stillAllowed(open)).isTrue();
        ok(api.post("admin", "/api/v1/products/" + iface + "/delist", Map.of("reason", "scenario under re-review")));
        assertThat(gate.stillAllowed(open)).isFalse();
        gate.close(open, 0, 0, Optional.of("delisted"));
        assertThat(refused(() -> drain(client.getStream(ticket(iface, scenario), as("engineer2")))).status().description())
                .startsWith("PRODUCT_NOT_LISTED");
        List<String> flights = new ArrayList<>();
        client.listFlights(Criteria.ALL, as("engineer2")).forEach(f -> flights.add(new String(
                f.getDescriptor().getCommand(), StandardCharsets.UTF_8)));
        assertThat(flights).noneMatch(f -> f.contains(iface));
    }

    @Test
    @Order(6)
    void suspendingAndEndingTheGrantStopDelivery() throws Exception {
        Actor caller = new Actor("engineer2", "engineer2", Set.of(Role.ENGINEER), Optional.empty());
        DeliveryGate.Delivery open = gate.open(caller, pkg, scenario, DeliveryChannel.DOWNLOAD);
        fx.suspend(grant);
        assertThat(gate.stillAllowed(open)).isFalse();
        gate.close(open, 0, 0, Optional.of("grant suspended"));
        assertThat(new String(download(pkg, scenario, "engineer2").body(), StandardCharsets.UTF_8))
                .contains("GRANT_NOT_ACTIVE");
        fx.end(grant, "TERMINATE");
        HttpResponse<byte[]> ended = download(pkg, scenario, "engineer2");
        assertThat(ended.statusCode()).isEqualTo(409);
        assertThat(new String(ended.body(), StandardCharsets.UTF_8)).contains("GRANT_NOT_ACTIVE");

        // The deletion of the ended grant's data (R-17a) takes the product snapshots too; records and digests stay.
        java.nio.file.Path snapshot = products.storeDir().resolve(pkg);
        assertThat(snapshot).exists();
        scheduler.runOnce();
        assertThat(snapshot).doesNotExist();
        assertThat(products.storeDir().resolve(iface)).doesNotExist();
        assertThat(ok(api.get("admin", "/api/v1/products/" + pkg)).json().path("snapshot").path("sha256").asString())
                .hasSize(64);
        assertThat(jdbc.sql("SELECT count(*) FROM audit_log WHERE subject_id = ? AND action = 'product.snapshot-deleted'")
                .param(pkg).query(Integer.class).single()).isEqualTo(1);
    }

    /**
     * R-24c beyond the workspace: a supervisor follows each delivered product back to the catalog source and forward to
     * its consumers (who, when, scenario, rows, bytes), traces one delivery back, and sees what ended: the delisted
     * listing and, after the ended grant's teardown, its workspace tables.
     */
    @Test
    @Order(7)
    @Tag("R-24c")
    void aSupervisorFollowsDeliveredProductsBackToTheirSourcesAndForwardToTheirConsumers() {
        workspaces.reconcile(grant); // the terminated grant's data was deleted: the workspace is torn down
        JsonNode both = ok(api.get("security", "/api/v1/lineage?product=" + iface + "&direction=both")).json();
        Map<String, JsonNode> nodes = new java.util.HashMap<>();
        both.path("datasets").forEach(d -> nodes.put(d.path("name").asString(), d));
        String table = nodes.keySet().stream().filter(n -> n.endsWith(".by_industry")).findFirst().orElseThrow();
        assertThat(nodes.get("registry.enterprises").path("kind").asString()).isEqualTo("SOURCE");
        assertThat(nodes.get(table).path("endReason").asString()).isEqualTo("TORN_DOWN");
        assertThat(nodes.get(table).path("endedAt").asString()).isNotEmpty();
        JsonNode productNode = nodes.values().stream().filter(d -> d.path("kind").asString().equals("PRODUCT"))
                .findFirst().orElseThrow();
        assertThat(productNode.path("endedAt").isNull() || productNode.path("endedAt").isMissingNode()).isTrue();
        JsonNode listing = nodes.values().stream().filter(d -> d.path("kind").asString().equals("LISTING")).findFirst()
                .orElseThrow();
        assertThat(listing.path("endReason").asString()).isEqualTo("DELISTED");
        JsonNode consumer = nodes.values().stream().filter(d -> d.path("kind").asString().equals("CONSUMER")).findFirst()
                .orElseThrow();
        assertThat(both.path("processes").findValuesAsString("statement")).contains("FREEZE", "LIST", "DELIVERY");
        List<String> chain = new ArrayList<>();
        both.path("edges").forEach(e -> chain.add(e.path("source").asString() + " > " + e.path("target").asString()));
        assertThat(chain).contains("registry.enterprises > " + table, table + " > " + productNode.path("name").asString(),
                productNode.path("name").asString() + " > " + listing.path("name").asString(),
                listing.path("name").asString() + " > " + consumer.path("name").asString());
        JsonNode served = null;
        for (JsonNode d : both.path("deliveries")) {
            // the streamed call of order 1 (a call that sent nothing, as GetFlightInfo's, would have rows 0)
            if (d.path("outcome").asString().equals("COMPLETED") && d.path("channel").asString().equals("FLIGHT")
                    && d.path("rows").asLong() == 8) {
                served = d;
            }
        }
        assertThat(served).as(both.path("deliveries").toString()).isNotNull();
        assertThat(served.path("consumerUser").asString()).isEqualTo("engineer2");
        assertThat(served.path("channel").asString()).isEqualTo("FLIGHT");
        assertThat(served.path("rows").asLong()).isEqualTo(8);
        assertThat(served.path("bytes").asLong()).isPositive();
        assertThat(served.path("scenario").asString()).containsIgnoringCase("credit scoring");
        assertThat(both.path("deliveries").findValuesAsString("outcome")).contains("STOPPED"); // the delisted call

        // one delivery, traced back to the source
        JsonNode back = ok(api.get("security", "/api/v1/lineage?delivery=" + served.path("delivery").asString())).json();
        assertThat(back.path("datasets").findValuesAsString("name")).contains("registry.enterprises", table);
        assertThat(back.path("deliveries")).hasSize(1);
        // from the source forward: both products reach their consumers
        JsonNode forward = ok(api.get("security", "/api/v1/lineage?dataset=registry.enterprises&direction=downstream"))
                .json();
        assertThat(forward.path("datasets").findValuesAsString("kind")).contains("PRODUCT", "LISTING", "CONSUMER");
        assertThat(forward.path("deliveries").findValuesAsString("product")).contains(iface, pkg);
        // a consumer of another operator sees nothing of the upstream; unknown deliveries are 404
        assertThat(api.get("engineer2", "/api/v1/lineage?product=" + iface).status()).isEqualTo(404);
        assertThat(api.get("security", "/api/v1/lineage?delivery=dlv-none").status()).isEqualTo(404);
        assertThat(api.get("security", "/api/v1/lineage?delivery=x&product=" + iface).status()).isEqualTo(400);
    }

    // ---------------------------------------------------------------------------------------------------------------

    private String listed(String name, String kind, String table, String groupSize) {
        String id = Products.create(api, grant, name, kind, table, groupSize);
        JsonNode p = Products.submitAndAwait(api, id);
        assertThat(p.path("state").asString()).as(p.toString()).isEqualTo("IN_REVIEW");
        Products.approve(api, id);
        ok(api.post("admin", "/api/v1/products/" + id + "/list", null));
        return id;
    }

    private CallOption as(String user) {
        FlightCallHeaders headers = new FlightCallHeaders();
        headers.insert("authorization", "Bearer " + api.token(user));
        return new HeaderCallOption(headers);
    }

    private static Ticket ticket(String product, String scenario) {
        return new Ticket(("{\"product\":\"" + product + "\",\"scenario\":\"" + scenario + "\"}")
                .getBytes(StandardCharsets.UTF_8));
    }

    private static void drain(FlightStream stream) throws Exception {
        try (stream) {
            while (stream.next()) {
                stream.getRoot().getRowCount();
            }
        }
    }

    private static FlightRuntimeException refused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        try {
            call.call();
        } catch (FlightRuntimeException e) {
            return e;
        } catch (Throwable t) {
            throw new AssertionError("expected a Flight refusal, got " + t, t);
        }
        throw new AssertionError("expected a Flight refusal, the call succeeded");
    }

    private HttpResponse<byte[]> download(String product, String scenario, String user) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/products/" + product
                        + "/download?scenario=" + URLEncoder.encode(scenario, StandardCharsets.UTF_8)))
                .header("Authorization", "Bearer " + api.token(user)).timeout(Duration.ofSeconds(30)).GET().build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private static JsonNode first(JsonNode array, String field, String value, String field2, String value2) {
        for (JsonNode n : array) {
            if (n.path(field).asString().equals(value) && n.path(field2).asString().equals(value2)) {
                return n;
            }
        }
        throw new AssertionError("no " + field + "=" + value + ", " + field2 + "=" + value2 + " in " + array);
    }
}
