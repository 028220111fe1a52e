package org.shuyu.controller.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.support.Api;
import org.shuyu.controller.support.PlatformTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * The spec-diff test of the API contract (issue 17): the served {@code /v3/api-docs} must equal the spec kept in the
 * repository, {@code api/openapi.yaml}, so that every API change is a visible diff of that file. On a difference it
 * fails with a summary of the added, removed and changed operations and schemas and the command that rewrites the
 * file; with {@code -Dshuyu.api.write=true} it writes the served document there instead (canonical form: YAML, keys
 * sorted, lists in the served order).
 */
@PlatformTest
@Tag("api-contract")
class ApiSpecTest {
    static final Path SPEC = Path.of("..", "api", "openapi.yaml");
    static final String REWRITE = "mvn -o -q -B -pl sandbox-controller -am test -Dtest=ApiSpecTest "
            + "-Dsurefire.failIfNoSpecifiedTests=false -Dshuyu.api.write=true";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
            .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
            .build();

    @LocalServerPort
    int port;

    @Test
    void theServedSpecIsTheOneInTheRepository() throws IOException {
        // the first build of the document takes over 30 s (Api's timeout) on a loaded 2-core machine
        Api.Response response = new Api(port).withTokenSlow("GET", "/v3/api-docs", null, null);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode served = canonical(JSON.readTree(response.text()));

        if (Boolean.getBoolean("shuyu.api.write")) {
            Files.writeString(SPEC, write(served), StandardCharsets.UTF_8);
            return;
        }
        assertThat(Files.exists(SPEC)).as(SPEC.toAbsolutePath() + " is missing; write it with:\n  " + REWRITE).isTrue();
        JsonNode kept = canonical(YAML.readTree(Files.readString(SPEC, StandardCharsets.UTF_8)));
        List<String> differences = differences(kept, served);
        if (!differences.isEmpty()) {
            fail("the served API differs from %s (%d differences):%n  %s%nIf the change is intended, rewrite the file"
                    + " with:%n  %s%n", SPEC, differences.size(), String.join("\n  ", differences), REWRITE);
        }
    }

    /** The canonical YAML text of a document: keys sorted at every level, lists kept in order. */
    static String write(JsonNode document) {
        return YAML.writeValueAsString(canonical(document));
    }

    /** A copy with object keys sorted at every level (list order is meaningful in OpenAPI and stays). */
    static JsonNode canonical(JsonNode node) {
        if (node.isObject()) {
            ObjectNode sorted = JsonNodeFactory.instance.objectNode();
            TreeMap<String, JsonNode> fields = new TreeMap<>();
            node.properties().forEach(e -> fields.put(e.getKey(), e.getValue()));
            fields.forEach((k, v) -> sorted.set(k, canonical(v)));
            return sorted;
        }
        if (node.isArray()) {
            ArrayNode list = JsonNodeFactory.instance.arrayNode();
            node.forEach(item -> list.add(canonical(item)));
            return list;
        }
        return node;
    }

    /** Readable differences: operations and schemas added, removed or changed, then any other top-level member. */
    static List<String> differences(JsonNode kept, JsonNode served) {
        List<String> out = new ArrayList<>();
        Map<String, JsonNode> keptOps = operations(kept);
        Map<String, JsonNode> servedOps = operations(served);
        compare("operation", keptOps, servedOps, out);
        compare("schema", members(kept.path("components").path("schemas")),
                members(served.path("components").path("schemas")), out);
        TreeSet<String> top = new TreeSet<>();
        kept.propertyNames().forEach(top::add);
        served.propertyNames().forEach(top::add);
        for (String key : top) {
            JsonNode a = kept.path(key);
            JsonNode b = served.path(key);
            if (key.equals("paths")) {
                continue;
            }
            if (key.equals("components")) {
                a = withoutSchemas(a);
                b = withoutSchemas(b);
            }
            if (!a.equals(b)) {
                out.add("changed " + key + ": " + firstDifference(key, a, b));
            }
        }
        return out;
    }

    private static JsonNode withoutSchemas(JsonNode components) {
        if (!components.isObject()) {
            return components;
        }
        ObjectNode copy = ((ObjectNode) components).deepCopy();
        copy.remove("schemas");
        return copy;
    }

    private static void compare(String kind, Map<String, JsonNode> kept, Map<String, JsonNode> served, List<String> out) {
        TreeSet<String> names = new TreeSet<>(kept.keySet());
        names.addAll(served.keySet());
        for (String name : names) {
            JsonNode a = kept.get(name);
            JsonNode b = served.get(name);
            if (a == null) {
                out.add("added " + kind + " " + name);
            } else if (b == null) {
                out.add("removed " + kind + " " + name);
            } else if (!a.equals(b)) {
                out.add("changed " + kind + " " + name + ": " + firstDifference("", a, b));
            }
        }
    }

    private static Map<String, JsonNode> operations(JsonNode document) {
        Map<String, JsonNode> ops = new TreeMap<>();
        document.path("paths").properties().forEach(path -> path.getValue().properties()
                .forEach(op -> ops.put(op.getKey().toUpperCase() + " " + path.getKey(), op.getValue())));
        return ops;
    }

    private static Map<String, JsonNode> members(JsonNode object) {
        Map<String, JsonNode> out = new TreeMap<>();
        object.properties().forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /** The JSON pointer of the first place where two trees differ, with both values (shortened). */
    static String firstDifference(String at, JsonNode a, JsonNode b) {
        if (a.isObject() && b.isObject()) {
            TreeSet<String> keys = new TreeSet<>();
            a.propertyNames().forEach(keys::add);
            b.propertyNames().forEach(keys::add);
            for (String key : keys) {
                if (!a.path(key).equals(b.path(key))) {
                    return firstDifference(at + "/" + key, a.path(key), b.path(key));
                }
            }
        }
        if (a.isArray() && b.isArray() && a.size() == b.size()) {
            for (int i = 0; i < a.size(); i++) {
                if (!a.get(i).equals(b.get(i))) {
                    return firstDifference(at + "/" + i, a.get(i), b.get(i));
                }
            }
        }
        return (at.isEmpty() ? "/" : at) + " kept " + shortText(a) + ", served " + shortText(b);
    }

    private static String shortText(JsonNode node) {
        String text = node.isMissingNode() ? "(none)" : node.toString();
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
