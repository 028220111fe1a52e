package org.shuyu.controller.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.Jurisdiction;
import org.shuyu.controller.identity.Role;
import org.shuyu.controller.support.Api;
import org.shuyu.controller.support.PlatformTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@PlatformTest
class CatalogTest {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final String RUN = Long.toString(System.nanoTime() % 1_000_000, 36);

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Catalog catalog;

    @Autowired
    CatalogService catalogService;

    private Api api() {
        return new Api(port);
    }

    /** A dataset id no other test of this run uses. */
    private static String uniqueId(String namespace) {
        return namespace + ".t" + RUN + "_" + SEQUENCE.incrementAndGet();
    }

    private static Map<String, Object> column(String name, String classification, int grade) {
        return Map.of("name", name, "type", "string", "description", name, "classification", classification, "grade", grade);
    }

    private static Map<String, Object> dataset(String id, String provider, List<Map<String, Object>> columns) {
        Map<String, Object> body = new HashMap<>();
        body.put("id", id);
        body.put("providerId", provider);
        body.put("title", "Test dataset " + id);
        body.put("description", "registered by a test");
        body.put("openness", "CONDITIONAL");
        body.put("category", "test");
        body.put("personLevel", false);
        body.put("rowCount", 10);
        body.put("columns", columns);
        return body;
    }

    private int auditRecords(String action, String subjectId) {
        return jdbc.sql("SELECT count(*) FROM audit_log WHERE action = ? AND subject_id = ? AND outcome = 'DONE'")
                .params(action, subjectId).query(Integer.class).single();
    }

    private boolean stored(String datasetId) {
        return jdbc.sql("SELECT count(*) FROM datasets WHERE id = ?").param(datasetId).query(Integer.class).single() > 0
                || jdbc.sql("SELECT count(*) FROM dataset_columns WHERE dataset_id = ?").param(datasetId)
                        .query(Integer.class).single() > 0;
    }

    @Test
    @Tag("R-07")
    @Tag("R-24d")
    void providerRegistersDatasetWithClassifiedColumnsAndDerivedGradeAndIsAudited() {
        String id = uniqueId("registry");
        Map<String, Object> body = dataset(id, "market-regulation", List.of(
                column("uscc", "PUBLIC", 1),
                column("industry", "BUSINESS", 2),
                column("legal_rep_id_number", "DIRECT_IDENTIFIER", 4)));
        body.put("grade", 1); // a client cannot set the derived grade: the field is refused, not ignored
        Api.Response withGrade = api().post("provider", "/api/v1/datasets", body);
        assertThat(withGrade.status()).as(withGrade.toString()).isEqualTo(400);
        assertThat(withGrade.code()).isEqualTo("INVALID_FIELD");
        assertThat(withGrade.json().path("field").asString()).isEqualTo("grade");
        body.remove("grade");

        Api.Response created = api().post("provider", "/api/v1/datasets", body);

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode read = api().get("engineer", "/api/v1/datasets/" + id).json();
        assertThat(read.path("providerId").asString()).isEqualTo("market-regulation");
        assertThat(read.path("openness").asString()).isEqualTo("CONDITIONAL");
        assertThat(read.path("qualityStatus").asString()).isEqualTo("UNASSESSED");
        assertThat(read.path("grade").asInt()).isEqualTo(4);
        assertThat(read.path("createdBy").asString()).isEqualTo("provider");
        List<String> columns = new ArrayList<>();
        read.path("columns").forEach(c -> columns.add(
                c.path("name").asString() + ":" + c.path("classification").asString() + ":" + c.path("grade").asInt()));
        assertThat(columns).containsExactly("uscc:PUBLIC:1", "industry:BUSINESS:2", "legal_rep_id_number:DIRECT_IDENTIFIER:4");
        assertThat(jdbc.sql("SELECT grade FROM datasets WHERE id = ?").param(id).query(Integer.class).single()).isEqualTo(4);
        assertThat(auditRecords("dataset.register", id)).isEqualTo(1);
    }

    @Test
    @Tag("R-07")
    void datasetGradeIsTheHighestColumnGrade() {
        String id = uniqueId("tax");
        Api.Response created = api().post("provider-tax", "/api/v1/datasets", dataset(id, "tax", List.of(
                column("period", "BUSINESS", 1), column("amount", "FINANCIAL", 2))));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().path("grade").asInt()).isEqualTo(2);
    }

    @Test
    @Tag("R-07")
    void personLevelDatasetRecordsItsSubjectColumn() {
        String id = uniqueId("social");
        Map<String, Object> body = dataset(id, "hrss", List.of(
                column("person_id_number", "DIRECT_IDENTIFIER", 4), column("month", "BUSINESS", 1)));
        body.put("personLevel", true);
        body.put("subjectColumn", "person_id_number");

        Api.Response created = api().post("admin", "/api/v1/datasets", body);

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(catalog.find(id)).hasValueSatisfying(d -> {
            assertThat(d.personLevel()).isTrue();
            assertThat(d.subjectColumn()).contains("person_id_number");
        });
    }

    @Test
    @Tag("R-07")
    void invalidSchemasAreRefusedWithStableCodesAndNothingIsWritten() {
        Map<String, Map<String, Object>> cases = new LinkedHashMap<>();
        String duplicate = uniqueId("registry");
        cases.put("DUPLICATE_COLUMN:" + duplicate, dataset(duplicate, "market-regulation",
                List.of(column("uscc", "PUBLIC", 1), column("uscc", "PUBLIC", 1))));
        String lowIdentifier = uniqueId("registry");
        cases.put("GRADE_BELOW_CLASSIFICATION:" + lowIdentifier, dataset(lowIdentifier, "market-regulation",
                List.of(column("uscc", "PUBLIC", 1), column("id_number", "DIRECT_IDENTIFIER", 2))));
        String noSubject = uniqueId("social");
        Map<String, Object> personLevel = dataset(noSubject, "hrss", List.of(column("month", "BUSINESS", 1)));
        personLevel.put("personLevel", true);
        cases.put("SUBJECT_COLUMN_MISSING:" + noSubject, personLevel);
        String wrongSubject = uniqueId("social");
        Map<String, Object> missingSubject = dataset(wrongSubject, "hrss", List.of(column("month", "BUSINESS", 1)));
        missingSubject.put("personLevel", true);
        missingSubject.put("subjectColumn", "person_id_number");
        cases.put("SUBJECT_COLUMN_MISSING:" + wrongSubject, missingSubject);
        String noColumns = uniqueId("registry");
        cases.put("INVALID_SCHEMA:" + noColumns, dataset(noColumns, "market-regulation", List.of()));
        String badGrade = uniqueId("registry");
        cases.put("INVALID_SCHEMA:" + badGrade, dataset(badGrade, "market-regulation", List.of(column("uscc", "PUBLIC", 5))));
        String badType = uniqueId("registry");
        Map<String, Object> typed = dataset(badType, "market-regulation", List.of(
                Map.of("name", "uscc", "type", "varchar(18)", "classification", "PUBLIC", "grade", 1)));
        cases.put("INVALID_SCHEMA:" + badType, typed);
        String badClassification = uniqueId("registry");
        cases.put("INVALID_REQUEST:" + badClassification, dataset(badClassification, "market-regulation",
                List.of(column("uscc", "SECRET", 1))));
        cases.put("INVALID_DATASET_ID:Registry.Enterprises", dataset("Registry.Enterprises", "market-regulation",
                List.of(column("uscc", "PUBLIC", 1))));
        cases.put("INVALID_DATASET_ID:enterprises", dataset("enterprises", "market-regulation",
                List.of(column("uscc", "PUBLIC", 1))));
        String unknownProvider = uniqueId("registry");
        cases.put("UNKNOWN_PROVIDER:" + unknownProvider, dataset(unknownProvider, "no-such-provider",
                List.of(column("uscc", "PUBLIC", 1))));

        cases.forEach((expectation, body) -> {
            String code = expectation.substring(0, expectation.indexOf(':'));
            String id = expectation.substring(expectation.indexOf(':') + 1);
            Api.Response refused = api().post("admin", "/api/v1/datasets", body);
            assertThat(refused.status()).as(expectation + " -> " + refused).isIn(400, 422);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.code()).as(expectation + " -> " + refused).isEqualTo(code);
            assertThat(stored(id)).as("nothing stored for " + id).isFalse();
            assertThat(auditRecords("dataset.register", id)).isZero();
        });
    }

    @Test
    @Tag("R-07")
    void registeringAnExistingDatasetIdConflictsAndKeepsTheOriginal() {
        String id = uniqueId("registry");
        assertThat(api().post("admin", "/api/v1/datasets", dataset(id, "market-regulation",
                List.of(column("uscc", "PUBLIC", 1)))).status()).isEqualTo(201);

        Api.Response again = api().post("admin", "/api/v1/datasets", dataset(id, "market-regulation",
                List.of(column("name", "PUBLIC", 1), column("phone", "CONTACT", 3))));

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.code()).isEqualTo("ALREADY_EXISTS");
        assertThat(catalog.find(id).orElseThrow().columns()).extracting(Column::name).containsExactly("uscc");
    }

    @Test
    @Tag("R-06")
    void providersAndAuthoritiesAreConfinedToTheirJurisdiction() {
        String providerId = "zhenhai-test-" + RUN;
        Api.Response provider = api().post("admin", "/api/v1/providers",
                Map.of("id", providerId, "name", "Zhenhai district bureau", "jurisdiction", "330211", "description", "test"));
        assertThat(provider.status()).as(provider.toString()).isEqualTo(201);
        String id = uniqueId("zhenhai");
        Map<String, Object> body = dataset(id, providerId, List.of(column("uscc", "PUBLIC", 1)));

        // A municipal provider-role user covers every county; a county provider-role user covers only its own.
        Actor yinzhouProvider = new Actor("yinzhou-provider", "Yinzhou bureau clerk", Set.of(Role.PROVIDER),
                Optional.of(new Jurisdiction("330212")));
        DatasetRegistration registration = new DatasetRegistration(id, providerId, "Zhenhai data", "", Openness.OPEN,
                "test", QualityStatus.UNASSESSED, false, Optional.empty(), Optional.empty(),
                List.of(new Column("uscc", "string", "", ColumnClassification.PUBLIC, 1)));
        assertThatThrownBy(() -> catalogService.registerDataset(registration, yinzhouProvider))
                .isInstanceOfSatisfying(SandboxException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.OUTSIDE_JURISDICTION));
        assertThat(stored(id)).isFalse();
        assertThat(api().post("provider", "/api/v1/datasets", body).status()).isEqualTo(201);
        // A county authority registers providers only within its county.
        Api.Response county = api().post("county-admin", "/api/v1/providers",
                Map.of("id", providerId + "-x", "name", "Zhenhai other bureau", "jurisdiction", "330211"));
        assertThat(county.status()).isEqualTo(403);
        assertThat(county.code()).isEqualTo("OUTSIDE_JURISDICTION");
        assertThat(api().get("admin", "/api/v1/providers").text()).doesNotContain(providerId + "-x");
        assertThat(auditRecords("provider.register", providerId)).isEqualTo(1);
    }

    @Test
    @Tag("R-06")
    void rolesOtherThanProviderAndAuthorityCannotRegisterDatasets() {
        String id = uniqueId("registry");
        Api.Response refused = api().post("engineer", "/api/v1/datasets",
                dataset(id, "market-regulation", List.of(column("uscc", "PUBLIC", 1))));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.code()).isEqualTo("FORBIDDEN_ROLE");
        assertThat(stored(id)).isFalse();
    }

    @Test
    @Tag("R-04")
    void prohibitedDatasetIsVisibleInTheCatalogWithItsOpenness() {
        Api.Response list = api().get("engineer", "/api/v1/datasets");

        assertThat(list.status()).isEqualTo(200);
        Map<String, String> openness = new HashMap<>();
        list.json().forEach(d -> openness.put(d.path("id").asString(), d.path("openness").asString()));
        assertThat(openness).containsEntry("police.household_registry", "PROHIBITED");
        assertThat(api().get("applicant", "/api/v1/datasets/police.household_registry").json().path("openness").asString())
                .isEqualTo("PROHIBITED");
    }

    @Test
    @Tag("R-07")
    void demoCatalogIsSeededWithClassifiedNingboDatasets() {
        Api.Response list = api().get("engineer", "/api/v1/datasets");

        List<String> ids = new ArrayList<>();
        list.json().forEach(d -> ids.add(d.path("id").asString()));
        assertThat(ids).contains("registry.enterprises", "tax.payments", "social.contributions", "utility.usage",
                "police.household_registry");
        Dataset contributions = catalog.find("social.contributions").orElseThrow();
        assertThat(contributions.personLevel()).isTrue();
        assertThat(contributions.subjectColumn()).contains("person_id_number");
        assertThat(contributions.column("person_id_number")).hasValueSatisfying(c -> {
            assertThat(c.classification()).isEqualTo(ColumnClassification.DIRECT_IDENTIFIER);
            assertThat(c.grade()).isEqualTo(4);
        });
        assertThat(catalog.find("registry.enterprises").orElseThrow().column("phone"))
                .hasValueSatisfying(c -> assertThat(c.classification()).isEqualTo(ColumnClassification.CONTACT));
        assertThat(catalog.find("registry.enterprises").orElseThrow().grade()).isEqualTo(4);
        List<String> providers = new ArrayList<>();
        api().get("applicant", "/api/v1/providers").json().forEach(p -> providers.add(p.path("id").asString()));
        assertThat(providers).contains("market-regulation", "tax", "hrss", "utilities", "public-security");
        assertThat(auditRecords("dataset.register", "registry.enterprises")).isEqualTo(1);
    }

    @Test
    @Tag("R-04")
    void requireUsableRefusesProhibitedDatasetsNamingThem() {
        assertThatThrownBy(() -> catalog.requireUsable(List.of("registry.enterprises", "police.household_registry")))
                .isInstanceOfSatisfying(SandboxException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.PROHIBITED_DATASET);
                    assertThat(e.getMessage()).contains("police.household_registry").doesNotContain("registry.enterprises,");
                });
    }

    @Test
    @Tag("R-04")
    void requireUsableRefusesUnknownDatasetsNamingThem() {
        assertThatThrownBy(() -> catalog.requireUsable(List.of("tax.payments", "nowhere.nothing", "Bad Id")))
                .isInstanceOfSatisfying(SandboxException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_DATASET);
                    assertThat(e.getMessage()).contains("nowhere.nothing").contains("Bad Id").doesNotContain("tax.payments");
                });
    }

    @Test
    @Tag("R-04")
    void requireUsableAcceptsOpenAndConditionalDatasets() {
        assertThatCode(() -> catalog.requireUsable(List.of("registry.enterprises", "tax.payments", "weather.daily")))
                .doesNotThrowAnyException();
    }

    @Test
    @Tag("R-07")
    void unknownDatasetIsNotFound() {
        Api.Response missing = api().get("engineer", "/api/v1/datasets/nowhere.nothing");

        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.code()).isEqualTo("NOT_FOUND");
    }
}
