package org.shuyu.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.shuyu.cli.support.Headers;
import picocli.CommandLine;

/**
 * Small helpers the data commands (catalog, consents, lineage, products, audit) share: a group command that only
 * prints its usage, results of untyped operations as JSON trees, a fresh Idempotency-Key, and printing a creation
 * with {@code -q}.
 */
final class DataSupport {
    private DataSupport() {}

    /** A command group: without a subcommand it is a usage error naming the subcommands (exit 2). */
    abstract static class Group implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            Lifecycle.missingSubcommand(spec);
        }
    }

    /**
     * A result as a JSON tree. Some operations still return untyped maps and will get typed records (design.md): the
     * commands read fields from the JSON, which stays the same whatever the Java type.
     */
    static JsonNode tree(Object value) {
        return JsonTrees.MAPPER.valueToTree(value);
    }

    /** A fresh {@code Idempotency-Key} value for one creation. */
    static String idempotencyKey() {
        return Headers.idempotent().get("Idempotency-Key");
    }

    /** The elements of a JSON array (none when it is not one). */
    static List<JsonNode> elements(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        if (array != null && array.isArray()) {
            array.forEach(out::add);
        }
        return out;
    }

    /** A text field, or null when absent or JSON null. */
    static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** The Jackson mapper of the generated client (dates as ISO text). */
    static final class JsonTrees {
        static final com.fasterxml.jackson.databind.ObjectMapper MAPPER =
                org.shuyu.client.ApiClient.createDefaultObjectMapper();

        private JsonTrees() {}
    }
}
