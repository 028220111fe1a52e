package org.shuyu.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.shuyu.cli.support.CliHarness;
import org.shuyu.cli.support.ExitCode;
import org.shuyu.cli.support.WorkSetup;
import org.shuyu.client.api.SessionsApi;
import org.shuyu.client.model.SessionDto;
import org.shuyu.corpus.SentinelData;

/**
 * The engineer's daily work through the CLI against the embedded controller: a job submitted from a YAML file and
 * followed to its end, its log, the masked preview of the table it made, a job refused for reading a dataset outside
 * the workspace, SQL through an interactive session ({@code -e}, a script on standard input), and the sessions left
 * behind. The data are the enforcement corpus's sentinels, so a leak of a masked value shows by value.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CliHarness cli;
    private String workspace;
    private Path files;
    private String jobId;

    @BeforeAll
    void start() throws Exception {
        cli = CliHarness.start();
        workspace = WorkSetup.corpusWorkspace(cli);
        files = Files.createTempDirectory("shuyu-cli-work");
    }

    @AfterAll
    void stop() {
        if (cli != null) {
            cli.close();
        }
    }

    private CliHarness.Result member(String... args) {
        return cli.run(Map.of("SHUYU_TOKEN", cli.token(WorkSetup.MEMBER), "SHUYU_POLL_MILLIS", "300"), args);
    }

    private CliHarness.Result memberWithInput(String stdin, String... args) {
        InputStream original = System.in;
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            return member(args);
        } finally {
            System.setIn(original);
        }
    }

    private Path file(String name, String content) throws Exception {
        return Files.writeString(files.resolve(name), content, StandardCharsets.UTF_8);
    }

    private static void assertNoSentinel(CliHarness.Result result) {
        for (String sentinel : SentinelData.SENTINELS) {
            assertThat(result.out()).as("stdout of %s", result).doesNotContain(sentinel);
            assertThat(result.err()).as("stderr of %s", result).doesNotContain(sentinel);
        }
        assertThat(result.out() + result.err()).doesNotContain(SentinelData.NUMBER_SENTINEL);
    }

    @Test
    @Order(1)
    void workspacesListAndShowTheMembersWorkspace() {
        CliHarness.Result list = member("workspaces", "list");
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.out()).startsWith("ID").contains(workspace);

        CliHarness.Result show = member("workspaces", "show", workspace);
        assertThat(show.exitCode()).as(show.toString()).isZero();
        assertThat(show.out()).contains("registry.enterprises").contains(WorkSetup.MEMBER).contains("DATABASE");
    }

    @Test
    @Order(2)
    @Tag("R-19a")
    @Tag("R-09b")
    void jobsSubmitWaitRunsAJobFromAYamlFileWithProgressOnStandardError() throws Exception {
        Path spec = file("job.yaml", """
                name: cli-enterprises
                steps:
                  - sql: >-
                      CREATE TABLE cli_enterprises AS
                      SELECT uscc, name, legal_representative, phone FROM registry.enterprises
                """);
        CliHarness.Result result = member("jobs", "submit", "-w", workspace, "-f", spec.toString(), "--wait",
                "-o", "json");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode job = JSON.readTree(result.out());
        jobId = job.path("id").asText();
        assertThat(job.path("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(job.path("name").asText()).isEqualTo("cli-enterprises");
        assertThat(result.err()).contains("job " + jobId + ": ").contains("SUCCEEDED [");
        assertNoSentinel(result);

        CliHarness.Result list = member("jobs", "list", "-w", workspace);
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.out()).contains(jobId).contains("SUCCEEDED");

        CliHarness.Result show = member("jobs", "show", jobId);
        assertThat(show.exitCode()).as(show.toString()).isZero();
        assertThat(show.out()).contains("STATE").contains("SUCCEEDED").contains("cli-enterprises");
    }

    @Test
    @Order(3)
    void jobsLogsPrintsTheLogAndFollowEndsWithTheJob() {
        CliHarness.Result log = member("jobs", "logs", jobId);
        assertThat(log.exitCode()).as(log.toString()).isZero();
        CliHarness.Result follow = member("jobs", "logs", jobId, "--follow");
        assertThat(follow.exitCode()).as(follow.toString()).isZero();
        assertThat(follow.out()).isEqualTo(log.out());
        assertNoSentinel(log);
    }

    @Test
    @Order(4)
    @Tag("R-19a")
    @Tag("R-24b")
    void tablesPreviewShowsMaskedRowsAsATable() throws Exception {
        CliHarness.Result preview = member("tables", "preview", "-w", workspace, "cli_enterprises", "--limit", "10");
        assertThat(preview.exitCode()).as(preview.toString()).isZero();
        assertThat(preview.out()).contains("uscc").contains("legal_representative").contains("U001", "U002", "U003")
                .contains("(3 rows)");
        assertNoSentinel(preview);

        CliHarness.Result json = member("tables", "preview", "-w", workspace, "cli_enterprises", "-o", "json");
        assertThat(json.exitCode()).as(json.toString()).isZero();
        assertThat(JSON.readTree(json.out()).path("result").path("rows").size()).isEqualTo(3);
        assertNoSentinel(json);
    }

    @Test
    @Order(5)
    @Tag("R-19a")
    void aJobReadingADatasetOutsideTheWorkspaceFailsWithExit8AndTheRefusalCode() throws Exception {
        Path spec = file("outside.json", "{\"name\": \"outside\", \"steps\": [{\"sql\": \"SELECT * FROM census.people\"}]}");
        CliHarness.Result result = member("jobs", "submit", "-f", spec.toString(), "--wait", "-w", workspace);
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.WORK_FAILED);
        assertThat(result.err()).contains("error: ACCESS_DENIED: ").contains("REFUSED at step 1");
        assertThat(result.out()).contains("REFUSED");
        assertNoSentinel(result);
    }

    @Test
    @Order(6)
    void badJobFilesAndAMissingWorkspaceAreUsageErrorsBeforeAnyCall() throws Exception {
        Path unknownField = file("bad.yaml", "name: x\nsteps:\n  - sql: SELECT 1\n    extra: 1\n");
        CliHarness.Result unknown = member("jobs", "submit", "-w", workspace, "-f", unknownField.toString());
        assertThat(unknown.exitCode()).as(unknown.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(unknown.err().strip()).startsWith("error: INPUT_MALFORMED:").contains("extra").doesNotContain("\n");

        Path noSteps = file("nosteps.yaml", "name: x\n");
        CliHarness.Result empty = member("jobs", "submit", "-w", workspace, "-f", noSteps.toString());
        assertThat(empty.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(empty.err()).contains("steps");

        CliHarness.Result missing = member("jobs", "submit", "-w", workspace, "-f", files.resolve("nope.yaml").toString());
        assertThat(missing.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(missing.err()).startsWith("error: FILE_NOT_FOUND:");

        CliHarness.Result noWorkspace = member("jobs", "list");
        assertThat(noWorkspace.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(noWorkspace.err()).startsWith("error: NO_WORKSPACE:");

        Map<String, String> env = new HashMap<>(Map.of("SHUYU_TOKEN", cli.token(WorkSetup.MEMBER),
                "SHUYU_WORKSPACE", workspace));
        CliHarness.Result fromEnv = cli.run(env, "jobs", "list");
        assertThat(fromEnv.exitCode()).as(fromEnv.toString()).isZero();
        assertThat(fromEnv.out()).contains(jobId);
    }

    @Test
    @Order(7)
    @Tag("R-19a")
    @Tag("R-24b")
    void sqlDashEPrintsMaskedRowsAndClosesItsSession() {
        CliHarness.Result result = member("sql", "-w", workspace, "-e",
                "SELECT uscc, legal_representative FROM registry.enterprises ORDER BY uscc; SELECT count(*) AS n FROM social.contributions");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("uscc").contains("U001", "U002", "U003").contains("(3 rows)");
        assertThat(result.out()).contains("n\n2\n");
        assertThat(result.err()).contains("session ").contains(" closed");
        assertNoSentinel(result);
    }

    @Test
    @Order(8)
    void theReplReadsMultiLineStatementsFromStandardInput() {
        CliHarness.Result result = memberWithInput("""
                SELECT uscc,
                       name
                  FROM registry.enterprises
                 WHERE uscc <> 'a;b'
                 ORDER BY uscc;
                SELECT 'semi;colon' AS s;
                """, "sql", "-w", workspace);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("Alpha Ltd", "Beta Ltd", "Gamma Ltd").contains("semi;colon");
        assertThat(result.err()).doesNotContain("sql> ");
        assertNoSentinel(result);
    }

    @Test
    @Order(9)
    @Tag("R-19a")
    void sqlStopsAtAFailedStatementWithExit8() {
        CliHarness.Result result = member("sql", "-w", workspace, "-e",
                "SELECT * FROM census.people; SELECT 1 AS never_run");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.WORK_FAILED);
        assertThat(result.err()).contains("error: ").contains("1 statement(s) not run");
        assertThat(result.out()).doesNotContain("never_run");
        assertNoSentinel(result);
    }

    @Test
    @Order(10)
    void sessionsListShowAndClose() throws Exception {
        SessionsApi api = new SessionsApi(WorkSetup.client(cli, WorkSetup.MEMBER));
        SessionDto open = api.openSession(workspace, null);
        for (int i = 0; i < 240 && "QUEUED".equals(open.getState()); i++) {
            Thread.sleep(500);
            open = api.getSession(workspace, open.getId());
        }
        String sid = open.getId();

        CliHarness.Result list = member("sessions", "list", "-w", workspace);
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.out()).startsWith("ID").contains(sid).contains("CLOSED_BY_MEMBER");

        CliHarness.Result show = member("sessions", "show", "-w", workspace, sid);
        assertThat(show.exitCode()).as(show.toString()).isZero();
        assertThat(show.out()).contains(sid).contains("OPEN");

        CliHarness.Result close = member("sessions", "close", "-w", workspace, sid, "-o", "json");
        assertThat(close.exitCode()).as(close.toString()).isZero();
        JsonNode closed = JSON.readTree(close.out());
        assertThat(closed.path("state").asText()).isEqualTo("CLOSED");
        assertThat(closed.path("closeReason").asText()).isEqualTo("CLOSED_BY_MEMBER");

        CliHarness.Result again = member("sessions", "close", "-w", workspace, "no-such-session");
        assertThat(again.exitCode()).isNotZero();
        assertThat(again.err().strip()).startsWith("error: ").doesNotContain("\n");
    }
}
