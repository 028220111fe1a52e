package org.shuyu.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.ranger.authorization.utils.JsonUtils;
import org.apache.ranger.plugin.model.RangerServiceDef;
import org.apache.ranger.plugin.model.RangerServiceDef.RangerResourceDef;
import org.apache.ranger.plugin.model.validation.RangerServiceDefHelper;
import org.apache.ranger.plugin.util.ServiceDefUtil;
import org.apache.ranger.plugin.util.ServicePolicies;
import org.junit.jupiter.api.Test;

/** The service definition resource is what the contract says, and Ranger reads it (and our ServicePolicies). */
class ServiceDefinitionTest {

    static RangerServiceDef rangerServiceDef() {
        return JsonUtils.jsonToObject(ServiceDefinition.json(), RangerServiceDef.class);
    }

    static List<String> maskTypeNames() {
        return rangerServiceDef().getDataMaskDef().getMaskTypes().stream()
                .map(RangerServiceDef.RangerDataMaskTypeDef::getName).toList();
    }

    @Test
    void isTheShuyuSparkTypeWithOurResources() {
        RangerServiceDef def = rangerServiceDef();
        assertThat(def.getName()).isEqualTo(ServiceDefinition.NAME).isEqualTo("shuyu-spark");
        Map<String, RangerResourceDef> resources = def.getResources().stream()
                .collect(Collectors.toMap(RangerResourceDef::getName, r -> r));
        assertThat(resources).containsOnlyKeys("database", "table", "column", "url");
        assertThat(resources.get("database").getLevel()).isEqualTo(10);
        assertThat(resources.get("table").getLevel()).isEqualTo(20);
        assertThat(resources.get("table").getParent()).isEqualTo("database");
        assertThat(resources.get("column").getLevel()).isEqualTo(30);
        assertThat(resources.get("column").getParent()).isEqualTo("table");
        assertThat(resources.get("url").getLevel()).isEqualTo(10);
        assertThat(resources.get("url").getParent()).isEmpty();
        for (String name : List.of("database", "table", "column")) {
            RangerResourceDef r = resources.get(name);
            assertThat(r.getMatcher()).endsWith(".RangerDefaultResourceMatcher");
            assertThat(r.getMatcherOptions()).containsEntry("wildCard", "true").containsEntry("ignoreCase", "true");
        }
        RangerResourceDef url = resources.get("url");
        assertThat(url.getMatcher()).endsWith(".RangerPathResourceMatcher");
        assertThat(url.getMatcherOptions()).containsEntry("wildCard", "true").containsEntry("ignoreCase", "false");
        assertThat(url.getRecursiveSupported()).isTrue();
    }

    @Test
    void declaresTheAccessTypesOfAccessTypeEnum() {
        List<String> names = rangerServiceDef().getAccessTypes().stream()
                .map(RangerServiceDef.RangerAccessTypeDef::getName).toList();
        assertThat(names).containsExactly(
                java.util.Arrays.stream(AccessType.values()).map(AccessType::rangerName).toArray(String[]::new));
    }

    @Test
    void declaresMaskTypesAndRowFilters() {
        RangerServiceDef def = rangerServiceDef();
        assertThat(maskTypeNames()).containsExactly("MASK_HASH", "MASK_SHOW_LAST_4", "MASK_NULL", "MASK_NONE");
        assertThat(def.getDataMaskDef().getAccessTypes()).extracting(RangerServiceDef.RangerAccessTypeDef::getName)
                .containsExactly("select");
        assertThat(def.getDataMaskDef().getResources()).extracting(RangerResourceDef::getName)
                .containsExactly("database", "table", "column");
        assertThat(def.getRowFilterDef().getAccessTypes()).extracting(RangerServiceDef.RangerAccessTypeDef::getName)
                .containsExactly("select");
        assertThat(def.getRowFilterDef().getResources()).extracting(RangerResourceDef::getName)
                .containsExactly("database", "table");
    }

    @Test
    void hasNoHiveExtras() {
        assertThat(ServiceDefinition.json()).doesNotContain("udf", "hiveservice", "global", "hive");
    }

    @Test
    void rangerFindsTheResourceHierarchies() {
        // as the policy engine sees it: the data mask and row filter resources merged with the main ones
        RangerServiceDefHelper helper = new RangerServiceDefHelper(ServiceDefUtil.normalize(rangerServiceDef()));
        assertThat(helper.isResourceGraphValid()).isTrue();
        // every level is a valid leaf: a database, a table and a column can each be the object of a request
        assertThat(hierarchies(helper, 0)).containsExactlyInAnyOrder("database", "database/table",
                "database/table/column", "url");
        assertThat(hierarchies(helper, 1)).containsExactly("database/table/column");
        assertThat(hierarchies(helper, 2)).containsExactly("database/table");
    }

    private static List<String> hierarchies(RangerServiceDefHelper helper, int policyType) {
        return helper.getResourceHierarchies(policyType).stream()
                .map(h -> h.stream().map(RangerResourceDef::getName).collect(Collectors.joining("/"))).toList();
    }

    @Test
    void rangerReadsTheUpdateTimeAndVersionWeWrite() {
        Instant time = Instant.parse("2026-11-27T08:00:00.250Z");
        ServicePolicies policies = JsonUtils.jsonToObject(
                new PolicyCompiler().compile(DemoState.state()).get("shuyu_grant_ab12").toJson(42, time),
                ServicePolicies.class);
        assertThat(policies.getServiceName()).isEqualTo("shuyu_grant_ab12");
        assertThat(policies.getPolicyVersion()).isEqualTo(42L);
        assertThat(policies.getPolicyUpdateTime().toInstant()).isEqualTo(time);
        assertThat(policies.getAuditMode()).isEqualTo("audit-default");
        assertThat(policies.getServiceDef().getName()).isEqualTo("shuyu-spark");
        assertThat(policies.getPolicyDeltas()).as("no deltas: an empty policy list must rebuild the engine").isNull();
        assertThat(policies.getPolicies()).hasSize(15);
        assertThat(policies.getPolicies().get(0).getServiceType()).isEqualTo("shuyu-spark");
    }
}
