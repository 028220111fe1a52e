package org.shuyu.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Masking by grade (R-24b): every column gets the mask of {@link MaskRules}.
 * The compiled demo JSON is loaded into the real Ranger 2.9.0 plugin engine through a policy source, as a job's
 * plugin loads it, and the engine's decisions are checked.
 */
@Tag("R-24b")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RangerMaskingTest {
    private final Map<String, ServicePolicySet> services = new PolicyCompiler().compile(DemoState.state());
    private final DemoEngines engines = new DemoEngines();
    private RangerEngine grant;
    private RangerEngine lab;

    @BeforeAll
    void startEngines() {
        engines.start(services);
        grant = engines.grant;
        lab = engines.lab;
    }

    @AfterAll
    void stopEngines() {
        engines.close();
    }

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
