package org.shuyu.controller.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.support.Api;
import org.shuyu.controller.support.Jobs;
import org.shuyu.controller.support.LifecycleFixture;
import org.shuyu.controller.support.MutableClock;
import org.shuyu.controller.support.PlatformTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * GET /api/v1/workspaces/{id}/tables (issue 18, the console's tables page): the committed tables of the workspace's
 * database with the columns Spark wrote into their Parquet footers; half-written directories are not tables; only
 * those who may work in the workspace (the preview's gate) may list them.
 */
@PlatformTest
@Tag("R-19a")
class WorkspaceTablesTest {
    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MutableClock clock;
    @Autowired
    WorkspaceService workspaces;

    @Test
    void listsCommittedTablesWithTheirSparkSchemaToMembersOnly() throws Exception {
        Api api = new Api(port);
        LifecycleFixture fx = new LifecycleFixture(api, jdbc, clock);
        String grant = fx.activeGrant("tables " + fx.unique("s"));

        // Before the workspace holds anything: an empty list, not a refusal.
        Api.Response empty = api.get("engineer", "/api/v1/workspaces/" + grant + "/tables");
        assertThat(empty.status()).as(empty.toString()).isEqualTo(200);

        Api.Response provision = api.post("engineer", "/api/v1/workspaces/" + grant + "/jobs", Jobs.spec("provision", "SELECT 1"));
        assertThat(provision.status()).as(provision.toString()).isEqualTo(202);
        api.delete("engineer", "/api/v1/jobs/" + provision.json().path("id").asString());
        String database = api.get("engineer", "/api/v1/workspaces/" + grant).json().path("database").asString();
        Path databaseDir = workspaces.layout(grant).warehouse().resolve(database + ".db");

        Path committed = Files.createDirectories(databaseDir.resolve("by_employer"));
        Files.write(committed.resolve("part-00000-abc.snappy.parquet"), parquet("""
                {"type":"struct","fields":[{"name":"employer_uscc","type":"string","nullable":true,"metadata":{}},\
                {"name":"total","type":"decimal(20,2)","nullable":false,"metadata":{}},\
                {"name":"months","type":{"type":"array","elementType":"integer","containsNull":true},"nullable":true,"metadata":{}}]}"""));
        Files.writeString(committed.resolve("_SUCCESS"), "");
        Path halfWritten = Files.createDirectories(databaseDir.resolve("killed_midway"));
        Files.write(halfWritten.resolve("part-00000-def.snappy.parquet"), parquet("{\"type\":\"struct\",\"fields\":[]}"));

        Api.Response list = api.get("engineer", "/api/v1/workspaces/" + grant + "/tables");
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        JsonNode tables = list.json();
        assertThat(tables.size()).as(list.toString()).isEqualTo(1);
        JsonNode table = tables.get(0);
        assertThat(table.path("name").asString()).isEqualTo("by_employer");
        assertThat(table.path("database").asString()).isEqualTo(database);
        assertThat(table.path("quarantined").asBoolean()).isFalse();
        assertThat(table.path("bytes").asLong()).isPositive();
        JsonNode columns = table.path("columns");
        assertThat(columns.size()).isEqualTo(3);
        assertThat(columns.get(0).path("name").asString()).isEqualTo("employer_uscc");
        assertThat(columns.get(0).path("type").asString()).isEqualTo("string");
        assertThat(columns.get(1).path("type").asString()).isEqualTo("decimal(20,2)");
        assertThat(columns.get(1).path("nullable").asBoolean()).isFalse();
        assertThat(columns.get(2).path("type").asString()).isEqualTo("array<integer>");
        assertThat(list.text()).doesNotContain("killed_midway");

        // Not a member: the workspace does not exist for them; a supervisor reads workspaces but does not work in them.
        assertThat(api.get("engineer2", "/api/v1/workspaces/" + grant + "/tables").status()).isEqualTo(404);
        Api.Response security = api.get("security", "/api/v1/workspaces/" + grant + "/tables");
        assertThat(security.status()).as(security.toString()).isIn(403, 404);
    }

    /** A file shaped like Spark's Parquet output: data, then a footer holding the Spark row type, its length, PAR1. */
    private static byte[] parquet(String sparkSchema) {
        ByteArrayOutputStream footer = new ByteArrayOutputStream();
        footer.write(0x19); // list header of FileMetaData's key_value_metadata (approximate; only the entry matters)
        byte[] key = "org.apache.spark.sql.parquet.row.metadata".getBytes(StandardCharsets.US_ASCII);
        footer.write(0x18);
        varint(footer, key.length);
        footer.writeBytes(key);
        byte[] value = sparkSchema.getBytes(StandardCharsets.UTF_8);
        footer.write(0x18);
        varint(footer, value.length);
        footer.writeBytes(value);
        footer.write(0);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes("PAR1".getBytes(StandardCharsets.US_ASCII));
        file.writeBytes("rows that are never read".getBytes(StandardCharsets.US_ASCII));
        file.writeBytes(footer.toByteArray());
        file.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(footer.size()).array());
        file.writeBytes("PAR1".getBytes(StandardCharsets.US_ASCII));
        return file.toByteArray();
    }

    private static void varint(ByteArrayOutputStream out, int value) {
        while ((value & ~0x7f) != 0) {
            out.write((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        out.write(value);
    }
}
