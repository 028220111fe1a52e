package org.shuyu.cli.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.shuyu.client.ApiClient;
import org.shuyu.client.api.CatalogApi;
import org.shuyu.client.api.ConsentsApi;
import org.shuyu.client.api.LabsApi;
import org.shuyu.client.api.OrganizationsApi;
import org.shuyu.client.api.PersonnelApi;
import org.shuyu.client.api.WorkspacesApi;
import org.shuyu.client.model.AccountablePersonDto;
import org.shuyu.client.model.ApproveBody;
import org.shuyu.client.model.ConsentBody;
import org.shuyu.client.model.ItemBody;
import org.shuyu.client.model.OrganizationRequest;
import org.shuyu.client.model.PersonBody;
import org.shuyu.client.model.ProviderDto;
import org.shuyu.client.model.RequestLab;
import org.shuyu.client.model.WorkspaceDto;
import org.shuyu.corpus.SentinelData;
import org.shuyu.testkit.ControllerProcess;

/**
 * A workspace to work in, set up as people would through the API (the generated client): the enforcement corpus's
 * sentinel datasets (CSV files in the controller's data directory, registered in the catalog with their
 * classifications, consent of {@link SentinelData#CONSENTING}), an organization whose accountable person
 * {@value #MEMBER} is vetted, and an approved data lab over the corpus's granted datasets; the lab's workspace is
 * worked in by {@value #MEMBER}. Datasets are registered with plain JSON: the spec's {@code DatasetRequest} columns
 * (schema {@code ColumnDto}) have no classification and grade yet.
 */
public final class WorkSetup {
    /** Works in the workspace (the lab's requester and its organization's accountable person). */
    public static final String MEMBER = "applicant";
    public static final String AUTHORITY = "admin";

    private WorkSetup() {}

    /** An API client acting as a demo user of the harness's controller. */
    public static ApiClient client(CliHarness cli, String user) {
        ApiClient client = new ApiClient(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)),
                ApiClient.createDefaultObjectMapper(), cli.server());
        client.setReadTimeout(Duration.ofMinutes(3));
        String token = cli.token(user);
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
        return client;
    }

    /** Everything from nothing; the provisioned workspace's id. */
    public static String corpusWorkspace(CliHarness cli) throws Exception {
        writeSources(cli.controller().dataDir());
        ApiClient admin = client(cli, AUTHORITY);
        ApiClient member = client(cli, MEMBER);
        new CatalogApi(admin).registerProvider(new ProviderDto().id("cli-provider").name("CLI test provider")
                .jurisdiction("330200").description("sentinel data for CLI tests"), null);
        for (SentinelData.Dataset dataset : SentinelData.DATASETS) {
            registerDataset(cli, dataset);
        }
        for (String subject : SentinelData.CONSENTING) {
            new ConsentsApi(admin).putConsent(SentinelData.CONTRIBUTIONS.id(), subject,
                    new ConsentBody().granted(true).evidence("cli test consent"));
        }
        String organization = new OrganizationsApi(member).registerOrganization(new OrganizationRequest()
                .name("CLI Data Co.").uscc(uscc("91330200MA2CLIWRK")).jurisdiction("330200")
                .establishedOn(LocalDate.of(2016, 5, 1))
                .accountablePerson(new AccountablePersonDto().userId(MEMBER).name("Li Qiang")), null).getId();
        Map<String, ItemBody> items = new HashMap<>();
        for (String item : List.of("PRE_JOB_TRAINING", "REAL_NAME_AUTHENTICATION", "FILING_AND_VETTING",
                "CONFIDENTIALITY_AGREEMENT")) {
            items.put(item, new ItemBody().completedOn(LocalDate.now().minusDays(1)).evidence("cli test"));
        }
        new PersonnelApi(member).putPersonVetting(organization, MEMBER, new PersonBody().name("CLI Member").items(items));
        String lab = new LabsApi(member).requestLab(new RequestLab().organizationId(organization)
                .developmentApproach("CLI tests").marketPlan("none").months(3)
                .datasetIds(SentinelData.DATASETS.stream().filter(SentinelData.Dataset::granted)
                        .map(SentinelData.Dataset::id).toList()), null).getId();
        new LabsApi(admin).approveLab(lab, null, new ApproveBody().note("cli tests"));
        awaitProvisioned(new WorkspacesApi(member), lab);
        return lab;
    }

    private static void awaitProvisioned(WorkspacesApi api, String id) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        WorkspaceDto last = null;
        while (System.nanoTime() < deadline) {
            try {
                last = api.getWorkspace(id);
            } catch (org.shuyu.client.ApiException e) {
                if (e.getCode() != 404) {
                    throw e;
                }
                ControllerProcess.sleep(250); // the workspace is created after the approval commits
                continue;
            }
            if (last.getDatabase() != null && !last.getDatabase().isEmpty() && last.getProvisionedAt() != null) {
                return;
            }
            ControllerProcess.sleep(250);
        }
        throw new IllegalStateException("workspace " + id + " was not provisioned: " + last);
    }

    private static void registerDataset(CliHarness cli, SentinelData.Dataset dataset) throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode body = json.createObjectNode().put("id", dataset.id()).put("providerId", "cli-provider")
                .put("title", "corpus " + dataset.id()).put("description", "sentinel data")
                .put("openness", dataset.prohibited() ? "PROHIBITED" : "CONDITIONAL").put("category", "corpus")
                .put("personLevel", dataset.subjectColumn().isPresent())
                .put("rowCount", dataset.csv().lines().count() - 1);
        dataset.subjectColumn().ifPresent(c -> body.put("subjectColumn", c));
        ArrayNode columns = body.putArray("columns");
        for (SentinelData.Column column : dataset.columns()) {
            columns.addObject().put("name", column.name()).put("type", column.type())
                    .put("description", column.name()).put("classification", column.classification())
                    .put("grade", column.grade());
        }
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(cli.server() + "/api/v1/datasets"))
                .header("Authorization", "Bearer " + cli.token(AUTHORITY))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("dataset " + dataset.id() + ": " + response.statusCode() + " "
                    + response.body());
        }
    }

    /** The corpus's CSVs where the controller's LocalSourceData keeps sources: {@code sources/<ns>/<name>/}. */
    private static void writeSources(Path dataDir) {
        for (SentinelData.Dataset dataset : SentinelData.DATASETS) {
            String id = dataset.id();
            Path dir = dataDir.resolve("sources").resolve(id.substring(0, id.indexOf('.')))
                    .resolve(id.substring(id.indexOf('.') + 1));
            try {
                Files.createDirectories(dir);
                Files.writeString(dir.resolve("data.csv"), dataset.csv(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** GB 32100-2015: the 17 first characters and their check character. */
    static String uscc(String first17) {
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
}
