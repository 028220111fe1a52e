package org.shuyu.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The compiled JSON loaded into the real Ranger 2.9.0 plugin engine (through a policy source, as a job's plugin
 * loads it), and the engine's decisions checked.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RangerEngineTest {
    private static final String GRANT_DIR = "/srv/shuyu/workspaces/grant-ab12";

    private final Map<String, ServicePolicySet> services = new PolicyCompiler().compile(DemoState.state());
    private RangerEngine grant;
    private RangerEngine lab;
    private RangerEngine suspended;

    @BeforeAll
    void startEngines() {
        grant = load("shuyu_grant_ab12");
        lab = load("shuyu_lab_cd34");
        suspended = load("shuyu_grant_ef56");
    }

    @AfterAll
    void stopEngines() {
        for (RangerEngine engine : new RangerEngine[] {grant, lab, suspended}) {
            if (engine != null) {
                engine.close();
            }
        }
    }

    private RangerEngine load(String service) {
        RangerEngine engine = RangerEngine.load(service,
                services.get(service).toJson(DemoState.VERSION, DemoState.UPDATE_TIME));
        assertThat(engine.policyVersion()).as("policies of %s loaded", service).isEqualTo(DemoState.VERSION);
        return engine;
    }

    @Nested
    @Tag("R-19a")
    class AccessAndWriteConfinement {
        @Test
        void membersMaySelectEveryColumnOfTheGrantedDatasets() {
            for (String user : List.of("engineer", "analyst")) {
                for (DatasetSpec dataset : List.of(DemoState.ENTERPRISES, DemoState.PAYMENTS,
                        DemoState.CONTRIBUTIONS)) {
                    assertThat(grant.onTable(user, "select", dataset.namespace(), dataset.table()))
                            .as("%s select %s", user, dataset.id()).isTrue();
                    for (ColumnSpec column : dataset.columns()) {
                        assertThat(grant.canSelect(user, dataset.namespace(), dataset.table(), column.name()))
                                .as("%s select %s.%s", user, dataset.id(), column.name()).isTrue();
                    }
                }
            }
            assertThat(lab.canSelect("researcher", "registry", "enterprises", "uscc")).isTrue();
        }

        @Test
        void nonMembersAreDeniedEverything() {
            for (String user : List.of("researcher", "mallory", "")) {
                assertThat(grant.canSelect(user, "tax", "payments", "uscc")).as(user).isFalse();
                assertThat(grant.onDatabase(user, "create", "ws_grant_ab12")).as(user).isFalse();
                assertThat(grant.onUrl(user, "read", GRANT_DIR + "/files/a.csv")).as(user).isFalse();
            }
            assertThat(lab.canSelect("engineer", "registry", "enterprises", "uscc")).isFalse();
        }

        @Test
        void datasetsNotGrantedToTheWorkspaceAreDenied() {
            assertThat(lab.canSelect("researcher", "tax", "payments", "amount")).isFalse();
            assertThat(lab.onTable("researcher", "select", "social", "contributions")).isFalse();
            assertThat(grant.canSelect("engineer", "health", "records", "diagnosis")).isFalse();
            assertThat(grant.canSelect("engineer", "registry", "unknown", "uscc"))
                    .as("a dataset id the catalog does not know gets no policy").isFalse();
            assertThat(grant.canSelect("engineer", "registry", "enterprises_history", "uscc"))
                    .as("no prefix matching on table names").isFalse();
        }

        @Test
        void prohibitedDatasetIsDeniedEvenWhenListed() {
            for (String access : RangerEngine.accessTypes()) {
                assertThat(grant.onTable("engineer", access, "police", "household_registry")).as(access).isFalse();
                assertThat(grant.allowed("engineer", access, Map.of("database", "police", "table",
                        "household_registry", "column", "person_id_number"))).as(access).isFalse();
            }
            assertThat(grant.maskType("engineer", "police", "household_registry", "household_address")).isNull();
            assertThat(grant.rowFilter("engineer", "police", "household_registry")).isNull();
        }

        @Test
        void grantedDatasetsAreReadOnly() {
            for (String access : List.of("update", "create", "drop", "alter")) {
                assertThat(grant.onTable("engineer", access, "tax", "payments")).as(access).isFalse();
                assertThat(grant.allowed("engineer", access, Map.of("database", "tax", "table", "payments",
                        "column", "amount"))).as(access).isFalse();
                assertThat(grant.onDatabase("engineer", access, "tax")).as(access).isFalse();
            }
        }

        @Test
        void membersOwnTheWorkspaceDatabase() {
            for (String access : List.of("select", "update", "create", "drop", "alter")) {
                assertThat(grant.onDatabase("engineer", access, "ws_grant_ab12")).as(access).isTrue();
                assertThat(grant.onTable("engineer", access, "ws_grant_ab12", "features")).as(access).isTrue();
                assertThat(grant.allowed("analyst", access, Map.of("database", "ws_grant_ab12", "table",
                        "features", "column", "score"))).as(access).isTrue();
            }
        }

        @Test
        void otherDatabasesCannotBeCreatedOrWritten() {
            for (String access : List.of("select", "update", "create", "drop", "alter")) {
                assertThat(grant.onDatabase("engineer", access, "ws_lab_cd34")).as(access).isFalse();
                assertThat(grant.onTable("engineer", access, "ws_lab_cd34", "features")).as(access).isFalse();
                assertThat(grant.onDatabase("engineer", access, "ws_grant_ab12_evil")).as(access).isFalse();
                assertThat(grant.onDatabase("engineer", access, "default")).as(access).isFalse();
            }
            assertThat(grant.onDatabase("engineer", "create", "registry")).isFalse();
        }

        @Test
        void filesInsideTheStorageDirectoryMayBeReadAndWritten() {
            for (String access : List.of("read", "write")) {
                assertThat(grant.onUrl("engineer", access, GRANT_DIR)).as(access).isTrue();
                assertThat(grant.onUrl("engineer", access, GRANT_DIR + "/")).as(access).isTrue();
                assertThat(grant.onUrl("engineer", access, GRANT_DIR + "/files/input.csv")).as(access).isTrue();
                assertThat(grant.onUrl("analyst", access, GRANT_DIR + "/warehouse/ws_grant_ab12.db/features"))
                        .as(access).isTrue();
            }
        }

        @Test
        void filesOutsideTheStorageDirectoryAreDenied() {
            for (String access : List.of("read", "write")) {
                for (String url : List.of("/srv/shuyu/workspaces/grant-ab12-evil/x.csv",
                        "/srv/shuyu/workspaces/grant-ab12-evil", "/srv/shuyu/workspaces/grant-ab1",
                        "/srv/shuyu/workspaces", "/srv/shuyu/workspaces/lab-cd34/files/x.csv", "/tmp/x.csv", "/",
                        "/SRV/shuyu/workspaces/grant-ab12/x.csv")) {
                    assertThat(grant.onUrl("engineer", access, url)).as("%s %s", access, url).isFalse();
                }
            }
            for (String access : List.of("select", "update", "create", "drop", "alter")) {
                assertThat(grant.onUrl("engineer", access, GRANT_DIR + "/x.csv")).as(access).isFalse();
            }
        }

        @Test
        void prefixTrickOnAShortStoragePathIsDenied() {
            WorkspaceSpec a = new WorkspaceSpec("a", "ws_a", "/ws/a", true, Set.of("u"), Set.of());
            ServicePolicySet set = new PolicyCompiler().compile(new PolicyState(List.of(), List.of(a), Map.of()))
                    .get("shuyu_a");
            try (RangerEngine engine = RangerEngine.load("shuyu_a", set.toJson(1, DemoState.UPDATE_TIME))) {
                assertThat(engine.onUrl("u", "write", "/ws/a/b/c.parquet")).isTrue();
                assertThat(engine.onUrl("u", "write", "/ws/a")).isTrue();
                assertThat(engine.onUrl("u", "write", "/ws/a-evil")).isFalse();
                assertThat(engine.onUrl("u", "write", "/ws/a-evil/x")).isFalse();
                assertThat(engine.onUrl("u", "read", "/ws/ab/x")).isFalse();
                assertThat(engine.onUrl("u", "read", "/ws")).isFalse();
            }
        }

        @Test
        void inactiveWorkspaceIsDeniedEverything() {
            assertThat(services.get("shuyu_grant_ef56").policies()).isEmpty();
            for (String access : RangerEngine.accessTypes()) {
                assertThat(suspended.canSelect("engineer", "tax", "payments", "uscc")).isFalse();
                assertThat(suspended.onTable("engineer", access, "tax", "payments")).as(access).isFalse();
                assertThat(suspended.onDatabase("engineer", access, "ws_grant_ef56")).as(access).isFalse();
                assertThat(suspended.onUrl("engineer", access, "/srv/shuyu/workspaces/grant-ef56/x"))
                        .as(access).isFalse();
            }
        }

        @Test
        void emptyServiceJsonDeniesEverything() {
            String json = PolicyCompiler.emptyServiceJson("shuyu_nothing", 3, DemoState.UPDATE_TIME);
            try (RangerEngine engine = RangerEngine.load("shuyu_nothing", json)) {
                assertThat(engine.policyVersion()).isEqualTo(3);
                for (String access : RangerEngine.accessTypes()) {
                    assertThat(engine.onTable("engineer", access, "tax", "payments")).as(access).isFalse();
                    assertThat(engine.onDatabase("engineer", access, "ws_nothing")).as(access).isFalse();
                    assertThat(engine.onUrl("engineer", access, "/srv/x")).as(access).isFalse();
                }
                assertThat(engine.rowFilter("engineer", "social", "contributions")).isNull();
            }
        }

        @Test
        void suspendingAWorkspaceRevokesAccessOnTheNextPoll() {
            WorkspaceSpec active = new WorkspaceSpec("grant-rv01", "ws_grant_rv01", "/srv/rv01", true,
                    Set.of("engineer"), Set.of("tax.payments"));
            WorkspaceSpec inactive = new WorkspaceSpec("grant-rv01", "ws_grant_rv01", "/srv/rv01", false,
                    Set.of("engineer"), Set.of("tax.payments"));
            PolicyCompiler compiler = new PolicyCompiler();
            String before = compiler.compile(new PolicyState(List.of(DemoState.PAYMENTS), List.of(active), Map.of()))
                    .get("shuyu_grant_rv01").toJson(1, DemoState.UPDATE_TIME);
            String after = compiler.compile(new PolicyState(List.of(DemoState.PAYMENTS), List.of(inactive), Map.of()))
                    .get("shuyu_grant_rv01").toJson(2, DemoState.UPDATE_TIME.plusSeconds(60));
            try (RangerEngine engine = RangerEngine.load("shuyu_grant_rv01", before)) {
                assertThat(engine.canSelect("engineer", "tax", "payments", "amount")).isTrue();
                engine.reload(after);
                assertThat(engine.policyVersion()).isEqualTo(2);
                assertThat(engine.canSelect("engineer", "tax", "payments", "amount")).isFalse();
                assertThat(engine.onUrl("engineer", "write", "/srv/rv01/x")).isFalse();
            }
        }
    }

    @Nested
    @Tag("R-24b")
    class MaskingByGrade {
        @Test
        void everyColumnGetsTheMaskOfMaskRules() {
            for (DatasetSpec dataset : List.of(DemoState.ENTERPRISES, DemoState.PAYMENTS, DemoState.CONTRIBUTIONS)) {
                for (ColumnSpec column : dataset.columns()) {
                    String expected = MaskRules.maskFor(column.classification(), column.grade())
                            .map(MaskType::rangerName).orElse(null);
                    for (String user : List.of("engineer", "analyst")) {
                        assertThat(grant.maskType(user, dataset.namespace(), dataset.table(), column.name()))
                                .as("%s %s.%s (%s grade %d)", user, dataset.id(), column.name(),
                                        column.classification(), column.grade())
                                .isEqualTo(expected);
                    }
                }
            }
        }

        @Test
        void demoColumnsUseAllThreeMaskTypes() {
            assertThat(grant.maskType("engineer", "social", "contributions", "person_id_number")).isEqualTo("MASK_HASH");
            assertThat(grant.maskType("engineer", "social", "contributions", "person_name")).isEqualTo("MASK_NULL");
            assertThat(grant.maskType("engineer", "social", "contributions", "phone")).isEqualTo("MASK_SHOW_LAST_4");
            assertThat(grant.maskType("engineer", "tax", "payments", "amount")).isNull();
            assertThat(grant.maskType("engineer", "registry", "enterprises", "legal_representative"))
                    .isEqualTo("MASK_HASH");
            assertThat(lab.maskType("researcher", "registry", "enterprises", "phone")).isEqualTo("MASK_SHOW_LAST_4");
        }

        @Test
        void maskTypesResolveToTheServiceDefinition() {
            var result = grant.plugin().evalDataMaskPolicies(RangerEngine.request("engineer", "select",
                    Map.of("database", "social", "table", "contributions", "column", "health_status")), null);
            assertThat(result.getMaskTypeDef()).isNotNull();
            assertThat(result.getMaskTypeDef().getName()).isEqualTo("MASK_NULL");
        }
    }

    @Nested
    @Tag("R-21b")
    class ConsentRowFilters {
        @Test
        void personLevelDatasetKeepsOnlyConsentingSubjects() {
            assertThat(grant.rowFilter("engineer", "social", "contributions")).isEqualTo(
                    "person_id_number IN ('110101199003074512','11010519851201002X','310104197702143318')");
            assertThat(grant.rowFilter("analyst", "social", "contributions")).startsWith("person_id_number IN (");
        }

        @Test
        void otherDatasetsHaveNoRowFilter() {
            assertThat(grant.rowFilter("engineer", "tax", "payments")).isNull();
            assertThat(grant.rowFilter("engineer", "registry", "enterprises")).isNull();
            assertThat(grant.rowFilter("engineer", "ws_grant_ab12", "features")).isNull();
        }

        @Test
        void noConsentLetsNoRowThrough() {
            PolicyState state = new PolicyState(List.of(DemoState.CONTRIBUTIONS), List.of(new WorkspaceSpec("g1",
                    "ws_g1", "/srv/g1", true, Set.of("engineer"), Set.of("social.contributions"))), Map.of());
            String json = new PolicyCompiler().compile(state).get("shuyu_g1").toJson(1, DemoState.UPDATE_TIME);
            try (RangerEngine engine = RangerEngine.load("shuyu_g1", json)) {
                assertThat(engine.rowFilter("engineer", "social", "contributions")).isEqualTo("1 = 0");
                assertThat(engine.canSelect("engineer", "social", "contributions", "month")).isTrue();
            }
        }

        @Test
        void subjectIdsWithQuotesBackslashesAndUnicodeReachTheEngineIntact() {
            Set<String> subjects = Set.of("o'brien", "back\\slash", "quote\"d", "\u5f20\u4e09-\ud83d\ude00",
                    "tab\there", "x') OR 1=1 --");
            PolicyState state = new PolicyState(List.of(DemoState.CONTRIBUTIONS), List.of(new WorkspaceSpec("g2",
                    "ws_g2", "/srv/g2", true, Set.of("engineer"), Set.of("social.contributions"))),
                    Map.of("social.contributions", subjects));
            String json = new PolicyCompiler().compile(state).get("shuyu_g2").toJson(1, DemoState.UPDATE_TIME);
            assertThat(json).isASCII();
            try (RangerEngine engine = RangerEngine.load("shuyu_g2", json)) {
                assertThat(engine.rowFilter("engineer", "social", "contributions")).isEqualTo(
                        PolicyCompiler.consentFilter("person_id_number", subjects.stream().sorted().toList()));
            }
        }
    }

    @Test
    void compiledPolicyIdsAndNamesAreWhatTheEngineReports() {
        var result = grant.plugin().isAccessAllowed(RangerEngine.request("engineer", "select",
                Map.of("database", "tax", "table", "payments", "column", "uscc")));
        Optional<CompiledPolicy> policy = services.get("shuyu_grant_ab12").policies().stream()
                .filter(p -> p.id() == result.getPolicyId()).findFirst();
        assertThat(policy).map(CompiledPolicy::name).contains("read-tax.payments");
    }
}
