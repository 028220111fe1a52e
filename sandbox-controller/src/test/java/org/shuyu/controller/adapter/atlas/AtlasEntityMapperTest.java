package org.shuyu.controller.adapter.atlas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.shuyu.lineage.ColumnRef;
import org.shuyu.lineage.LineageEvent;
import org.shuyu.lineage.LineageProcess;

/** The mapping, sent to the fake Atlas (which checks it against the base model and our type definitions). */
@Tag("R-24c")
class AtlasEntityMapperTest {
    private final AtlasNames names = new AtlasNames("shuyu");
    private FakeAtlas atlas;
    private AtlasClient client;

    @BeforeEach
    void start() throws IOException {
        atlas = new FakeAtlas();
        client = new AtlasClient(atlas.uri(), Optional.empty(), Duration.ofSeconds(10));
        assertThat(client.createTypes(AtlasTypeSystem.JSON.writeValueAsString(AtlasDeliverer.typeDefinitions())).status()).isEqualTo(200);
    }

    @AfterEach
    void stop() {
        atlas.close();
    }

    private void sendAll(List<AtlasRequest> requests) throws IOException {
        for (AtlasRequest request : requests) {
            AtlasClient.Response response = client.send(request);
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
        }
    }

    @Test
    void qualifiedNamesFollowOneScheme() {
        LineageProcess process = LineageSamples.process("job-7f3c", 2);
        assertThat(names.process(process)).isEqualTo("job-7f3c#2@shuyu");
        assertThat(names.dataset("ws_12.features")).isEqualTo("ws_12.features@shuyu");
        assertThat(names.column(new ColumnRef("ws_12.features", "total"))).isEqualTo("ws_12.features.total@shuyu");
        assertThat(names.columnLineage(process, new ColumnRef("ws_12.features", "total")))
                .isEqualTo("job-7f3c#2@shuyu:ws_12.features.total");
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 2, 3, 7})
    void aStatementBecomesDatasetsColumnsTheProcessAndColumnLineageInAnyRequestSize(int maxEntities) throws IOException {
        AtlasEntityMapper mapper = new AtlasEntityMapper(names, maxEntities);
        LineageProcess process = LineageSamples.process("job-1", 1);
        List<AtlasRequest> requests = mapper.started(process, LineageSamples.start("job-1", 1));
        assertThat(requests).allMatch(r -> r.kind() == AtlasRequest.Kind.ENTITIES && r.subject().equals("job-1#1@shuyu"));
        // 3 datasets, 3 + 2 + 3 columns, the process, 3 column lineages.
        assertThat(requests).hasSize((int) Math.ceil(15.0 / maxEntities));
        sendAll(requests);

        assertThat(atlas.count(AtlasNames.DATASET)).isEqualTo(3);
        assertThat(atlas.count(AtlasNames.COLUMN)).isEqualTo(8);
        assertThat(atlas.count(AtlasNames.PROCESS)).isEqualTo(1);
        assertThat(atlas.count(AtlasNames.COLUMN_LINEAGE)).isEqualTo(3);
        FakeAtlas.Stored output = atlas.entity(AtlasNames.DATASET, "ws_ws_12.features@shuyu").orElseThrow();
        assertThat(output.attributes()).containsEntry("kind", "TABLE").containsEntry("workspace", "ws-12")
                .containsEntry("database", "ws_ws_12").containsEntry("quarantined", false).containsEntry("lastWriteMode", "CREATE");
        FakeAtlas.Stored source = atlas.entity(AtlasNames.DATASET, "census.persons@shuyu").orElseThrow();
        assertThat(source.attributes()).containsEntry("kind", "SOURCE").doesNotContainKeys("workspace", "quarantined");
        FakeAtlas.Stored column = atlas.entity(AtlasNames.COLUMN, "ws_ws_12.features.total@shuyu").orElseThrow();
        assertThat(column.relationshipAttributes().get("dataset")).asString().contains("ws_ws_12.features@shuyu");

        FakeAtlas.Stored stored = atlas.entity(AtlasNames.PROCESS, "job-1#1@shuyu").orElseThrow();
        assertThat(stored.attributes()).containsEntry("jobId", "job-1").containsEntry("step", 1).containsEntry("workspace", "ws-12")
                .containsEntry("grant", "grant-3").containsEntry("organization", "org-1").containsEntry("user", "engineer")
                .containsEntry("state", "RUNNING").containsEntry("statement", "CREATE_TABLE_AS_SELECT")
                .containsEntry("startTime", LineageSamples.STARTED.toEpochMilli());
        assertThat(stored.attributes().get("inputs")).asString().contains("census.persons@shuyu", "ws_ws_12.lookup@shuyu");
        assertThat(stored.attributes().get("outputs")).asString().contains("ws_ws_12.features@shuyu");

        FakeAtlas.Stored total = atlas.entity(AtlasNames.COLUMN_LINEAGE, "job-1#1@shuyu:ws_ws_12.features.total").orElseThrow();
        assertThat(total.attributes()).containsEntry("dependencyType", "AGGREGATION").containsEntry("direct", true)
                .containsEntry("kinds", Map.of("census.persons.income@shuyu", "AGGREGATION", "census.persons.district@shuyu", "GROUP_BY",
                        "ws_ws_12.lookup.district@shuyu", "JOIN"));
        assertThat(total.attributes().get("outputs")).asString().contains("ws_ws_12.features.total@shuyu");
        // one input by two kinds (a grouped key): both kinds, not the strongest only (issue 19)
        FakeAtlas.Stored region = atlas.entity(AtlasNames.COLUMN_LINEAGE, "job-1#1@shuyu:ws_ws_12.features.region")
                .orElseThrow();
        assertThat(region.attributes()).containsEntry("dependencyType", "IDENTITY")
                .containsEntry("kinds", Map.of("ws_ws_12.lookup.region@shuyu", "IDENTITY,GROUP_BY"));
        assertThat(total.relationshipAttributes().get("query")).asString().contains("job-1#1@shuyu");
    }

    @Test
    void theEndIsAPartialUpdateOfTheProcess() throws IOException {
        AtlasEntityMapper mapper = new AtlasEntityMapper(names, 500);
        LineageProcess process = LineageSamples.process("job-2", 3);
        sendAll(mapper.started(process, LineageSamples.start("job-2", 3)));
        Instant end = LineageSamples.STARTED.plusSeconds(42);
        AtlasRequest ended = mapper.ended(process.ended(end, LineageProcess.State.COMPLETED));
        assertThat(ended.kind()).isEqualTo(AtlasRequest.Kind.PROCESS_UPDATE);
        sendAll(List.of(ended));
        assertThat(atlas.entity(AtlasNames.PROCESS, "job-2#3@shuyu").orElseThrow().attributes())
                .containsEntry("state", "COMPLETED").containsEntry("endTime", end.toEpochMilli()).containsEntry("jobId", "job-2");
        assertThat(atlas.applied().get(atlas.applied().size() - 1).path())
                .isEqualTo("/api/atlas/v2/entity/uniqueAttribute/type/shuyu_process?attr:qualifiedName=job-2%233%40shuyu");
    }

    @Test
    void aFailedProcessQuarantinesItsOutputs() throws IOException {
        AtlasEntityMapper mapper = new AtlasEntityMapper(names, 500);
        LineageProcess process = LineageSamples.process("job-3", 1);
        LineageEvent start = LineageSamples.start("job-3", 1);
        sendAll(mapper.started(process, start));
        LineageProcess failed = process.ended(LineageSamples.STARTED.plusSeconds(5), LineageProcess.State.FAILED);
        sendAll(List.of(mapper.ended(failed)));
        sendAll(mapper.quarantined(failed, AtlasEntityMapper.outputsOf(start)));
        assertThat(atlas.entity(AtlasNames.DATASET, "ws_ws_12.features@shuyu").orElseThrow().attributes())
                .containsEntry("quarantined", true).containsEntry("lastWrittenBy", "job-3#1@shuyu");
        assertThat(atlas.entity(AtlasNames.PROCESS, "job-3#1@shuyu").orElseThrow().attributes()).containsEntry("state", "FAILED");
    }

    @Test
    void sendingTheSameStatementAgainUpdatesInsteadOfDuplicating() throws IOException {
        AtlasEntityMapper mapper = new AtlasEntityMapper(names, 4);
        List<AtlasRequest> requests = mapper.started(LineageSamples.process("job-4", 1), LineageSamples.start("job-4", 1));
        sendAll(requests);
        long entities = atlas.entities().size();
        sendAll(requests);
        assertThat(atlas.entities()).hasSize((int) entities);
    }

    @Test
    void theFakeRefusesWhatAtlasRefuses() throws IOException {
        // A reference by qualifiedName to an entity of the same request does not resolve in Atlas (UniqAttrBasedEntityResolver
        // looks in the graph only): 404.
        String sameRequest = """
                {"entities":[
                 {"typeName":"shuyu_dataset","attributes":{"qualifiedName":"a.b@shuyu","name":"a.b","database":"a","kind":"SOURCE"}},
                 {"typeName":"shuyu_column","attributes":{"qualifiedName":"a.b.c@shuyu","name":"c"},
                  "relationshipAttributes":{"dataset":{"typeName":"shuyu_dataset","uniqueAttributes":{"qualifiedName":"a.b@shuyu"}}}}]}""";
        assertThat(client.send(new AtlasRequest(AtlasRequest.Kind.ENTITIES, "x", sameRequest)).status()).isEqualTo(404);
        String unknownAttribute = """
                {"entities":[{"typeName":"shuyu_dataset","attributes":{"qualifiedName":"a.b@shuyu","name":"a.b","database":"a","kind":"SOURCE","color":"red"}}]}""";
        assertThat(client.send(new AtlasRequest(AtlasRequest.Kind.ENTITIES, "x", unknownAttribute)).status()).isEqualTo(400);
        String noQualifiedName = """
                {"entities":[{"typeName":"shuyu_dataset","attributes":{"name":"a.b","database":"a","kind":"SOURCE"}}]}""";
        assertThat(client.send(new AtlasRequest(AtlasRequest.Kind.ENTITIES, "x", noQualifiedName)).status()).isEqualTo(400);
        String missingRequired = """
                {"entities":[{"typeName":"shuyu_dataset","attributes":{"qualifiedName":"a.b@shuyu","name":"a.b"}}]}""";
        assertThat(client.send(new AtlasRequest(AtlasRequest.Kind.ENTITIES, "x", missingRequired)).status()).isEqualTo(400);
        String unknownType = """
                {"entities":[{"typeName":"shuyu_nothing","attributes":{"qualifiedName":"a.b@shuyu"}}]}""";
        assertThat(client.send(new AtlasRequest(AtlasRequest.Kind.ENTITIES, "x", unknownType)).status()).isEqualTo(404);
        String columnWithoutDataset = """
                {"entities":[{"typeName":"shuyu_column","attributes":{"qualifiedName":"a.b.c@shuyu","name":"c"}}]}""";
        assertThat(client.send(new AtlasRequest(AtlasRequest.Kind.ENTITIES, "x", columnWithoutDataset)).status()).isEqualTo(400);
        AtlasRequest updateOfNothing = new AtlasEntityMapper(names, 500).ended(LineageSamples.process("job-none", 1));
        assertThat(client.send(updateOfNothing).status()).isEqualTo(404);
        assertThat(atlas.entities()).isEmpty();
    }
}
