package org.shuyu.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shuyu.cli.support.CliHarness;
import org.shuyu.cli.support.ExitCode;

/**
 * {@code shuyu organizations | personnel | quota | admission | completion} against the embedded controller: an
 * applicant registers an organization ({@code -q} gives the id), vets a person, an admin sets a quota and reads the
 * admission state; lists page with {@code --limit}.
 */
class OrganizationsCommandTest {
    private static CliHarness cli;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() {
        cli = CliHarness.start();
    }

    @AfterAll
    static void stop() {
        cli.close();
    }

    /** A unified social credit code with a valid check character (GB 32100-2015). */
    static String uscc(Random random) {
        String chars = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        int[] weights = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
        StringBuilder code = new StringBuilder("91330200");
        while (code.length() < 17) {
            code.append(random.nextInt(10));
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += chars.indexOf(code.charAt(i)) * weights[i];
        }
        int check = 31 - sum % 31;
        return code.append(chars.charAt(check == 31 ? 0 : check)).toString();
    }

    private static String register(String name, Random random) throws IOException {
        Path file = Files.writeString(tmp.resolve(name + ".yaml"), String.join("\n",
                "name: " + name, "uscc: " + uscc(random), "jurisdiction: \"330200\"", "establishedOn: 2016-05-01",
                "accountablePerson: {userId: applicant, name: 李强}", ""));
        CliHarness.Result created = cli.as("applicant", "organizations", "register", "-f", file.toString(), "-q");
        assertThat(created.exitCode()).as(created.toString()).isZero();
        assertThat(created.out().strip()).as("-q prints only the id").doesNotContain(" ").isNotEmpty();
        return created.out().strip();
    }

    @Test
    void registerShowListAndPage() throws IOException {
        Random random = new Random(17);
        String first = register("海信数据有限公司", random);
        register("Second Data Co.", random);
        register("Third Data Co.", random);

        CliHarness.Result show = cli.as("applicant", "organizations", "show", first);
        assertThat(show.exitCode()).as(show.toString()).isZero();
        assertThat(show.out()).contains(first).contains("海信数据有限公司").contains("李强 (applicant)");

        CliHarness.Result all = cli.as("admin", "organizations", "list", "--all");
        assertThat(all.exitCode()).as(all.toString()).isZero();
        assertThat(all.out().lines().findFirst().orElse("")).startsWith("ID").contains("NAME");
        assertThat(all.out()).contains(first);
        long rows = all.out().lines().count() - 1;
        assertThat(rows).isGreaterThanOrEqualTo(3);

        CliHarness.Result two = cli.as("admin", "organizations", "list", "--limit", "2", "-o", "json");
        assertThat(two.exitCode()).as(two.toString()).isZero();
        assertThat(two.out().split("\"id\"", -1)).hasSize(3);
        assertThat(two.err()).contains("more with --limit N or --all");

        CliHarness.Result missing = cli.as("admin", "organizations", "show", "org-does-not-exist");
        assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(missing.err().strip()).startsWith("error: ").contains("(HTTP 404)").doesNotContain("\n");
        assertThat(missing.out()).isEmpty();
    }

    @Test
    void vetPersonnelThenListAndShow() throws IOException {
        String org = register("Vetting Co.", new Random(18));
        Path vetting = Files.writeString(tmp.resolve("vetting.yaml"), String.join("\n",
                "name: Zhang Wei", "items:",
                "  PRE_JOB_TRAINING: {completedOn: 2026-01-05, evidence: certificate T-1}",
                "  REAL_NAME_AUTHENTICATION: {completedOn: 2026-01-05, evidence: ID check}",
                "  FILING_AND_VETTING: {completedOn: 2026-01-05, evidence: filing F-1}",
                "  CONFIDENTIALITY_AGREEMENT: {completedOn: 2026-01-05, evidence: signed NDA}", ""));
        CliHarness.Result vet = cli.as("applicant", "personnel", "vet", org, "engineer", "-f", vetting.toString());
        assertThat(vet.exitCode()).as(vet.toString()).isZero();
        assertThat(vet.out()).contains("PRE_JOB_TRAINING").contains("certificate T-1");
        assertThat(vet.err()).contains("vetted");

        CliHarness.Result list = cli.as("applicant", "personnel", "list", org);
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.out()).contains("engineer").contains("Zhang Wei").contains("true");

        CliHarness.Result show = cli.as("applicant", "personnel", "show", org, "engineer", "-o", "yaml");
        assertThat(show.exitCode()).as(show.toString()).isZero();
        assertThat(show.out()).contains("userId: engineer").contains("vetted: true");

        Path unknownField = Files.writeString(tmp.resolve("bad-vetting.yaml"), "name: x\nitem: {}\n");
        CliHarness.Result bad = cli.as("applicant", "personnel", "vet", org, "engineer", "-f", unknownField.toString());
        assertThat(bad.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(bad.err()).contains("unknown field 'item'");
    }

    @Test
    void quotaSetShowAndAdmission() throws IOException {
        String org = register("Quota Co.", new Random(19));
        CliHarness.Result set = cli.as("admin", "quota", "set", org, "--cores", "1", "--memory-mb", "1536",
                "--engines", "1");
        assertThat(set.exitCode()).as(set.toString()).isZero();
        assertThat(set.out()).contains("MAX CORES").contains("1536");

        CliHarness.Result show = cli.as("admin", "quota", "show", org, "-o", "json");
        assertThat(show.exitCode()).as(show.toString()).isZero();
        assertThat(show.out()).contains("\"maxCores\" : 1").contains("\"maxMemoryMb\" : 1536")
                .contains("\"source\" : \"SET\"");

        CliHarness.Result tooMuch = cli.as("admin", "quota", "set", org, "--cores", "100000");
        assertThat(tooMuch.exitCode()).as(tooMuch.toString()).isEqualTo(ExitCode.ERROR);
        assertThat(tooMuch.err().strip()).startsWith("error: QUOTA_ABOVE_CAPACITY: ").endsWith("(HTTP 400)")
                .doesNotContain("\n");

        CliHarness.Result nothing = cli.as("admin", "quota", "set", org);
        assertThat(nothing.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(nothing.err().strip()).startsWith("error: MISSING_INPUT:");

        CliHarness.Result admission = cli.as("admin", "admission");
        assertThat(admission.exitCode()).as(admission.toString()).isZero();
        assertThat(admission.out()).contains("CAPACITY").contains("QUEUE").contains("ADMITTED");
    }

    @Test
    void completionPrintsABashScriptWithTheCommands() {
        CliHarness.Result completion = cli.anonymous("completion");
        assertThat(completion.exitCode()).as(completion.toString()).isZero();
        assertThat(completion.out()).contains("complete -F").contains("organizations").contains("personnel")
                .contains("--output");
    }
}
