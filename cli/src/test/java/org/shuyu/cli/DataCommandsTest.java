package org.shuyu.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.shuyu.cli.support.CliHarness;
import org.shuyu.cli.support.ExitCode;
import org.shuyu.client.ApiClient;
import org.shuyu.client.api.JobsApi;
import org.shuyu.client.api.LabsApi;
import org.shuyu.client.api.OrganizationsApi;
import org.shuyu.client.api.PersonnelApi;
import org.shuyu.client.api.WorkspacesApi;
import org.shuyu.client.model.AccountablePersonDto;
import org.shuyu.client.model.ApproveBody;
import org.shuyu.client.model.ItemBody;
import org.shuyu.client.model.JobDto;
import org.shuyu.client.model.JobStep;
import org.shuyu.client.model.JobSubmission;
import org.shuyu.client.model.OrganizationRequest;
import org.shuyu.client.model.PersonBody;
import org.shuyu.client.model.RequestLab;
import org.shuyu.client.model.WorkspaceDto;
import org.shuyu.testkit.ControllerProcess;

/**
 * The data commands against one embedded controller: the catalog registered through the CLI (authority and
 * provider personas), a bulk consent import with bad rows, the audit log, and the lineage of a real enforced job
 * (a data lab over the registered dataset, its two-step job run through the generated client in the setup).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DataCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static CliHarness cli;
    private static Path files;
    private static String database;
    private static String jobId;
    private static String organization;
    private static String lab;

    @BeforeAll
    static void start() throws Exception {
        cli = CliHarness.start();
        files = Files.createTempDirectory("shuyu-cli-data");
        writeSource("cli", "firms", """
                uscc,industry,capital
                U001,retail,100.00
                U002,retail,250.00
                U003,retail,80.00
                U004,retail,120.00
                U005,retail,90.00
                U006,logistics,500.00
                U007,logistics,320.00
                U008,logistics,410.00
                U009,logistics,150.00
                U010,logistics,275.00
                """);
        write("provider.yaml", """
                id: cli-provider
                name: CLI test provider
                jurisdiction: "330200"
                description: synthetic data for the CLI tests
                """);
        write("firms.yaml", """
                id: cli.firms
                providerId: cli-provider
                title: Firms by industry
                description: synthetic firms
                openness: CONDITIONAL
                category: registry
                personLevel: false
                rowCount: 10
                columns:
                  - {name: uscc, type: string, description: code, classification: PUBLIC, grade: 1}
                  - {name: industry, type: string, description: industry, classification: BUSINESS, grade: 1}
                  - {name: capital, type: "decimal(18,2)", description: capital, classification: FINANCIAL, grade: 2}
                """);
        write("people.yaml", """
                id: cli.people
                providerId: cli-provider
                title: People of a district
                description: synthetic persons
                openness: CONDITIONAL
                category: social
                personLevel: true
                subjectColumn: person_id
                rowCount: 4
                columns:
                  - {name: person_id, type: string, description: id, classification: DIRECT_IDENTIFIER, grade: 3}
                  - {name: district, type: string, description: district, classification: BUSINESS, grade: 1}
                """);
        // the catalog through the CLI: the authority registers the provider, the provider persona its datasets
        CliHarness.Result provider = cli.as("admin", "providers", "register", "-f", file("provider.yaml"), "-q");
        assertThat(provider.exitCode()).as(provider.toString()).isZero();
        assertThat(provider.out().strip()).isEqualTo("cli-provider");
        for (String dataset : List.of("firms.yaml", "people.yaml")) {
            CliHarness.Result registered = cli.as("provider", "datasets", "register", "-f", file(dataset));
            assertThat(registered.exitCode()).as(registered.toString()).isZero();
        }
        runLineageJob();
    }

    @AfterAll
    static void stop() {
        if (cli != null) {
            cli.close();
        }
    }

    // ------------------------------------------------------------------------------------------- catalog

    @Test
    @Order(1)
    @Tag("R-04")
    void datasetsAreListedAndShownWithTheirDerivedGrade() throws Exception {
        CliHarness.Result list = cli.as("engineer", "datasets", "list");
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.out().lines().findFirst().orElseThrow()).startsWith("ID").contains("PROVIDER").contains("OPENNESS");
        assertThat(list.out()).contains("cli.firms").contains("cli.people").contains("cli-provider");

        CliHarness.Result show = cli.as("engineer", "datasets", "show", "cli.people");
        assertThat(show.exitCode()).as(show.toString()).isZero();
        // the grade is derived by the server: the highest column grade (a direct identifier: 3)
        assertThat(show.out()).containsPattern("GRADE\\s+3").containsPattern("SUBJECT COLUMN\\s+person_id")
                .contains("DIRECT_IDENTIFIER");

        CliHarness.Result json = cli.as("engineer", "datasets", "list", "-o", "json");
        JsonNode datasets = JSON.readTree(json.out());
        assertThat(datasets.isArray()).isTrue();
        assertThat(datasets.findValuesAsText("id")).contains("cli.firms", "cli.people");

        CliHarness.Result providers = cli.as("engineer", "providers", "list");
        assertThat(providers.exitCode()).as(providers.toString()).isZero();
        assertThat(providers.out()).contains("cli-provider").contains("330200");
    }

    @Test
    @Order(2)
    void aRegistrationTheServerRefusesSaysWhyInOneLine() {
        // a provider-role user cannot register providers; a duplicate dataset is a conflict
        CliHarness.Result forbidden = cli.as("provider", "providers", "register", "-f", file("provider.yaml"));
        assertThat(forbidden.exitCode()).as(forbidden.toString()).isEqualTo(ExitCode.FORBIDDEN);
        CliHarness.Result again = cli.as("provider", "datasets", "register", "-f", file("firms.yaml"));
        assertThat(again.exitCode()).as(again.toString()).isEqualTo(ExitCode.CONFLICT);
        assertThat(again.err().strip()).startsWith("error: ALREADY_EXISTS:").doesNotContain("\n");
        CliHarness.Result missing = cli.as("provider", "datasets", "register", "-f", files.resolve("nope.yaml").toString());
        assertThat(missing.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(missing.err()).startsWith("error: FILE_NOT_FOUND:");
    }

    // ------------------------------------------------------------------------------------------- consents

    @Test
    @Order(3)
    @Tag("R-21b")
    void aConsentImportAppliesTheGoodRowsAndNamesTheBadLines() throws Exception {
        write("consents.csv", """
                subjectId,granted,evidence
                P1,granted,signed form 2024-01
                P2,withdrawn,"letter, dated 2024-02"
                P3,maybe,form
                P4,true,form
                bad id!,true,form
                """);
        CliHarness.Result dry = cli.as("provider", "consents", "import", "cli.people", "-f", file("consents.csv"),
                "--dry-run");
        assertThat(dry.exitCode()).as(dry.toString()).isEqualTo(ExitCode.ERROR);
        assertThat(dry.out()).contains("dry run").contains("nothing recorded");
        assertThat(consents()).isEmpty();

        CliHarness.Result imported = cli.as("provider", "consents", "import", "cli.people", "-f", file("consents.csv"));
        assertThat(imported.exitCode()).as(imported.toString()).isEqualTo(ExitCode.ERROR);
        // the local check names line 4, the server's refusal line 6, and both are in the summary
        assertThat(imported.err()).contains("line 4: granted must be").contains("line 6: subject bad id!:");
        assertThat(imported.err()).contains("consents 4/4");
        assertThat(imported.out()).contains("recorded 3 of 5 row(s)").contains("2 failed");
        assertThat(imported.out()).containsPattern("(?m)^4\\s+P3\\s+INVALID_ROW").containsPattern("(?m)^6\\s+bad id!");

        Map<String, Boolean> recorded = consents();
        assertThat(recorded).containsExactlyInAnyOrderEntriesOf(Map.of("P1", true, "P2", false, "P4", true));

        CliHarness.Result list = cli.as("provider", "consents", "list", "cli.people", "-o", "json");
        assertThat(JSON.readTree(list.out()).findValuesAsText("evidence")).contains("letter, dated 2024-02");

        // a YAML list, withdrawing P1; the default evidence fills rows without one
        write("withdraw.yaml", """
                - subjectId: P1
                  granted: withdrawn
                """);
        CliHarness.Result yaml = cli.as("provider", "consents", "import", "cli.people", "-f", file("withdraw.yaml"),
                "--evidence", "phone call 2024-03", "-o", "json");
        assertThat(yaml.exitCode()).as(yaml.toString()).isZero();
        assertThat(JSON.readTree(yaml.out()).path("recorded").asInt()).isEqualTo(1);
        assertThat(consents()).containsEntry("P1", false);

        // one subject by flags; a dataset that is not person-level is refused before any row
        CliHarness.Result set = cli.as("provider", "consents", "set", "cli.people", "P3", "--granted", "--evidence", "form");
        assertThat(set.exitCode()).as(set.toString()).isZero();
        assertThat(consents()).containsEntry("P3", true);
        CliHarness.Result notPerson = cli.as("provider", "consents", "import", "cli.firms", "-f", file("consents.csv"));
        assertThat(notPerson.exitCode()).isEqualTo(ExitCode.ERROR);
        assertThat(notPerson.err()).contains("NOT_PERSON_LEVEL");
        // an engineer may not record consents: the import stops at the first refusal with exit 4
        CliHarness.Result engineer = cli.as("engineer", "consents", "import", "cli.people", "-f", file("withdraw.yaml"),
                "--evidence", "x");
        assertThat(engineer.exitCode()).as(engineer.toString()).isEqualTo(ExitCode.FORBIDDEN);
    }

    private static Map<String, Boolean> consents() throws IOException {
        CliHarness.Result list = cli.as("provider", "consents", "list", "cli.people", "-o", "json");
        assertThat(list.exitCode()).as(list.toString()).isZero();
        Map<String, Boolean> out = new java.util.HashMap<>();
        for (JsonNode c : JSON.readTree(list.out())) {
            out.put(c.path("subjectId").asText(), c.path("granted").asBoolean());
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------- lineage

    @Test
    @Order(4)
    @Tag("R-24c")
    void lineageUpIsATreeFromTheTableThroughTheJobsToTheSource() {
        CliHarness.Result up = cli.as("security", "lineage", "up", database + ".big_industries");
        assertThat(up.exitCode()).as(up.toString()).isZero();
        List<String> lines = up.out().lines().toList();
        assertThat(lines.get(0)).startsWith(database + ".big_industries [TABLE");
        int step2 = indexOf(lines, "job " + jobId + " step 2");
        int totals = indexOf(lines, database + ".firm_totals [TABLE");
        int step1 = indexOf(lines, "job " + jobId + " step 1");
        int source = indexOf(lines, "cli.firms [SOURCE");
        assertThat(List.of(step2, totals, step1, source)).isSorted().doesNotContain(-1);
        assertThat(lines.get(step2)).contains("by applicant").contains("COMPLETED").startsWith("└── ");
        // deeper nodes are indented further, and each edge names its transformation kind
        assertThat(indent(lines.get(source))).isGreaterThan(indent(lines.get(totals)));
        assertThat(lines.get(source)).containsPattern("<[A-Z_]+>");

        CliHarness.Result shallow = cli.as("security", "lineage", "up", database + ".big_industries", "--depth", "1");
        assertThat(shallow.out()).contains(database + ".firm_totals").doesNotContain("cli.firms");

        CliHarness.Result down = cli.as("security", "lineage", "down", "cli.firms");
        assertThat(down.exitCode()).as(down.toString()).isZero();
        assertThat(down.out()).contains(database + ".firm_totals").contains(database + ".big_industries");
        assertThat(indexOf(down.out().lines().toList(), database + ".firm_totals"))
                .isLessThan(indexOf(down.out().lines().toList(), database + ".big_industries"));

        CliHarness.Result column = cli.as("security", "lineage", "up", database + ".big_industries", "--column", "capital");
        assertThat(column.exitCode()).as(column.toString()).isZero();
        assertThat(column.out()).contains("cli.firms.capital").contains("FINANCIAL grade 2");
    }

    @Test
    @Order(5)
    @Tag("R-24c")
    void lineageAsJsonIsTheApisAnswerAndAsDotAValidGraph() throws Exception {
        CliHarness.Result json = cli.as("security", "lineage", "up", database + ".big_industries", "-o", "json");
        assertThat(json.exitCode()).as(json.toString()).isZero();
        JsonNode graph = JSON.readTree(json.out());
        assertThat(graph.path("start").asText()).isEqualTo(database + ".big_industries");
        assertThat(graph.path("direction").asText()).isEqualTo("UPSTREAM");
        assertThat(graph.path("edges").size()).isGreaterThanOrEqualTo(2);
        assertThat(graph.path("processes").findValuesAsText("jobId")).contains(jobId);

        CliHarness.Result dot = cli.as("security", "lineage", "up", database + ".big_industries", "--dot");
        assertThat(dot.exitCode()).as(dot.toString()).isZero();
        DotCheck.Graph parsed = DotCheck.parse(dot.out());
        assertThat(parsed.nodes()).contains(database + ".big_industries", database + ".firm_totals", "cli.firms");
        assertThat(parsed.edges()).contains(List.of("cli.firms", database + ".firm_totals"),
                List.of(database + ".firm_totals", database + ".big_industries"));
        assertThat(parsed.edgeLabels()).anyMatch(l -> l.contains("job " + jobId));

        CliHarness.Result job = cli.as("applicant", "lineage", "job", jobId);
        assertThat(job.exitCode()).as(job.toString()).isZero();
        assertThat(job.out()).contains("STEP").contains("cli.firms").contains(database + ".firm_totals")
                .contains(database + ".big_industries");

        CliHarness.Result bad = cli.as("security", "lineage", "up", database + ".big_industries", "--depth", "0");
        assertThat(bad.exitCode()).isEqualTo(ExitCode.USAGE);
        CliHarness.Result unknownColumn = cli.as("security", "lineage", "up", "nodots", "--column", "a.b");
        assertThat(unknownColumn.exitCode()).isNotZero();
        assertThat(unknownColumn.err()).startsWith("error: ").doesNotContain("Exception");
    }

    // ------------------------------------------------------------------------------------------- audit

    @Test
    @Order(6)
    @Tag("R-24d")
    void auditSearchFollowsPagesAndVerifyChecksTheChain() throws Exception {
        CliHarness.Result table = cli.as("security", "audit", "search", "--actor", "provider");
        assertThat(table.exitCode()).as(table.toString()).isZero();
        assertThat(table.out().lines().findFirst().orElseThrow()).matches("TIME\\s+ACTOR\\s+ACTION\\s+SUBJECT\\s+OUTCOME");
        assertThat(table.out()).contains("dataset.register").contains("cli.people");

        CliHarness.Result all = cli.as("security", "audit", "search", "--all", "-o", "json");
        int total = JSON.readTree(all.out()).size();
        assertThat(total).isGreaterThan(5);
        CliHarness.Result paged = cli.as("security", "audit", "search", "--all", "--page-size", "2", "-o", "json");
        assertThat(paged.exitCode()).as(paged.toString()).isZero();
        JsonNode pagedRecords = JSON.readTree(paged.out());
        assertThat(pagedRecords.size()).isGreaterThanOrEqualTo(total);
        List<Long> seqs = new ArrayList<>();
        pagedRecords.forEach(r -> seqs.add(r.path("seq").asLong()));
        assertThat(seqs).isSorted().doesNotHaveDuplicates();

        CliHarness.Result three = cli.as("security", "audit", "search", "--limit", "3", "--page-size", "2", "-o", "json");
        assertThat(JSON.readTree(three.out()).size()).isEqualTo(3);
        assertThat(three.err()).contains("more with --after " + seqs.get(2));
        CliHarness.Result after = cli.as("security", "audit", "search", "--after", String.valueOf(seqs.get(2)),
                "--limit", "1", "-o", "json");
        assertThat(JSON.readTree(after.out()).get(0).path("seq").asLong()).isEqualTo(seqs.get(3));

        CliHarness.Result verify = cli.as("security", "audit", "verify");
        assertThat(verify.exitCode()).as(verify.toString()).isZero();
        assertThat(verify.out()).startsWith("audit chain intact:");

        CliHarness.Result engineer = cli.as("engineer", "audit", "search");
        assertThat(engineer.exitCode()).isEqualTo(ExitCode.FORBIDDEN);
        assertThat(engineer.err()).startsWith("error: FORBIDDEN_ROLE:");
    }

    // ------------------------------------------------------------------------------------------- products

    @Test
    @Order(7)
    void productCommandsCheckTheirUsageAndReportTheServersRefusal() throws Exception {
        CliHarness.Result both = cli.as("expert", "products", "review", "p-1", "--approve", "--reject", "--opinion", "x");
        assertThat(both.exitCode()).isEqualTo(ExitCode.USAGE);
        CliHarness.Result neither = cli.as("expert", "products", "review", "p-1", "--opinion", "x");
        assertThat(neither.exitCode()).isEqualTo(ExitCode.USAGE);

        CliHarness.Result list = cli.as("engineer", "products", "list");
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.out()).startsWith("ID");

        Path target = files.resolve("missing.arrow");
        CliHarness.Result download = cli.as("engineer", "products", "download", "no-such-product", "--scenario", "x",
                "-O", target.toString());
        assertThat(download.exitCode()).as(download.toString()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(download.err()).startsWith("error: ");
        assertThat(target).doesNotExist();

        // a lab's workspace produces no products: the server refuses the candidate
        CliHarness.Result create = cli.as("applicant", "products", "create", "--grant", "lab-none", "--name", "x",
                "--kind", "DATA_PACKAGE", "--table", "firm_totals");
        assertThat(create.exitCode()).as(create.toString()).isNotZero();
        assertThat(create.err().strip()).startsWith("error: ").doesNotContain("\n");
    }


    @Test
    @Order(8)
    @Tag("R-19b")
    @Tag("R-21a")
    @Tag("R-22")
    void aProductGoesThroughTheAirlockAndIsDeliveredOnlyForItsScenario() throws Exception {
        String grant = activeGrant();
        JsonNode job = runJob("engineer", grant, "CREATE TABLE industry_totals AS SELECT industry,"
                + " count(DISTINCT uscc) AS firms, sum(capital) AS capital FROM cli.firms GROUP BY industry");
        assertThat(job.path("state").asText()).as(job.toString()).isEqualTo("SUCCEEDED");

        CliHarness.Result created = cli.as("engineer", "products", "create", "--grant", grant, "--name", "industry-totals",
                "--kind", "DATA_PACKAGE", "--table", "industry_totals", "--group-size-column", "firms", "-q");
        assertThat(created.exitCode()).as(created.toString()).isZero();
        String product = created.out().strip();
        assertThat(product).isNotBlank().doesNotContain("\n");

        CliHarness.Result submitted = cli.as("engineer", "products", "submit", product, "--wait");
        assertThat(submitted.exitCode()).as(submitted + "\n" + cli.controller().logTail(60)).isZero();
        assertThat(submitted.out()).containsPattern("STATE\\s+IN_REVIEW").contains("MIN_GROUP_SIZE PASS");

        CliHarness.Result approve = cli.as("expert", "products", "review", product, "--approve", "--opinion", "k met");
        assertThat(approve.exitCode()).as(approve.toString()).isZero();
        CliHarness.Result again = cli.as("expert", "products", "review", product, "--approve", "--opinion", "twice");
        assertThat(again.exitCode()).as(again.toString()).isNotZero();
        assertThat(again.err()).startsWith("error: ");
        CliHarness.Result second = cli.as("expert2", "products", "review", product, "--approve", "--opinion", "agree",
                "-o", "json");
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(JSON.readTree(second.out()).path("state").asText()).isEqualTo("APPROVED");
        CliHarness.Result published = cli.as("admin", "products", "publish", product);
        assertThat(published.exitCode()).as(published.toString()).isZero();
        assertThat(published.out()).containsPattern("STATE\\s+LISTED");

        CliHarness.Result listed = cli.as("engineer2", "products", "list", "--state", "LISTED");
        assertThat(listed.out()).contains(product).contains("industry-totals");

        Path file = files.resolve("totals.arrow");
        CliHarness.Result download = cli.as("engineer2", "products", "download", product, "--scenario", SCENARIO,
                "-O", file.toString());
        assertThat(download.exitCode()).as(download.toString()).isZero();
        assertThat(Files.size(file)).isPositive();
        assertThat(download.out()).containsPattern("BYTES\\s+" + Files.size(file));
        Path other = files.resolve("marketing.arrow");
        CliHarness.Result refused = cli.as("engineer2", "products", "download", product, "--scenario",
                "consumer marketing", "-O", other.toString());
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCode.FORBIDDEN);
        assertThat(refused.err()).startsWith("error: SCENARIO_MISMATCH:");
        assertThat(other).doesNotExist();

        CliHarness.Result deliveries = cli.as("admin", "products", "deliveries", product);
        assertThat(deliveries.exitCode()).as(deliveries.toString()).isZero();
        assertThat(deliveries.out()).contains("engineer2").contains(SCENARIO);
        CliHarness.Result registration = cli.as("applicant", "products", "registration", product);
        assertThat(registration.exitCode()).as(registration.toString()).isZero();
        assertThat(JSON.readTree(registration.out()).path("recordType").asText())
                .isEqualTo("shuyu.data-product-registration/v1");
        CliHarness.Result lineage = cli.as("expert", "products", "lineage", product);
        assertThat(lineage.exitCode()).as(lineage.toString()).isZero();
        assertThat(lineage.out()).contains("sources: cli.firms").contains("CREATE TABLE industry_totals");
    }

    private static final String SCENARIO = "SME credit scoring";

    /** The rest of the life cycle of scripts/demo-lifecycle.sh, over REST: an active grant on cli.firms. */
    private static String activeGrant() throws Exception {
        String sha = "a".repeat(64);
        String today = LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).toString();
        rest("admin", "POST", "/api/v1/labs/" + lab + "/complete",
                "{\"conclusion\":\"PASSED\",\"summary\":\"ok\",\"findings\":\"none\"}");
        String app = rest("applicant", "POST", "/api/v1/applications", "{\"labId\":\"" + lab + "\",\"scenario\":\""
                + SCENARIO + "\",\"priorityDomain\":\"INDUSTRY_VALUE\",\"level\":\"MUNICIPAL\"}").path("id").asText();
        for (String kind : List.of("application-form", "data-security-commitment", "security-risk-self-assessment")) {
            rest("applicant", "PUT", "/api/v1/applications/" + app + "/materials/" + kind,
                    "{\"documentName\":\"" + kind + ".pdf\",\"sha256\":\"" + sha + "\"}");
        }
        rest("applicant", "PUT", "/api/v1/applications/" + app + "/materials/audit-and-financial-reports",
                "{\"documentName\":\"audit.pdf\",\"sha256\":\"" + sha + "\",\"periodEnd\":\""
                        + (LocalDate.now().getYear() - 1) + "-12-31\"}");
        rest("applicant", "POST", "/api/v1/applications/" + app + "/submit", null);
        String review = "{\"opinions\":[{\"point\":\"APPLICANT\",\"verdict\":\"FAVOURABLE\",\"comment\":\"ok\"},"
                + "{\"point\":\"PRODUCT_FEASIBILITY_AND_COMPLIANCE\",\"verdict\":\"FAVOURABLE\",\"comment\":\"ok\"},"
                + "{\"point\":\"DATA_SECURITY_AND_PERSONAL_INFORMATION\",\"verdict\":\"FAVOURABLE\",\"comment\":\"ok\"},"
                + "{\"point\":\"EMERGENCY_PLAN\",\"verdict\":\"FAVOURABLE\",\"comment\":\"ok\"}]}";
        rest("expert", "POST", "/api/v1/applications/" + app + "/reviews", review);
        rest("provider", "POST", "/api/v1/applications/" + app + "/reviews", review);
        rest("coordination", "POST", "/api/v1/applications/" + app + "/deliberation", "{\"meetingDate\":\"" + today
                + "\",\"attendees\":\"body\",\"minutes\":\"deliberated\",\"outcome\":\"APPROVE\"}");
        rest("leading-group", "POST", "/api/v1/applications/" + app + "/approval", "{\"decisionNumber\":\"LG-1\","
                + "\"approvedOn\":\"" + today + "\",\"note\":\"approved\"}");
        String end = LocalDate.parse(today).plusYears(2).toString();
        String grant = rest("admin", "POST", "/api/v1/grants", "{\"applicationId\":\"" + app + "\",\"termStart\":\""
                + today + "\",\"termEnd\":\"" + end + "\",\"agreement\":{\"documentName\":\"agreement.pdf\","
                + "\"sha256\":\"" + sha + "\",\"signedOn\":\"" + today + "\"}}").path("id").asText();
        rest("applicant", "PUT", "/api/v1/grants/" + grant + "/emergency-plan", "{\"documentName\":\"plan.pdf\","
                + "\"sha256\":\"" + sha + "\",\"summary\":\"isolate\",\"contacts\":\"duty officer\"}");
        rest("admin", "POST", "/api/v1/grants/" + grant + "/activate", null);
        rest("applicant", "POST", "/api/v1/grants/" + grant + "/members", "{\"userId\":\"engineer\",\"name\":\"Zhang Wei\"}");
        String vetted = "{\"completedOn\":\"" + LocalDate.now().minusDays(1) + "\",\"evidence\":\"test\"}";
        rest("applicant", "PUT", "/api/v1/organizations/" + organization + "/personnel/engineer", "{\"name\":\"Zhang Wei\","
                + "\"items\":{\"PRE_JOB_TRAINING\":" + vetted + ",\"REAL_NAME_AUTHENTICATION\":" + vetted
                + ",\"FILING_AND_VETTING\":" + vetted + ",\"CONFIDENTIALITY_AGREEMENT\":" + vetted + "}}");
        return grant;
    }

    private static JsonNode runJob(String user, String workspace, String sql) throws Exception {
        JsonNode job = rest(user, "POST", "/api/v1/workspaces/" + workspace + "/jobs",
                JSON.writeValueAsString(Map.of("name", "cli-product", "steps", List.of(Map.of("sql", sql)))));
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (Set.of("QUEUED", "RUNNING").contains(job.path("state").asText()) && System.nanoTime() < deadline) {
            ControllerProcess.sleep(500);
            job = rest(user, "GET", "/api/v1/jobs/" + job.path("id").asText(), null);
        }
        return job;
    }

    /** A REST call as a demo user that must succeed; its JSON body. */
    private static JsonNode rest(String user, String method, String path, String body) throws Exception {
        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(cli.server() + path)).timeout(Duration.ofMinutes(3))
                .header("Authorization", "Bearer " + cli.token(user));
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, java.net.http.HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.method(method, java.net.http.HttpRequest.BodyPublishers.noBody());
        }
        java.net.http.HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode() / 100).as(user + " " + method + " " + path + " -> " + response.statusCode() + " "
                + response.body()).isEqualTo(2);
        return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
    }

    // ------------------------------------------------------------------------------------------- setup

    /** An organization, its vetted accountable person, an approved data lab over cli.firms, and a two-step job. */
    private static void runLineageJob() throws Exception {
        ApiClient applicant = client("applicant");
        ApiClient admin = client("admin");
        organization = new OrganizationsApi(applicant).registerOrganization(new OrganizationRequest()
                .name("CLI Data Co.").uscc(uscc("91330200MA2CLITST")).jurisdiction("330200")
                .establishedOn(LocalDate.of(2016, 5, 1))
                .accountablePerson(new AccountablePersonDto().userId("applicant").name("Li Qiang")), null).getId();
        PersonBody vetting = new PersonBody().name("Li Qiang");
        for (String item : List.of("PRE_JOB_TRAINING", "REAL_NAME_AUTHENTICATION", "FILING_AND_VETTING",
                "CONFIDENTIALITY_AGREEMENT")) {
            vetting.putItemsItem(item, new ItemBody().completedOn(LocalDate.now().minusDays(1)).evidence("test"));
        }
        new PersonnelApi(applicant).putPersonVetting(organization, "applicant", vetting);
        lab = new LabsApi(applicant).requestLab(new RequestLab().organizationId(organization)
                .datasetIds(List.of("cli.firms")).developmentApproach("cli test").marketPlan("none").months(3), null).getId();
        new LabsApi(admin).approveLab(lab, null, new ApproveBody().note("cli test"));
        WorkspaceDto workspace = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                workspace = new WorkspacesApi(applicant).getWorkspace(lab);
                if (workspace.getDatabase() != null && workspace.getProvisionedAt() != null) {
                    break;
                }
            } catch (org.shuyu.client.ApiException e) {
                if (e.getCode() != 404) { // 404 until the approval's workspace is created
                    throw e;
                }
            }
            ControllerProcess.sleep(250);
        }
        assertThat(workspace).as("workspace provisioned").isNotNull();
        assertThat(workspace.getProvisionedAt()).as("workspace provisioned").isNotNull();
        database = workspace.getDatabase().toLowerCase(java.util.Locale.ROOT);
        JobsApi jobs = new JobsApi(applicant);
        JobDto job = jobs.submitJob(lab, new JobSubmission().name("cli-lineage").steps(List.of(
                new JobStep().sql("CREATE TABLE firm_totals AS SELECT industry, count(*) AS firms, sum(capital) AS capital"
                        + " FROM cli.firms GROUP BY industry"),
                new JobStep().sql("CREATE TABLE big_industries AS SELECT industry, capital FROM firm_totals"
                        + " WHERE firms >= 2"))), null);
        jobId = job.getId();
        deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        while (Set.of("QUEUED", "RUNNING").contains(job.getState()) && System.nanoTime() < deadline) {
            ControllerProcess.sleep(500);
            job = jobs.getJob(jobId);
        }
        assertThat(job.getState()).as(job + "\n" + cli.controller().logTail(80)).isEqualTo("SUCCEEDED");
    }

    private static ApiClient client(String user) {
        String token = cli.token(user);
        ApiClient client = new ApiClient(HttpClient.newBuilder(), ApiClient.createDefaultObjectMapper(), cli.server());
        client.setReadTimeout(Duration.ofMinutes(2));
        client.setRequestInterceptor(r -> r.header("Authorization", "Bearer " + token));
        return client;
    }

    /** GB 32100-2015 check character after the first 17 characters. */
    private static String uscc(String first17) {
        String alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        int[] weights = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
        String base = first17.replace('O', '0').replace('S', '5').replace('I', '1').replace('Z', '2').replace('V', 'W');
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += alphabet.indexOf(base.charAt(i)) * weights[i];
        }
        int check = 31 - sum % 31;
        return base + alphabet.charAt(check == 31 ? 0 : check);
    }

    private static void writeSource(String namespace, String table, String csv) throws IOException {
        Path dir = cli.controller().dataDir().resolve("sources").resolve(namespace).resolve(table);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("data.csv"), csv, StandardCharsets.UTF_8);
    }

    private static void write(String name, String text) {
        try {
            Files.writeString(files.resolve(name), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String file(String name) {
        return files.resolve(name).toString();
    }

    private static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }

    private static int indent(String line) {
        int i = 0;
        while (i < line.length() && !Character.isLetterOrDigit(line.charAt(i))) {
            i++;
        }
        return i;
    }
}
