package org.shuyu.controller.adapter.openlineage;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The official OpenLineage JSON Schemas (src/test/resources/openlineage, copied from the spec) and the platform's
 * facet schema (docs/openlineage/ShuyuFacets.json), resolved by their {@code $id}s from local files, with format
 * assertions on (uri, uuid, date-time). {@link #problems} validates an event as a RunEvent and every facet in it
 * against the schema its {@code _schemaURL} names; a facet whose schema is not known here is a problem too.
 */
final class OpenLineageSchemas {
    static final String SHUYU_FACETS_ID = "https://github.com/shuyu-platform/shuyu/blob/main/docs/openlineage/ShuyuFacets.json";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Map<String, String> FILES = Map.of(
            "https://openlineage.io/spec/2-0-2/OpenLineage.json", "OpenLineage.json",
            "https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json", "facets/ColumnLineageDatasetFacet.json",
            "https://openlineage.io/spec/facets/1-2-0/SchemaDatasetFacet.json", "facets/SchemaDatasetFacet.json",
            "https://openlineage.io/spec/facets/2-0-4/JobTypeJobFacet.json", "facets/JobTypeJobFacet.json",
            "https://openlineage.io/spec/facets/1-0-1/ErrorMessageRunFacet.json", "facets/ErrorMessageRunFacet.json",
            "https://openlineage.io/spec/facets/1-0-1/LifecycleStateChangeDatasetFacet.json",
            "facets/LifecycleStateChangeDatasetFacet.json");
    private final SchemaRegistry registry;
    private final Map<String, Schema> cache = new LinkedHashMap<>();

    OpenLineageSchemas() {
        Map<String, String> schemas = new LinkedHashMap<>();
        FILES.forEach((id, file) -> schemas.put(id, resource("/openlineage/" + file)));
        try {
            schemas.put(SHUYU_FACETS_ID, Files.readString(Path.of("../docs/openlineage/ShuyuFacets.json")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, b -> b.schemas(schemas)
                .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    }

    private static String resource(String name) {
        try (InputStream in = OpenLineageSchemas.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Schema schema(String url) {
        return cache.computeIfAbsent(url, u -> registry.getSchema(SchemaLocation.of(u)));
    }

    /** Everything wrong with {@code event}: schema errors of the event and of each facet, unknown facet schemas. */
    List<String> problems(String event) {
        List<String> problems = new ArrayList<>();
        for (Error error : schema(OpenLineageEvents.SPEC).validate(event, InputFormat.JSON)) {
            problems.add("RunEvent: " + error);
        }
        JsonNode node = JSON.readTree(event);
        facets(node.path("run").path("facets"), "run", problems);
        facets(node.path("job").path("facets"), "job", problems);
        for (String side : List.of("inputs", "outputs")) {
            for (JsonNode dataset : node.path(side)) {
                facets(dataset.path("facets"), side + " " + dataset.path("name").asString(), problems);
            }
        }
        return problems;
    }

    private void facets(JsonNode facets, String where, List<String> problems) {
        for (Map.Entry<String, JsonNode> facet : facets.properties()) {
            String url = facet.getValue().path("_schemaURL").asString();
            String id = url.contains("#") ? url.substring(0, url.indexOf('#')) : url;
            if (!FILES.containsKey(id) && !id.equals(SHUYU_FACETS_ID)) {
                problems.add(where + " facet " + facet.getKey() + ": no schema known for " + url);
                continue;
            }
            for (Error error : schema(url).validate(facet.getValue())) {
                problems.add(where + " facet " + facet.getKey() + ": " + error);
            }
        }
    }
}
