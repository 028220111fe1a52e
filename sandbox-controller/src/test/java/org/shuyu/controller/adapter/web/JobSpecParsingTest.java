package org.shuyu.controller.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.job.JobSpec;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Job specs (API.md): a name and ordered SQL steps, as JSON or YAML, and nothing else. */
class JobSpecParsingTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    @Test
    void theYamlOfTheApiSketchParses() {
        JobSpec spec = WorkspaceController.spec(YAML.readTree("""
                name: enterprise-risk-features
                steps:
                  - sql: >
                      CREATE TABLE features AS
                      SELECT r.industry, count(*) AS n FROM registry.enterprises r GROUP BY r.industry
                  - sql: SELECT 1
                """));
        assertThat(spec.name()).isEqualTo("enterprise-risk-features");
        assertThat(spec.steps()).hasSize(2);
        assertThat(spec.steps().get(0)).startsWith("CREATE TABLE features AS SELECT r.industry");
    }

    @Test
    void settingsUsersAndMalformedStepsAreRefused() {
        assertCode("{\"name\":\"a\",\"steps\":[{\"sql\":\"SELECT 1\"}],\"conf\":{\"spark.sql.extensions\":\"x\"}}", "unknown field 'conf'");
        assertCode("{\"name\":\"a\",\"steps\":[{\"sql\":\"SELECT 1\"}],\"user\":\"admin\"}", "unknown field 'user'");
        assertCode("{\"name\":\"a\",\"steps\":[{\"sql\":\"SELECT 1\",\"as\":\"admin\"}]}", "step 1 has an unknown field 'as'");
        assertCode("{\"name\":\"a\",\"steps\":[]}", "at least one step");
        assertCode("{\"name\":\"a\",\"steps\":[{\"sql\":\"  \"}]}", "step 1 has no SQL");
        assertCode("{\"name\":\"a\",\"steps\":[\"SELECT 1\"]}", "step 1 must be");
        assertCode("{\"name\":\"A B\",\"steps\":[{\"sql\":\"SELECT 1\"}]}", "name must be");
        assertCode("{\"steps\":[{\"sql\":\"SELECT 1\"}]}", "name must be");
        assertCode("[1]", "a job spec is an object");
        StringBuilder many = new StringBuilder("{\"name\":\"a\",\"steps\":[");
        for (int i = 0; i < JobSpec.MAX_STEPS + 1; i++) {
            many.append(i == 0 ? "" : ",").append("{\"sql\":\"SELECT 1\"}");
        }
        assertCode(many.append("]}").toString(), "at most 50 steps");
        String big = "SELECT '" + "x".repeat(60_000) + "'";
        assertCode("{\"name\":\"a\",\"steps\":[{\"sql\":\"" + big + "\"},{\"sql\":\"" + big + "\"}]}", "at most 100000");
    }

    private static void assertCode(String json, String message) {
        assertThatThrownBy(() -> WorkspaceController.spec(JSON.readTree(json)))
                .isInstanceOfSatisfying(SandboxException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_JOB_SPEC))
                .hasMessageContaining(message);
    }
}
