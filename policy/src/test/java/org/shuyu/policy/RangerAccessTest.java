package org.shuyu.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Access and write confinement (R-19a): members read granted datasets only, write only their own database and directory.
 * The compiled demo JSON is loaded into the real Ranger 2.9.0 plugin engine through a policy source, as a job's
 * plugin loads it, and the engine's decisions are checked.
 */
@Tag("R-19a")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RangerAccessTest {
    private static final String GRANT_DIR = "/srv/shuyu/workspaces/grant-ab12";

    private final Map<String, ServicePolicySet> services = new PolicyCompiler().compile(DemoState.state());
    private final DemoEngines engines = new DemoEngines();
    private RangerEngine grant;
    private RangerEngine lab;
    private RangerEngine suspended;

    @BeforeAll
    void startEngines() {
        engines.start(services);
        grant = engines.grant;
        lab = engines.lab;
        suspended = engines.suspended;
    }

    @AfterAll
    void stopEngines() {
        engines.close();
    }

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
    void aPolicySourceThatFailsLeavesNoPolicyAndEverythingDenied() {
        try (RangerEngine engine = RangerEngine.start("shuyu_never_served")) {
            assertThat(engine.policyVersion()).as("nothing loaded").isEqualTo(-1);
            for (String access : RangerEngine.accessTypes()) {
                assertThat(engine.onTable("engineer", access, "tax", "payments")).as(access).isFalse();
                assertThat(engine.onUrl("engineer", access, "/srv/x")).as(access).isFalse();
            }
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

    @Test
    void compiledPolicyIdsAndNamesAreWhatTheEngineReports() {
        var result = grant.plugin().isAccessAllowed(RangerEngine.request("engineer", "select",
                Map.of("database", "tax", "table", "payments", "column", "uscc")));
        Optional<CompiledPolicy> policy = services.get("shuyu_grant_ab12").policies().stream()
                .filter(p -> p.id() == result.getPolicyId()).findFirst();
        assertThat(policy).map(CompiledPolicy::name).contains("read-tax.payments");
    }
}
