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
 * Consent row filters (R-21b): person-level datasets show only the rows of subjects who consented.
 * The compiled demo JSON is loaded into the real Ranger 2.9.0 plugin engine through a policy source, as a job's
 * plugin loads it, and the engine's decisions are checked.
 */
@Tag("R-21b")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RangerRowFilterTest {
    private final Map<String, ServicePolicySet> services = new PolicyCompiler().compile(DemoState.state());
    private final DemoEngines engines = new DemoEngines();
    private RangerEngine grant;

    @BeforeAll
    void startEngines() {
        engines.start(services);
        grant = engines.grant;
    }

    @AfterAll
    void stopEngines() {
        engines.close();
    }

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
