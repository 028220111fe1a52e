package org.shuyu.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.cli.support.CliHarness;
import org.shuyu.cli.support.ExitCode;
import org.shuyu.client.ApiClient;
import org.shuyu.client.api.OrganizationsApi;
import org.shuyu.client.model.AccountablePersonDto;
import org.shuyu.client.model.OrganizationRequest;

/**
 * The whole grant life cycle walked with the CLI only, as {@code scripts/demo-lifecycle.sh} does, against one embedded
 * controller with the demo catalog: lab (request, approve, complete, report), application with its materials, expert
 * and sector reviews, deliberation, approval, grant with agreement, emergency plan and drill, activation (publication,
 * filing), a member, suspension, rectification, reinstatement, a termination decision and its approval, termination
 * (access closed, deletion scheduled). Along the way: tables, {@code -o json}, {@code -q} ids and the exit codes of an
 * illegal transition (6), a forbidden persona (4), an unknown id (5), a missing emergency plan (1) and bad input (2).
 */
@Tag("R-12") @Tag("R-13") @Tag("R-14") @Tag("R-15") @Tag("R-16") @Tag("R-17a") @Tag("R-17b") @Tag("R-25") @Tag("R-05")
class LifecycleCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SHA = "a".repeat(64);
    private static CliHarness cli;
    private static Path files;
    private static String org;

    @BeforeAll
    static void start() throws Exception {
        cli = CliHarness.start(Map.of("sandbox.demo-catalog", "true"));
        files = Files.createTempDirectory("shuyu-cli-lifecycle");
        // organizations are "clicore"'s commands: registered here through the generated client directly
        ApiClient client = new ApiClient(HttpClient.newBuilder(), ApiClient.createDefaultObjectMapper(), cli.server());
        String token = cli.token("applicant");
        client.setRequestInterceptor(r -> r.header("Authorization", "Bearer " + token));
        org = new OrganizationsApi(client).registerOrganization(new OrganizationRequest()
                .name("Haixin Data Co.").uscc(uscc()).jurisdiction("330200").establishedOn(LocalDate.of(2016, 5, 1))
                .accountablePerson(new AccountablePersonDto().userId("applicant").name("Li Qiang")), null).getId();
    }

    @AfterAll
    static void stop() {
        if (cli != null) {
            cli.close();
        }
    }

    @Test
    void walksTheWholeLifeCycleWithTheCliOnly() throws Exception {
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));

        // the lab, requested by the applicant, approved and completed by the data authority
        String lab = ok(cli.as("applicant", "labs", "request", "-q", "-f", file("lab.yaml", """
                organizationId: %s
                datasetIds: [registry.enterprises, tax.payments]
                developmentApproach: credit features from registry and tax data
                marketPlan: scores for local banks
                months: 3
                """.formatted(org)))).out().strip();
        assertThat(lab).isNotBlank().doesNotContain("\n").doesNotContain(" ");

        CliHarness.Result labs = ok(cli.as("admin", "labs", "list"));
        assertThat(firstLine(labs.out())).startsWith("ID").contains("ORGANIZATION").contains("STATE").contains("TERM");
        assertThat(row(labs.out(), lab)).contains(org).contains("REQUESTED");

        CliHarness.Result approved = ok(cli.as("admin", "labs", "approve", lab, "--note", "approved"));
        assertThat(approved.out()).contains("STATE").contains("ACTIVE");
        assertThat(approved.err()).contains("lab " + lab + " approved");

        // approving twice is an illegal transition: exit 6 and the server's code
        CliHarness.Result again = cli.as("admin", "labs", "approve", lab);
        assertThat(again.exitCode()).as(again.toString()).isEqualTo(ExitCode.CONFLICT);
        assertThat(again.err().strip()).startsWith("error: ILLEGAL_TRANSITION:").doesNotContain("\n");
        assertThat(again.out()).isEmpty();

        JsonNode completed = json(ok(cli.as("admin", "labs", "complete", lab, "-o", "json",
                "--conclusion", "passed", "--summary", "validated on masked data", "--findings", "no raw identifiers")));
        assertThat(completed.path("state").asText()).isEqualTo("COMPLETED");
        assertThat(completed.path("report").path("sha256").asText()).hasSize(64);
        CliHarness.Result report = ok(cli.as("applicant", "labs", "report", lab));
        assertThat(report.out()).contains("CONCLUSION").contains("PASSED").contains("validated on masked data");

        // the application and its materials; submit is refused while materials are missing
        String app = ok(cli.as("applicant", "applications", "create", "-q", "-f", file("app.yaml", """
                labId: %s
                scenario: SME credit scoring
                priorityDomain: INDUSTRY_VALUE
                level: MUNICIPAL
                """.formatted(lab)))).out().strip();
        CliHarness.Result early = cli.as("applicant", "applications", "submit", app);
        assertThat(early.exitCode()).as(early.toString()).isNotZero();
        assertThat(early.err()).startsWith("error: MATERIALS_INCOMPLETE:");
        String material = file("material.yaml", "documentName: form.pdf\nsha256: " + SHA + "\n");
        ok(cli.as("applicant", "applications", "material", app, "application-form", "-f", material));
        ok(cli.as("applicant", "applications", "material", app, "data-security-commitment",
                "--document-name", "commitment.pdf", "--sha256", SHA));
        ok(cli.as("applicant", "applications", "material", app, "security-risk-self-assessment",
                "--document-name", "risk.pdf", "--sha256", SHA));
        CliHarness.Result audit = ok(cli.as("applicant", "applications", "material", app,
                "audit-and-financial-reports", "--document-name", "audit.pdf", "--sha256", SHA,
                "--period-end", LocalDate.of(today.getYear() - 1, 12, 31).toString()));
        assertThat(row(audit.out(), "MISSING")).isEqualTo("MISSING");
        JsonNode submitted = json(ok(cli.as("applicant", "applications", "submit", app, "-o", "json")));
        assertThat(submitted.path("state").asText()).isEqualTo("SUBMITTED");
        assertThat(submitted.path("materials").size()).isEqualTo(5); // four provided, the lab report attached

        // expert and sector reviews on the four points
        String review = file("review.yaml", """
                opinions:
                  - {point: APPLICANT, verdict: FAVOURABLE, comment: qualified}
                  - {point: PRODUCT_FEASIBILITY_AND_COMPLIANCE, verdict: FAVOURABLE, comment: feasible}
                  - {point: DATA_SECURITY_AND_PERSONAL_INFORMATION, verdict: FAVOURABLE, comment: adequate}
                  - {point: EMERGENCY_PLAN, verdict: FAVOURABLE, comment: adequate}
                """);
        ok(cli.as("expert", "applications", "review", app, "-f", review));
        ok(cli.as("provider", "applications", "review", app, "-f", review));
        // an engineer may not review: exit 4
        CliHarness.Result forbidden = cli.as("engineer", "applications", "review", app, "-f", review);
        assertThat(forbidden.exitCode()).as(forbidden.toString()).isEqualTo(ExitCode.FORBIDDEN);
        assertThat(forbidden.err().strip()).startsWith("error: ").contains("HTTP 403").doesNotContain("\n");

        // deliberation by the coordination body, approval by the leading group
        ok(cli.as("coordination", "applications", "deliberate", app, "-f", file("deliberation.yaml", """
                meetingDate: %s
                attendees: coordination body
                minutes: deliberated
                outcome: APPROVE
                """.formatted(today))));
        CliHarness.Result appApproved = ok(cli.as("leading-group", "applications", "approve", app,
                "--decision-number", "NB-LG-1", "--approved-on", today.toString(), "--note", "approved"));
        assertThat(appApproved.out()).contains("APPROVED").contains("NB-LG-1");

        // the grant with the signed agreement
        String grant = ok(cli.as("admin", "grants", "create", "-q", "-f", file("grant.yaml", """
                applicationId: %s
                termStart: %s
                termEnd: %s
                agreement: {documentName: agreement.pdf, sha256: %s, signedOn: %s}
                """.formatted(app, today, today.plusYears(2), SHA, today)))).out().strip();
        CliHarness.Result grants = ok(cli.as("admin", "grants", "list"));
        assertThat(firstLine(grants.out())).startsWith("ID").contains("ORGANIZATION").contains("SCENARIO")
                .contains("STATE").contains("TERM END");
        assertThat(row(grants.out(), grant)).contains("SME credit scoring").contains("AGREED")
                .contains(today.plusYears(2).toString());

        // no activation without an emergency plan (a rule, exit 1); then the plan and a drill
        CliHarness.Result noPlan = cli.as("admin", "grants", "activate", grant);
        assertThat(noPlan.exitCode()).as(noPlan.toString()).isEqualTo(ExitCode.ERROR);
        assertThat(noPlan.err()).startsWith("error: EMERGENCY_PLAN_MISSING:");
        ok(cli.as("applicant", "grants", "plan", grant, "-f", file("plan.yaml", """
                documentName: plan.pdf
                sha256: %s
                summary: isolate and notify
                contacts: duty officer
                """.formatted(SHA))));

        // activation publishes and files the grant
        JsonNode active = json(ok(cli.as("admin", "grants", "activate", grant, "-o", "json")));
        assertThat(active.path("state").asText()).isEqualTo("ACTIVE");
        assertThat(active.path("accessOpen").asBoolean()).isTrue();
        assertThat(row(ok(cli.as("applicant", "publications")).out(), grant)).contains("SME credit scoring");
        CliHarness.Result filings = ok(cli.as("admin", "filings"));
        assertThat(firstLine(filings.out())).startsWith("FILING");
        assertThat(filings.out()).contains(grant);

        // drills are recorded on an active grant
        String drill = ok(cli.as("applicant", "grants", "drill", grant, "-q", "--held-on", today.toString(),
                "--scenario", "credential leak", "--outcome", "contained in 20 minutes")).out().strip();
        assertThat(drill).isNotBlank();
        ok(cli.as("applicant", "grants", "add-member", grant, "--user", "engineer", "--name", "Zhang Wei"));
        assertThat(row(ok(cli.as("applicant", "grants", "members", grant)).out(), "engineer")).contains("Zhang Wei");

        ok(cli.as("applicant", "grants", "add-member", grant, "--user", "engineer2", "--name", "Wang Fang"));
        CliHarness.Result removed = ok(cli.as("applicant", "grants", "remove-member", grant, "engineer2"));
        assertThat(row(removed.out(), "REMOVED")).contains("applicant");
        JsonNode members = json(ok(cli.as("admin", "grants", "members", grant, "-o", "json")));
        assertThat(members.findValuesAsText("userId")).contains("engineer", "engineer2");
        // a member who is not vetted yet is told why, with the forbidden exit code
        CliHarness.Result access = cli.as("engineer", "grants", "access", grant);
        assertThat(access.exitCode()).as(access.toString()).isEqualTo(ExitCode.FORBIDDEN);
        assertThat(access.err().strip()).startsWith("error: VETTING_INCOMPLETE:").doesNotContain("\n");

        // R-17b: suspension with a deadline, rectification, reinstatement; an engineer may not suspend
        String deadline = OffsetDateTime.now(ZoneOffset.UTC).plusDays(10).withNano(0).toString();
        CliHarness.Result engineerSuspends = cli.as("engineer", "grants", "suspend", grant,
                "--violation", "x", "--deadline", deadline);
        assertThat(engineerSuspends.exitCode()).as(engineerSuspends.toString()).isEqualTo(ExitCode.FORBIDDEN);
        CliHarness.Result suspended = ok(cli.as("admin", "grants", "suspend", grant,
                "--violation", "late incident report", "--deadline", deadline));
        assertThat(suspended.out()).contains("SUSPENDED").contains("late incident report");
        assertThat(suspended.err()).contains("grant " + grant + " suspended");
        assertThat(json(ok(cli.as("applicant", "grants", "rectify", grant, "--report", "incident process fixed",
                "-o", "json"))).path("state").asText()).isEqualTo("RECTIFICATION_REPORTED");
        assertThat(json(ok(cli.as("admin", "grants", "reinstate", grant, "--note", "rectified", "-o", "json")))
                .path("state").asText()).isEqualTo("ACTIVE");
        // reinstating an active grant is an illegal transition
        CliHarness.Result reinstateAgain = cli.as("admin", "grants", "reinstate", grant);
        assertThat(reinstateAgain.exitCode()).as(reinstateAgain.toString()).isEqualTo(ExitCode.CONFLICT);
        assertThat(reinstateAgain.err()).startsWith("error: ILLEGAL_TRANSITION:");

        // R-05, R-17a: a decision of the coordination body, approved by the leading group, then termination
        String decision = ok(cli.as("coordination", "grants", "decide", grant, "-q", "-f", file("decision.yaml", """
                kind: TERMINATE
                meetingDate: %s
                minutes: deliberated
                reason: demo ends
                """.formatted(today)))).out().strip();
        CliHarness.Result shown = ok(cli.as("admin", "grants", "show", grant));
        assertThat(row(shown.out(), "DECISIONS")).contains(decision).contains("TERMINATE").contains("PENDING_APPROVAL");
        assertThat(row(shown.out(), "MEMBERS")).contains("engineer (Zhang Wei)");
        assertThat(row(shown.out(), "EMERGENCY PLAN")).contains("plan.pdf");
        assertThat(row(shown.out(), "DRILLS")).endsWith("1");
        // terminating before the decision is approved is refused
        CliHarness.Result early2 = cli.as("admin", "grants", "terminate", grant, "--decision", decision);
        assertThat(early2.exitCode()).as(early2.toString()).isNotZero();
        assertThat(early2.err()).startsWith("error: ").doesNotContain("Exception");
        CliHarness.Result decisionApproved = ok(cli.as("leading-group", "grants", "approve-decision", grant, decision));
        assertThat(row(decisionApproved.out(), "STATE")).contains("APPROVED");
        JsonNode terminated = json(ok(cli.as("admin", "grants", "terminate", grant, "--decision", decision,
                "--reason", "demo ends", "-o", "json")));
        assertThat(terminated.path("state").asText()).isEqualTo("TERMINATED");
        assertThat(terminated.path("accessOpen").asBoolean()).isFalse();
        CliHarness.Result deletions = ok(cli.as("security", "deletions"));
        assertThat(firstLine(deletions.out())).startsWith("ID").contains("REASON").contains("STATE");
        assertThat(row(deletions.out(), grant)).contains("TERMINATE");
        JsonNode deletionsJson = json(ok(cli.as("security", "deletions", "-o", "json")));
        assertThat(deletionsJson.isArray()).isTrue();
        assertThat(deletionsJson.findValuesAsText("grantId")).contains(grant);
    }

    @Test
    @Tag("R-12")
    void theAuthorityRejectsALabWithItsReason() throws Exception {
        String lab = ok(cli.as("applicant", "labs", "request", "-q", "-f", file("lab2.yaml", """
                organizationId: %s
                datasetIds: [registry.enterprises]
                developmentApproach: a second idea
                marketPlan: none yet
                months: 2
                """.formatted(org)))).out().strip();
        CliHarness.Result rejected = ok(cli.as("admin", "labs", "reject", lab, "--reason", "no market plan"));
        assertThat(row(rejected.out(), "STATE")).contains("REJECTED");
        assertThat(rejected.err()).contains("lab " + lab + " rejected");
        CliHarness.Result yaml = ok(cli.as("applicant", "labs", "show", lab, "-o", "yaml"));
        assertThat(yaml.out()).contains("id: " + lab).contains("state: REJECTED");
        CliHarness.Result missingReason = cli.as("admin", "labs", "reject", lab);
        assertThat(missingReason.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(missingReason.err()).contains("--reason");
    }

    @Test
    void unknownIdsForbiddenPersonasAndBadInputGiveTheirExitCodes() throws Exception {
        CliHarness.Result unknownGrant = cli.as("admin", "grants", "show", "grant-does-not-exist");
        assertThat(unknownGrant.exitCode()).as(unknownGrant.toString()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(unknownGrant.err().strip()).startsWith("error: NOT_FOUND:").endsWith("(HTTP 404)");

        CliHarness.Result unknownLab = cli.as("admin", "labs", "approve", "lab-does-not-exist");
        assertThat(unknownLab.exitCode()).as(unknownLab.toString()).isEqualTo(ExitCode.NOT_FOUND);

        CliHarness.Result unknownApp = cli.as("applicant", "applications", "submit", "app-does-not-exist");
        assertThat(unknownApp.exitCode()).as(unknownApp.toString()).isEqualTo(ExitCode.NOT_FOUND);

        // only the data authority publishes calls for applications
        String announcement = file("announcement.yaml", """
                title: Call 2026
                body: apply for SME credit scenarios
                conditions: registered in Ningbo
                priorityDomains: [INDUSTRY_VALUE]
                opensOn: 2026-01-01
                closesOn: 2026-12-31
                jurisdiction: "330200"
                """);
        CliHarness.Result notAuthority = cli.as("applicant", "announcements", "publish", "-f", announcement);
        assertThat(notAuthority.exitCode()).as(notAuthority.toString()).isEqualTo(ExitCode.FORBIDDEN);
        String id = ok(cli.as("admin", "announcements", "publish", "-q", "-f", announcement)).out().strip();
        CliHarness.Result list = ok(cli.as("applicant", "announcements", "list"));
        assertThat(firstLine(list.out())).startsWith("ID").contains("TITLE");
        assertThat(row(list.out(), id)).contains("Call 2026").contains("INDUSTRY_VALUE");

        // filings are not for applicants
        CliHarness.Result filings = cli.as("applicant", "filings");
        assertThat(filings.exitCode()).as(filings.toString()).isEqualTo(ExitCode.FORBIDDEN);

        // bad input is a usage error before anything is sent
        CliHarness.Result unknownField = cli.as("applicant", "labs", "request", "-f",
                file("bad-lab.yaml", "organizationId: x\nmonth: 3\n"));
        assertThat(unknownField.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(unknownField.err()).startsWith("error: INPUT_MALFORMED:").contains("'month'");
        CliHarness.Result both = cli.as("admin", "grants", "suspend", "g-1", "-f", announcement, "--violation", "v");
        assertThat(both.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(both.err()).startsWith("error: CONFLICTING_INPUT:");
        CliHarness.Result neither = cli.as("admin", "grants", "suspend", "g-1", "--violation", "v");
        assertThat(neither.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(neither.err()).startsWith("error: MISSING_INPUT:").contains("--deadline");
        CliHarness.Result badKind = cli.as("coordination", "grants", "decide", "g-1", "--kind", "EXPLODE");
        assertThat(badKind.exitCode()).isEqualTo(ExitCode.USAGE);
        CliHarness.Result badKey = cli.as("admin", "grants", "create", "-f",
                file("any-grant.yaml", "applicationId: app-x\n"), "--idempotency-key", "a b");
        assertThat(badKey.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(badKey.err()).startsWith("error: INVALID_IDEMPOTENCY_KEY:");
        CliHarness.Result noSub = cli.as("admin", "grants");
        assertThat(noSub.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(noSub.err()).contains("missing subcommand").contains("suspend");
    }

    @Test
    void helpTextsNamePersonaAndRequirement() {
        CliHarness.Result help = cli.anonymous("grants", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out().replaceAll("\\s+", " ")).contains("approve-decision")
                .contains("Suspend a grant for rectification (R-17b; data authority)");
        CliHarness.Result material = cli.anonymous("applications", "material", "--help");
        assertThat(material.out()).contains("application-form").contains("audit-and-financial-reports");
    }

    private static CliHarness.Result ok(CliHarness.Result result) {
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return result;
    }

    private static JsonNode json(CliHarness.Result result) throws IOException {
        return JSON.readTree(result.out());
    }

    private static String firstLine(String text) {
        return text.lines().findFirst().orElse("");
    }

    /** The first line of a table or item that starts with (or contains, for ids) {@code key}. */
    private static String row(String text, String key) {
        return text.lines().filter(l -> l.startsWith(key)).findFirst()
                .or(() -> text.lines().filter(l -> l.contains(key)).findFirst())
                .orElseThrow(() -> new AssertionError("no line with " + key + " in:\n" + text)).strip();
    }

    private static String file(String name, String content) {
        try {
            return Files.writeString(files.resolve(name), content).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A valid unified social credit code (GB 32100-2015 check character). */
    private static String uscc() {
        String chars = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        int[] weights = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
        StringBuilder first = new StringBuilder("91330200");
        for (int i = 0; i < 9; i++) {
            first.append(ThreadLocalRandom.current().nextInt(10));
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += chars.indexOf(first.charAt(i)) * weights[i];
        }
        int check = 31 - sum % 31;
        return first.append(chars.charAt(check == 31 ? 0 : check)).toString();
    }
}
