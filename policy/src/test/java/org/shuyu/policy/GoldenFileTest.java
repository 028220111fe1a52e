package org.shuyu.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The compiled demo state, pinned as reviewable, pretty-printed Ranger {@code ServicePolicies} documents. */
@Tag("R-19a")
@Tag("R-24b")
@Tag("R-21b")
class GoldenFileTest {
    private final Map<String, ServicePolicySet> services = new PolicyCompiler().compile(DemoState.state());

    @Test
    void compilesOneServicePerWorkspace() {
        assertThat(services).containsOnlyKeys("shuyu_grant_ab12", "shuyu_lab_cd34", "shuyu_grant_ef56");
    }

    @Test
    void activeGrantMatchesGoldenFile() throws Exception {
        GoldenFiles.check("shuyu_grant_ab12.json",
                services.get("shuyu_grant_ab12").toJson(DemoState.VERSION, DemoState.UPDATE_TIME, true));
    }

    @Test
    void activeLabMatchesGoldenFile() throws Exception {
        GoldenFiles.check("shuyu_lab_cd34.json",
                services.get("shuyu_lab_cd34").toJson(DemoState.VERSION, DemoState.UPDATE_TIME, true));
    }

    @Test
    void suspendedGrantMatchesGoldenFile() throws Exception {
        GoldenFiles.check("shuyu_grant_ef56.json",
                services.get("shuyu_grant_ef56").toJson(DemoState.VERSION, DemoState.UPDATE_TIME, true));
    }

    @Test
    void compactJsonIsThePrettyJsonWithoutWhitespace() {
        ServicePolicySet grant = services.get("shuyu_grant_ab12");
        assertThat(PolicyJson.write(PolicyJson.parse(grant.toJson(DemoState.VERSION, DemoState.UPDATE_TIME, true))))
                .isEqualTo(grant.toJson(DemoState.VERSION, DemoState.UPDATE_TIME));
    }
}
