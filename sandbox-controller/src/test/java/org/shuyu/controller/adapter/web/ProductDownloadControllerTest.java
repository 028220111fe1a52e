package org.shuyu.controller.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.fake.ArrowSnapshots;
import org.shuyu.controller.fake.InMemoryDeliveryGate;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.Role;
import org.shuyu.controller.product.DeliveryChannel;
import org.shuyu.controller.product.DeliveryGate;
import org.shuyu.controller.product.ProductKind;
import org.shuyu.controller.product.ProductState;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The package download endpoint with a hand-written gate, through Spring MVC (MockMvc) and the real
 * {@link ProblemDetailAdvice}: the snapshot streams byte for byte after the gate opened the call; refusals are
 * problem+json with the gate's code; a delivery stopped mid-stream cuts the response and is closed once.
 */
@Tag("R-21a")
@Tag("R-19b")
class ProductDownloadControllerTest {
    private static final String SCENARIO = "Enterprise credit risk assessment for SME loans";
    private static final Actor ENGINEER = new Actor("engineer", "Engineer", Set.of(Role.ENGINEER), Optional.empty());
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private Path snapshot;
    private InMemoryDeliveryGate gate;
    private final List<String> refusals = new ArrayList<>();
    private MockMvc mvc;

    @BeforeEach
    void setUp() throws IOException {
        snapshot = ArrowSnapshots.write(dir.resolve("package.arrow"), 50_000, 4096);
        long size = Files.size(snapshot);
        assertThat(size).isGreaterThan(3L * ProductDownloadController.CHUNK_BYTES);
        gate = new InMemoryDeliveryGate()
                .add(InMemoryDeliveryGate.product("prod-pkg", "risk-package", ProductKind.DATA_PACKAGE, ProductState.LISTED, SCENARIO, 50_000, size), snapshot)
                .add(InMemoryDeliveryGate.product("prod-report", "信用 报告", ProductKind.DATA_REPORT, ProductState.LISTED, SCENARIO, 50_000, size), snapshot)
                .add(InMemoryDeliveryGate.product("prod-stop", "risk-package-2", ProductKind.DATA_PACKAGE, ProductState.LISTED, SCENARIO, 50_000, size), snapshot)
                .add(InMemoryDeliveryGate.product("prod-api", "risk-api", ProductKind.DATA_INTERFACE, ProductState.LISTED, SCENARIO, 50_000, size), snapshot)
                .add(InMemoryDeliveryGate.product("prod-draft", "risk-draft", ProductKind.DATA_PACKAGE, ProductState.APPROVED, SCENARIO, 50_000, size), snapshot)
                .stopAfter("prod-stop", 3);
        StaticListableBeanFactory beans = new StaticListableBeanFactory(Map.of("gate", gate));
        RefusalAuditor auditor = new RefusalAuditor(null, null) {
            @Override
            public void refused(HttpServletRequest request, ErrorCode code, String reason, Optional<Actor> actor) {
                refusals.add(code.name());
            }
        };
        mvc = MockMvcBuilders.standaloneSetup(new ProductDownloadController(beans.getBeanProvider(DeliveryGate.class), () -> ENGINEER))
                .setControllerAdvice(new ProblemDetailAdvice(auditor))
                .build();
    }

    @Test
    void aListedPackageDownloadsByteForByteWithItsDigestAndTheCallIsClosedOnce() throws Exception {
        MockHttpServletResponse response = mvc.perform(get("/api/v1/products/prod-pkg/download").param("scenario", SCENARIO.toUpperCase()))
                .andReturn().getResponse();

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getContentType()).isEqualTo("application/vnd.apache.arrow.file");
        assertThat(response.getHeader("Content-Disposition")).isEqualTo("attachment; filename=\"risk-package-v1.arrow\"");
        assertThat(response.getHeader("X-Content-SHA256")).isEqualTo("ab".repeat(32));
        assertThat(response.getContentAsByteArray()).isEqualTo(Files.readAllBytes(snapshot));
        assertThat(gate.opened()).singleElement().satisfies(o -> {
            assertThat(o.channel()).isEqualTo(DeliveryChannel.DOWNLOAD);
            assertThat(o.caller()).isEqualTo(ENGINEER);
        });
        assertThat(gate.closed()).singleElement().satisfies(c -> {
            assertThat(c.rows()).isEqualTo(50_000);
            assertThat(c.bytes()).isEqualTo(Files.size(snapshot));
            assertThat(c.failure()).isEmpty();
        });
    }

    @Test
    void aNonAsciiNameGetsAnAsciiFilenameAndItsUtf8Form() throws Exception {
        MockHttpServletResponse response = mvc.perform(get("/api/v1/products/prod-report/download").param("scenario", SCENARIO))
                .andReturn().getResponse();

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getHeader("Content-Disposition"))
                .isEqualTo("attachment; filename=\"_____-v1.arrow\"; filename*=UTF-8''%E4%BF%A1%E7%94%A8%20%E6%8A%A5%E5%91%8A-v1.arrow");
    }

    @Test
    void refusalsOfTheGateAreProblemJsonWithTheirCodeAndNothingIsSent() throws Exception {
        record Case(String product, String scenario, int status, String code) {}
        for (Case c : List.of(
                new Case("prod-pkg", "Marketing to consumers", 403, "SCENARIO_MISMATCH"),
                new Case("prod-missing", SCENARIO, 404, "NOT_FOUND"),
                new Case("prod-draft", SCENARIO, 409, "PRODUCT_NOT_LISTED"),
                new Case("prod-api", SCENARIO, 400, "WRONG_DELIVERY_CHANNEL"))) {
            MockHttpServletResponse response = mvc.perform(get("/api/v1/products/" + c.product() + "/download").param("scenario", c.scenario()))
                    .andReturn().getResponse();
            assertThat(response.getStatus()).as(c.product()).isEqualTo(c.status());
            assertThat(response.getContentType()).isEqualTo("application/problem+json");
            JsonNode problem = JSON.readTree(response.getContentAsString());
            assertThat(problem.path("code").asString()).isEqualTo(c.code());
        }
        MockHttpServletResponse missing = mvc.perform(get("/api/v1/products/prod-pkg/download")).andReturn().getResponse();
        assertThat(missing.getStatus()).isEqualTo(400);
        assertThat(JSON.readTree(missing.getContentAsString()).path("code").asString()).isEqualTo("INVALID_REQUEST");
        assertThat(refusals).contains("SCENARIO_MISMATCH");
        assertThat(gate.closed()).isEmpty();
    }

    @Test
    void aDeliveryStoppedMidStreamIsCutAndClosedOnceWithTheBytesSent() {
        // Check 1 opens the stream, checks 2 and 3 let chunks 2 and 3 go, check 4 refuses chunk 4.
        assertThatThrownBy(() -> mvc.perform(get("/api/v1/products/prod-stop/download").param("scenario", SCENARIO)))
                .hasRootCauseInstanceOf(ProductDownloadController.DownloadCut.class);

        assertThat(gate.closed()).singleElement().satisfies(c -> {
            assertThat(c.bytes()).isEqualTo(3L * ProductDownloadController.CHUNK_BYTES);
            assertThat(c.rows()).isZero();
            assertThat(c.failure()).hasValueSatisfying(f -> assertThat(f).contains("stopped"));
        });
    }
}
