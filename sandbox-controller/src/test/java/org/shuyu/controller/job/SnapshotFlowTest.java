package org.shuyu.controller.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.shuyu.controller.support.Jobs.spec;
import static org.shuyu.controller.support.LifecycleFixture.ok;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.shuyu.controller.adapter.arrow.ArrowSnapshotStore;
import org.shuyu.controller.demo.DemoData;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.Jurisdiction;
import org.shuyu.controller.identity.Role;
import org.shuyu.controller.product.SnapshotStore;
import org.shuyu.controller.support.Api;
import org.shuyu.controller.support.Jobs;
import org.shuyu.controller.support.LifecycleFixture;
import org.shuyu.controller.support.MutableClock;
import org.shuyu.controller.support.PlatformTest;
import org.shuyu.controller.workspace.WorkspaceProvisioner;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * End to end (issue 6): a job aggregates two granted datasets into a workspace table; a SNAPSHOT run freezes it, in its
 * own JVM with the real runtime and the workspace's enforcement, into an Arrow IPC file moved to the product's place;
 * the snapshot store reads back exactly what the table holds. A table over the bound and a non-member get no snapshot.
 */
@PlatformTest
@Tag("R-19b")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SnapshotFlowTest {
    private static final String TABLE = "employer_totals";
    /** The runtime's session time zone (LocalJobLauncher's -Duser.timezone). */
    private static final ZoneId RUNTIME_ZONE = ZoneId.of("Asia/Shanghai");
    private static final Actor ENGINEER = new Actor("engineer", "Zhang Wei (engineer, Haixin Data)", Set.of(Role.ENGINEER),
            Optional.of(Jurisdiction.MUNICIPAL));
    private static final Actor STRANGER = new Actor("engineer2", "Sun Yu (engineer, Yongjiang Analytics)", Set.of(Role.ENGINEER),
            Optional.of(new Jurisdiction("330212")));

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MutableClock clock;
    @Autowired
    TableRuns jobs;
    @Autowired
    ArrowSnapshotStore snapshots;
    @Autowired
    WorkspaceProvisioner provisioner;

    Api api;
    LifecycleFixture fx;
    String grant;
    Path products;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        fx = new LifecycleFixture(api, jdbc, clock);
    }

    @BeforeAll
    void grantWithAnAggregatedTable() throws Exception {
        setUp();
        products = Files.createTempDirectory("shuyu-products");
        grant = fx.activeGrant("employer contribution product " + fx.unique("s"), List.of("social.contributions", "registry.enterprises"));
        JsonNode job = Jobs.await(api, "engineer", Jobs.submit(api, "engineer", grant, spec("employer-totals",
                "CREATE TABLE " + TABLE + " AS SELECT c.employer_uscc, e.name AS employer, e.established_on, count(*) AS months,"
                        + " sum(c.amount) AS total, CAST(avg(c.amount) AS DOUBLE) AS mean, count(*) >= 6 AS full_year,"
                        + " max(CAST(concat(c.month, '-01') AS TIMESTAMP)) AS last_month"
                        + " FROM social.contributions c JOIN registry.enterprises e ON c.employer_uscc = e.uscc"
                        + " GROUP BY c.employer_uscc, e.name, e.established_on")));
        assertThat(job.path("state").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
    }

    @AfterAll
    void removeProducts() throws Exception {
        try (var files = Files.walk(products)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** The table as the preview shows it (strings), by employer USCC. */
    private Map<String, Map<String, String>> previewByEmployer() {
        Api.Response response = api.getSlow("engineer", "/api/v1/workspaces/" + grant + "/tables/" + TABLE + "/preview?limit=100");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode result = response.json().path("result");
        List<String> names = new ArrayList<>();
        result.path("columns").forEach(c -> names.add(c.path("name").asString()));
        Map<String, Map<String, String>> rows = new HashMap<>();
        for (JsonNode row : result.path("rows")) {
            Map<String, String> map = new HashMap<>();
            for (int i = 0; i < names.size(); i++) {
                map.put(names.get(i), row.get(i).isNull() ? null : row.get(i).asString());
            }
            rows.put(map.get("employer_uscc"), map);
        }
        return rows;
    }

    private Set<String> consentingEmployers() {
        Set<String> employers = new HashSet<>();
        for (int p = 0; p < DemoData.PERSONS; p++) {
            if (DemoData.consented(p)) {
                employers.add(DemoData.uscc(p % DemoData.ENTERPRISES));
            }
        }
        return employers;
    }

    private List<String> actions(String jobId) {
        return jdbc.sql("SELECT action FROM audit_log WHERE subject_type = 'job' AND subject_id = ? ORDER BY seq").param(jobId)
                .query(String.class).list();
    }

    @Test
    @Order(1)
    void aSnapshotFreezesTheTableAsTheWorkspaceSeesItIntoAnArrowFileAtTheTarget() throws Exception {
        Path target = products.resolve("p-1/v1/snapshot.arrow");

        TableRuns.Snapshot snapshot = jobs.snapshot(ENGINEER, grant, TABLE, 1000, target);

        Set<String> employers = consentingEmployers();
        assertThat(snapshot.jobId()).startsWith("snapshot");
        assertThat(snapshot.file()).isEqualTo(target).isRegularFile();
        assertThat(snapshot.rows()).isEqualTo(employers.size());
        assertThat(snapshot.bytes()).isEqualTo(Files.size(target));
        assertThat(provisioner.layout(grant).jobs().resolve(snapshot.jobId()).resolve("snapshot.arrow")).as("moved, not copied")
                .doesNotExist();

        SnapshotStore.SnapshotInfo info = snapshots.describe(target);
        assertThat(info.columns()).extracting(c -> c.name() + " " + c.type()).containsExactly("employer_uscc Utf8", "employer Utf8",
                "established_on Date(DAY)", "months Int(64, true)", "total Decimal(22, 2, 128)", "mean FloatingPoint(DOUBLE)",
                "full_year Bool", "last_month Timestamp(MICROSECOND, UTC)");
        assertThat(info.rows()).isEqualTo(snapshot.rows());
        assertThat(info.bytes()).isEqualTo(snapshot.bytes());
        assertThat(info.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(target))));

        List<String> columns = List.of("employer_uscc", "employer", "established_on", "months", "total", "mean", "full_year", "last_month");
        List<List<Object>> rows = new ArrayList<>();
        snapshots.scan(target, columns, rows::add);
        Map<String, Map<String, String>> table = previewByEmployer();
        assertThat(table.keySet()).isEqualTo(employers);
        assertThat(rows).hasSize(employers.size());
        for (List<Object> row : rows) {
            Map<String, String> expected = table.get((String) row.get(0));
            assertThat(expected).as("row of %s", row.get(0)).isNotNull();
            assertThat(row.get(1)).isEqualTo(expected.get("employer")).asString().startsWith("Ningbo Demo Enterprise");
            assertThat(row.get(2)).isEqualTo(LocalDate.parse(expected.get("established_on")));
            assertThat(row.get(3)).isEqualTo(6L).isEqualTo(Long.parseLong(expected.get("months")));
            assertThat(row.get(4)).isEqualTo(new BigDecimal(expected.get("total")));
            assertThat((Double) row.get(5)).isCloseTo(Double.parseDouble(expected.get("mean")), org.assertj.core.data.Offset.offset(1e-9));
            assertThat(row.get(6)).isEqualTo(true).isEqualTo(Boolean.parseBoolean(expected.get("full_year")));
            assertThat(row.get(7)).isEqualTo(LocalDateTime.parse(expected.get("last_month").replace(' ', 'T')).atZone(RUNTIME_ZONE).toInstant());
            assertThat((Instant) row.get(7)).isAfter(Instant.parse("2000-01-01T00:00:00Z"));
        }

        JsonNode job = ok(api.get("engineer", "/api/v1/jobs/" + snapshot.jobId())).json();
        assertThat(job.path("kind").asString()).isEqualTo("SNAPSHOT");
        assertThat(job.path("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(actions(snapshot.jobId())).containsExactly("workspace.snapshot-request", "workspace.snapshot.succeeded");
    }

    @Test
    @Order(2)
    void aTableOverTheBoundIsNotFrozenAndTheFailureNamesTheJobAndTheReason() {
        Path target = products.resolve("p-2/snapshot.arrow");

        SandboxException e = catchThrowableOfType(SandboxException.class, () -> jobs.snapshot(ENGINEER, grant, TABLE, 10, target));

        assertThat(e.code()).isEqualTo(ErrorCode.SNAPSHOT_FAILED);
        assertThat(e.getMessage()).contains("SNAPSHOT_TOO_LARGE", "at most 10 rows", TABLE).containsPattern("snapshot[-0-9a-z]+ of table");
        assertThat(target).doesNotExist();
        assertThat(target.getParent()).doesNotExist();
        String jobId = jdbc.sql("SELECT id FROM jobs WHERE workspace_id = ? AND kind = 'SNAPSHOT' AND state = 'FAILED'")
                .param(grant).query(String.class).single();
        assertThat(e.getMessage()).contains(jobId);
        assertThat(provisioner.layout(grant).jobs().resolve(jobId).resolve("snapshot.arrow")).doesNotExist();
        assertThat(actions(jobId)).containsExactly("workspace.snapshot-request", "workspace.snapshot.failed");
    }

    @Test
    @Order(3)
    void aNonMemberGetsNoSnapshotAndNoJob() {
        Path target = products.resolve("p-3/snapshot.arrow");
        long before = jdbc.sql("SELECT COUNT(*) FROM jobs WHERE workspace_id = ?").param(grant).query(Long.class).single();

        SandboxException e = catchThrowableOfType(SandboxException.class, () -> jobs.snapshot(STRANGER, grant, TABLE, 1000, target));

        assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(target).doesNotExist();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM jobs WHERE workspace_id = ?").param(grant).query(Long.class).single()).isEqualTo(before);
    }

    @Test
    @Order(4)
    void badRequestsAreRefusedBeforeAnyJobRuns() throws Exception {
        long before = jdbc.sql("SELECT COUNT(*) FROM jobs WHERE workspace_id = ?").param(grant).query(Long.class).single();
        Path existing = Files.writeString(products.resolve("taken.arrow"), "an approved snapshot");

        assertThat(catchThrowableOfType(SandboxException.class,
                () -> jobs.snapshot(ENGINEER, grant, "Employer; DROP", 10, products.resolve("x.arrow"))).code())
                .isEqualTo(ErrorCode.INVALID_TABLE_NAME);
        assertThat(catchThrowableOfType(SandboxException.class,
                () -> jobs.snapshot(ENGINEER, grant, TABLE, 0, products.resolve("x.arrow"))).code())
                .isEqualTo(ErrorCode.INVALID_REQUEST);
        SandboxException taken = catchThrowableOfType(SandboxException.class, () -> jobs.snapshot(ENGINEER, grant, TABLE, 10, existing));
        assertThat(taken.code()).isEqualTo(ErrorCode.SNAPSHOT_FAILED);
        assertThat(taken.getMessage()).contains("already exists");
        assertThat(existing).hasContent("an approved snapshot");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM jobs WHERE workspace_id = ?").param(grant).query(Long.class).single()).isEqualTo(before);
    }
}
