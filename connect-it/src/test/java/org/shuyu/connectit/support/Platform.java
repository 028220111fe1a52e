package org.shuyu.connectit.support;

import org.shuyu.testkit.ControllerProcess;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.shuyu.corpus.SentinelData;

/**
 * The platform set up over REST, as a user would: development tokens from {@code /dev/token}, the corpus's sentinel
 * datasets in the catalog (a provider, the datasets with their columns and classifications, their CSV files in the
 * controller's data directory, consent of {@link SentinelData#CONSENTING}), an organization whose accountable person
 * ({@value #MEMBER}) is vetted, and an approved data lab over the corpus's granted datasets: the lab's workspace is
 * the corpus's workspace, worked in by {@value #MEMBER} (a lab's members are its requester and the accountable person).
 */
public final class Platform {
    /** The user who works in the corpus's workspace. */
    public static final String MEMBER = "applicant";
    /** Users of the demo issuer by role. */
    public static final String AUTHORITY = "admin";
    public static final String SECURITY = "security";
    public static final String PROVIDER_ID = "corpus-provider";
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);

    /** The corpus's workspace: the lab's id (= workspace id), its database, its member, its organization. */
    public record Workspace(String id, String database, String member, String organizationId) {
    }

    /** A REST answer: status and parsed body (a missing or non-JSON body is an empty object). */
    public record Answer(int status, JsonNode body, String raw) {
        public boolean ok() {
            return status / 100 == 2;
        }
    }

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();

    public Platform(URI base) {
        this.base = base;
    }

    public URI base() {
        return base;
    }

    /** A development token of a demo user (cached; they last long enough for a test run). */
    public String token(String user) {
        return tokens.computeIfAbsent(user, u -> {
            Answer answer = send("POST", "/dev/token", null, json.createObjectNode().put("username", u));
            require(answer, "POST /dev/token for " + u);
            return answer.body().path("access_token").asText();
        });
    }

    /** A call as {@code user}; never throws on an HTTP status. */
    public Answer call(String user, String method, String path, Object body) {
        return send(method, path, token(user), body);
    }

    /** A call as {@code user} that must succeed (2xx); its body. */
    public JsonNode ok(String user, String method, String path, Object body) {
        Answer answer = call(user, method, path, body);
        require(answer, user + " " + method + " " + path);
        return answer.body();
    }

    private static void require(Answer answer, String what) {
        if (!answer.ok()) {
            throw new IllegalStateException(what + " -> " + answer.status() + " " + answer.raw());
        }
    }

    private Answer send(String method, String path, String token, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofMinutes(3)); // a preview may wait for a cold JVM
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            if (body != null) {
                request.header("Content-Type", "application/json");
                request.method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode parsed;
            try {
                parsed = response.body().isBlank() ? json.createObjectNode() : json.readTree(response.body());
            } catch (IOException e) {
                parsed = json.createObjectNode();
            }
            return new Answer(response.statusCode(), parsed, response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------------------------------- setup

    /**
     * Everything the corpus needs, from nothing: sentinel data under {@code dataDir/sources}, the catalog, consents,
     * organization, vetting, and an approved lab whose workspace is provisioned.
     */
    public Workspace corpusWorkspace(Path dataDir) {
        writeSources(dataDir);
        registerCatalog();
        String organization = organization();
        vet(organization, MEMBER);
        ObjectNode lab = json.createObjectNode().put("organizationId", organization)
                .put("developmentApproach", "enforcement corpus").put("marketPlan", "none").put("months", 3);
        ArrayNode ids = lab.putArray("datasetIds");
        SentinelData.DATASETS.stream().filter(SentinelData.Dataset::granted).forEach(d -> ids.add(d.id()));
        String labId = ok(MEMBER, "POST", "/api/v1/labs", lab).path("id").asText();
        ok(AUTHORITY, "POST", "/api/v1/labs/" + labId + "/approve", json.createObjectNode().put("note", "corpus"));
        JsonNode workspace = awaitWorkspace(labId);
        return new Workspace(labId, workspace.path("database").asText(), MEMBER, organization);
    }

    /** The corpus's CSVs where the controller's LocalSourceData keeps sources: {@code sources/<ns>/<name>/}. */
    public static void writeSources(Path dataDir) {
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

    /** A provider, the four datasets, and consent of the consenting subjects (nobody else is ever recorded). */
    public void registerCatalog() {
        ok(AUTHORITY, "POST", "/api/v1/providers", json.createObjectNode().put("id", PROVIDER_ID)
                .put("name", "Enforcement corpus provider").put("jurisdiction", "330200")
                .put("description", "synthetic sentinel data for enforcement tests"));
        for (SentinelData.Dataset dataset : SentinelData.DATASETS) {
            ObjectNode body = json.createObjectNode().put("id", dataset.id()).put("providerId", PROVIDER_ID)
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
            ok(AUTHORITY, "POST", "/api/v1/datasets", body);
        }
        for (String subject : SentinelData.CONSENTING) {
            ok(AUTHORITY, "PUT", "/api/v1/datasets/" + SentinelData.CONTRIBUTIONS.id() + "/consents/" + subject,
                    json.createObjectNode().put("granted", true).put("evidence", "corpus consent"));
        }
    }

    /** An organization whose accountable person is {@value #MEMBER}; its id. */
    public String organization() {
        ObjectNode body = json.createObjectNode().put("name", "Corpus Data Co.").put("uscc", uscc("91330200MA2CORPUS"))
                .put("jurisdiction", "330200").put("establishedOn", "2016-05-01");
        body.putObject("accountablePerson").put("userId", MEMBER).put("name", "Li Qiang");
        return ok(MEMBER, "POST", "/api/v1/organizations", body).path("id").asText();
    }

    /** Records every vetting item of {@code user} in {@code organization}. */
    public void vet(String organization, String user) {
        ObjectNode body = json.createObjectNode().put("name", "Corpus Member");
        ObjectNode items = body.putObject("items");
        for (String item : List.of("PRE_JOB_TRAINING", "REAL_NAME_AUTHENTICATION", "FILING_AND_VETTING",
                "CONFIDENTIALITY_AGREEMENT")) {
            items.putObject(item).put("completedOn", LocalDate.now().minusDays(1).toString()).put("evidence", "corpus");
        }
        ok(MEMBER, "PUT", "/api/v1/organizations/" + organization + "/personnel/" + user, body);
    }

    /** Waits until the workspace is provisioned (has a database); its JSON. */
    public JsonNode awaitWorkspace(String workspaceId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            Answer answer = call(MEMBER, "GET", "/api/v1/workspaces/" + workspaceId, null);
            last = answer.body();
            if (answer.ok() && !last.path("database").asText("").isEmpty() && last.path("provisionedAt").isTextual()) {
                return last;
            }
            ControllerProcess.sleep(250);
        }
        throw new IllegalStateException("workspace " + workspaceId + " was not provisioned: " + last);
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

    // ------------------------------------------------------------------------------------------- jobs

    /** Submits a one-step (or more) batch job as {@code user} and waits until it is final; the job's JSON. */
    public JsonNode runJob(String user, String workspaceId, String name, String... steps) {
        ObjectNode spec = json.createObjectNode().put("name", name);
        ArrayNode array = spec.putArray("steps");
        for (String step : steps) {
            array.addObject().put("sql", step);
        }
        String id = ok(user, "POST", "/api/v1/workspaces/" + workspaceId + "/jobs", spec).path("id").asText();
        return awaitJob(user, id);
    }

    /** Polls a job until it left QUEUED/RUNNING. */
    public JsonNode awaitJob(String user, String jobId) {
        long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode job = ok(user, "GET", "/api/v1/jobs/" + jobId, null);
            if (!Set.of("QUEUED", "RUNNING").contains(job.path("state").asText())) {
                return job;
            }
            ControllerProcess.sleep(300);
        }
        throw new IllegalStateException("job " + jobId + " did not finish within " + JOB_TIMEOUT);
    }

    /** The first rows of a workspace table (the preview: same cap and masks as everywhere). */
    public JsonNode preview(String user, String workspaceId, String table, int limit) {
        return ok(user, "GET", "/api/v1/workspaces/" + workspaceId + "/tables/" + table + "/preview?limit=" + limit,
                null);
    }
}
