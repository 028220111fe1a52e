package org.shuyu.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JobMain's failures before any Spark session exists (in-process, fast). */
class JobMainTest {
    @TempDir
    Path dir;

    private int run(String configJson, Map<String, String> env, ByteArrayOutputStream err) throws Exception {
        Path config = dir.resolve("config.json");
        Files.writeString(config, configJson);
        return new JobMain(env, new PrintStream(err, true, StandardCharsets.UTF_8)).run(new String[] {config.toString()});
    }

    @Test
    void invalidConfigurationFailsWithExitOneAndAStatusFile() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = run("{\"jobId\":\"j\",\"kind\":\"JOB\",\"outputDir\":\"" + dir + "\"}", Map.of(), err);
        assertThat(exit).isEqualTo(JobMain.FAILED);
        JsonNode status = new ObjectMapper().readTree(dir.resolve("status.json").toFile());
        assertThat(status.get("state").asText()).isEqualTo("FAILED");
        assertThat(status.get("code").asText()).isEqualTo("INVALID_CONFIG");
        assertThat(status.get("message").asText()).contains("'user' is missing");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("INVALID_CONFIG");
    }

    @Test
    void missingRuntimeTokenFailsBeforeStartingSpark() throws Exception {
        String config = """
                {"jobId":"j","kind":"JOB","user":"engineer","workspaceId":"grant-ab12","serviceName":"shuyu_grant_ab12",
                 "workspaceDatabase":"ws_grant_ab12","workspaceDir":"%1$s","warehouseDir":"%1$s/warehouse",
                 "filesDir":"%1$s/files","policyUrl":"http://127.0.0.1:9","sources":[],"steps":["SELECT 1"],
                 "outputDir":"%1$s/out"}""".formatted(dir);
        int exit = run(config, Map.of(), new ByteArrayOutputStream());
        assertThat(exit).isEqualTo(JobMain.FAILED);
        JsonNode status = new ObjectMapper().readTree(dir.resolve("out/status.json").toFile());
        assertThat(status.get("code").asText()).isEqualTo("INVALID_CONFIG");
        assertThat(status.get("message").asText()).contains("SHUYU_RUNTIME_TOKEN");
        assertThat(dir.resolve("out/metrics.json")).exists();
    }

    @Test
    void aSnapshotNeedsItsTableAndABoundedRowCount() throws Exception {
        String base = """
                {"jobId":"j","kind":"SNAPSHOT","user":"engineer","workspaceId":"grant-ab12","serviceName":"shuyu_grant_ab12",
                 "workspaceDatabase":"ws_grant_ab12","workspaceDir":"%1$s","warehouseDir":"%1$s/warehouse",
                 "filesDir":"%1$s/files","policyUrl":"http://127.0.0.1:9","sources":[],"steps":[],
                 "outputDir":"%1$s"%2$s}""";
        ObjectMapper mapper = new ObjectMapper();
        assertThat(run(base.formatted(dir, ""), Map.of(), new ByteArrayOutputStream())).isEqualTo(JobMain.FAILED);
        assertThat(mapper.readTree(dir.resolve("status.json").toFile()).get("message").asText())
                .contains("a SNAPSHOT needs a snapshot");
        assertThat(run(base.formatted(dir, ",\"snapshot\":{\"table\":\"t\",\"maxRows\":0}"), Map.of(),
                new ByteArrayOutputStream())).isEqualTo(JobMain.FAILED);
        assertThat(mapper.readTree(dir.resolve("status.json").toFile()).get("message").asText())
                .contains("snapshot maxRows 0 not in 1..100000000");
        assertThat(run(base.formatted(dir, ",\"snapshot\":{\"table\":\"t; DROP\",\"maxRows\":5}"), Map.of(),
                new ByteArrayOutputStream())).isEqualTo(JobMain.FAILED);
        assertThat(mapper.readTree(dir.resolve("status.json").toFile()).get("message").asText())
                .contains("is not an identifier");
    }

    @Test
    void usageWithoutArgumentsIsAFailure() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(new JobMain(Map.of(), new PrintStream(err, true, StandardCharsets.UTF_8)).run(new String[0]))
                .isEqualTo(JobMain.FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage");
    }
}
