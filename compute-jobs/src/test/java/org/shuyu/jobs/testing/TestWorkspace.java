package org.shuyu.jobs.testing;

import static org.shuyu.policy.Classification.BUSINESS;
import static org.shuyu.policy.Classification.CONTACT;
import static org.shuyu.policy.Classification.DIRECT_IDENTIFIER;
import static org.shuyu.policy.Classification.FINANCIAL;
import static org.shuyu.policy.Classification.PUBLIC;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.shuyu.policy.ColumnSpec;
import org.shuyu.policy.DatasetSpec;
import org.shuyu.policy.PolicyCompiler;
import org.shuyu.policy.PolicyState;
import org.shuyu.policy.WorkspaceSpec;

/**
 * A workspace on disk with its sources and the platform state its policies are compiled from:
 * <ul>
 *   <li>{@code registry.enterprises} (granted; legal_representative hashed, phone partial);</li>
 *   <li>{@code social.contributions} (granted, person-level: only P1 and P3 consented; person_id hashed,
 *       person_name nulled, phone partial);</li>
 *   <li>{@code police.household_registry} (granted but prohibited) and {@code census.people} (not granted).</li>
 * </ul>
 */
public final class TestWorkspace implements AutoCloseable {
    public static final String USER = "engineer";
    public static final String TOKEN = "test-runtime-token-4711";
    public static final String SALT = "test-salt-9f2c";
    public static final String WORKSPACE_ID = "grant-ab12";
    public static final String DATABASE = "ws_grant_ab12";
    public static final String SERVICE = PolicyCompiler.serviceName(WORKSPACE_ID);

    public static final DatasetSpec ENTERPRISES = new DatasetSpec("registry.enterprises", false, Optional.empty(),
            List.of(new ColumnSpec("uscc", PUBLIC, 1), new ColumnSpec("name", PUBLIC, 1),
                    new ColumnSpec("legal_representative", DIRECT_IDENTIFIER, 3),
                    new ColumnSpec("phone", CONTACT, 3), new ColumnSpec("registered_capital", FINANCIAL, 2)));
    public static final DatasetSpec CONTRIBUTIONS = new DatasetSpec("social.contributions", false,
            Optional.of("person_id"), List.of(new ColumnSpec("person_id", DIRECT_IDENTIFIER, 3),
                    new ColumnSpec("person_name", DIRECT_IDENTIFIER, 4), new ColumnSpec("employer_uscc", PUBLIC, 1),
                    new ColumnSpec("contribution_base", FINANCIAL, 2), new ColumnSpec("phone", CONTACT, 3)));
    public static final DatasetSpec HOUSEHOLDS = new DatasetSpec("police.household_registry", true,
            Optional.of("person_id"), List.of(new ColumnSpec("person_id", DIRECT_IDENTIFIER, 4),
                    new ColumnSpec("address", CONTACT, 4)));
    public static final DatasetSpec PEOPLE = new DatasetSpec("census.people", false, Optional.empty(),
            List.of(new ColumnSpec("person_id", DIRECT_IDENTIFIER, 3), new ColumnSpec("city", BUSINESS, 1)));

    private final Path root;
    private final PolicyServer server;

    public TestWorkspace() throws IOException {
        root = Files.createTempDirectory("shuyu-jobs-test");
        Files.createDirectories(filesDir());
        Files.createDirectories(warehouseDir());
        write("registry/enterprises/part-0.csv", """
                uscc,name,legal_representative,phone,registered_capital
                U001,Alpha Ltd,Zhang San,13800001111,1000.00
                U002,Beta Ltd,Li Si,13900002222,2000.00
                U003,Gamma Ltd,Wang Wu,13700003333,3000.00
                """);
        write("social/contributions/part-0.csv", """
                person_id,person_name,employer_uscc,contribution_base,phone
                P1,Chen Yi,U001,5000.00,13611110001
                P2,Chen Er,U001,6000.00,13611110002
                P3,Chen San,U002,7000.00,13611110003
                P4,Chen Si,U003,8000.00,13611110004
                """);
        write("police/household_registry/part-0.csv", """
                person_id,address
                P1,No. 1 Harbour Road
                """);
        write("census/people/part-0.csv", """
                person_id,city
                P1,Ningbo
                """);
        server = new PolicyServer(TOKEN);
        server.publish(state(true, Set.of("P1", "P3")));
    }

    /** The platform state: the workspace active or not, and who consented to social.contributions. */
    public PolicyState state(boolean active, Set<String> consenting) {
        WorkspaceSpec workspace = new WorkspaceSpec(WORKSPACE_ID, DATABASE, workspaceDir().toString(), active,
                Set.of(USER), Set.of(ENTERPRISES.id(), CONTRIBUTIONS.id(), HOUSEHOLDS.id()));
        WorkspaceSpec other = new WorkspaceSpec("grant-zz99", "ws_grant_zz99", root.resolve("other").toString(),
                true, Set.of("someone-else"), Set.of(PEOPLE.id()));
        return new PolicyState(List.of(ENTERPRISES, CONTRIBUTIONS, HOUSEHOLDS, PEOPLE), List.of(workspace, other),
                Map.of(CONTRIBUTIONS.id(), consenting));
    }

    public PolicyServer server() {
        return server;
    }

    public Path root() {
        return root;
    }

    public Path workspaceDir() {
        return root.resolve("workspace");
    }

    public Path filesDir() {
        return workspaceDir().resolve("files");
    }

    public Path warehouseDir() {
        return workspaceDir().resolve("warehouse");
    }

    public Path sourceDir(String id) {
        return root.resolve("sources").resolve(id.replace('.', '/'));
    }

    /** The runtime configuration JSON of a JOB (or a PREVIEW when {@code previewTable} is given). */
    public String config(String jobId, List<String> steps, Optional<String> previewTable, Path outputDir) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode json = mapper.createObjectNode();
        json.put("jobId", jobId);
        json.put("kind", previewTable.isPresent() ? "PREVIEW" : "JOB");
        json.put("user", USER);
        json.put("workspaceId", WORKSPACE_ID);
        json.put("serviceName", SERVICE);
        json.put("workspaceDatabase", DATABASE);
        json.put("workspaceDir", workspaceDir().toString());
        json.put("warehouseDir", warehouseDir().toString());
        json.put("filesDir", filesDir().toString());
        json.put("policyUrl", server.url().toString());
        json.put("policyPollMillis", 200);
        json.put("policyMaxStalenessMillis", 3000);
        ArrayNode sources = json.putArray("sources");
        source(sources, ENTERPRISES.id(), "uscc STRING, name STRING, legal_representative STRING, phone STRING, "
                + "registered_capital DECIMAL(18,2)");
        source(sources, CONTRIBUTIONS.id(), "person_id STRING, person_name STRING, employer_uscc STRING, "
                + "contribution_base DECIMAL(18,2), phone STRING");
        source(sources, HOUSEHOLDS.id(), "person_id STRING, address STRING");
        source(sources, PEOPLE.id(), "person_id STRING, city STRING");
        source(sources, "empty.nothing", "a STRING, b INT"); // a location that does not exist yet
        ArrayNode stepArray = json.putArray("steps");
        steps.forEach(stepArray::add);
        previewTable.ifPresent(t -> json.putObject("preview").put("table", t).put("limit", 20));
        json.put("outputDir", outputDir.toString());
        return json.toPrettyString();
    }

    private void source(ArrayNode sources, String id, String schema) {
        sources.addObject().put("id", id).put("format", "csv").put("location", sourceDir(id).toString())
                .put("schema", schema);
    }

    /** Replaces the files of source {@code id} (e.g. with sentinel values) before a session is built. */
    public void replaceSource(String id, String csv) throws IOException {
        write(id.replace('.', '/') + "/part-0.csv", csv);
    }

    private void write(String relative, String content) throws IOException {
        Path file = root.resolve("sources").resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    /** sha2(salt || value, 256) in hex, as MASK_HASH must produce. */
    public static String hash(String value) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest((SALT + value).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
