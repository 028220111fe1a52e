package org.shuyu.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Quarantine (R-24c: a table whose lineage is incomplete is not usable as input): the compiled policies, loaded into
 * the real Ranger 2.9.0 engine, deny reading and writing a quarantined table, still allow dropping it or creating it
 * again, and leave every other table of the workspace as it was.
 */
@Tag("R-24c")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RangerQuarantineTest {
    private static final String DB = "ws_grant_ab12";
    private static final WorkspaceSpec QUARANTINED = new WorkspaceSpec("grant-ab12", DB,
            "/srv/shuyu/workspaces/grant-ab12", true, Set.of("engineer"), Set.of("registry.enterprises"),
            Set.of("leaky", "half_written"));

    private RangerEngine engine;

    @BeforeAll
    void start() {
        PolicyState state = new PolicyState(List.of(DemoState.ENTERPRISES), List.of(QUARANTINED), Map.of());
        ServicePolicySet set = new PolicyCompiler().compile(state).get(PolicyCompiler.serviceName("grant-ab12"));
        engine = RangerEngine.load(set.serviceName(), set.toJson(DemoState.VERSION, DemoState.UPDATE_TIME));
    }

    @AfterAll
    void stop() {
        engine.close();
    }

    @Test
    void aQuarantinedTableCanBeNeitherReadNorWritten() {
        for (String table : List.of("leaky", "half_written")) {
            assertThat(engine.onTable("engineer", "select", DB, table)).as(table).isFalse();
            assertThat(engine.canSelect("engineer", DB, table, "id_number")).as(table).isFalse();
            assertThat(engine.onTable("engineer", "update", DB, table)).as(table).isFalse();
            assertThat(engine.onTable("engineer", "alter", DB, table)).as(table).isFalse();
        }
    }

    @Test
    void aQuarantinedTableCanBeDroppedOrCreatedAgain() {
        assertThat(engine.onTable("engineer", "drop", DB, "leaky")).isTrue();
        assertThat(engine.onTable("engineer", "create", DB, "leaky")).isTrue();
    }

    @Test
    void otherTablesOfTheWorkspaceKeepTheirRights() {
        for (String access : List.of("select", "update", "create", "drop", "alter")) {
            assertThat(engine.onTable("engineer", access, DB, "features")).as(access).isTrue();
        }
        assertThat(engine.canSelect("engineer", DB, "features", "n")).isTrue();
        assertThat(engine.canSelect("engineer", "registry", "enterprises", "uscc")).isTrue();
    }

    @Test
    void nonMembersGetNothingEither() {
        assertThat(engine.onTable("mallory", "drop", DB, "leaky")).isFalse();
        assertThat(engine.onTable("mallory", "select", DB, "features")).isFalse();
    }
}
