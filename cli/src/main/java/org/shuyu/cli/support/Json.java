package org.shuyu.cli.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.shuyu.client.ApiClient;

/**
 * Responses whose Java type is still changing (untyped today: a JSON string, a map; typed records later) read as a
 * {@link JsonNode}, so commands depend on the JSON, which stays the same.
 */
public final class Json {
    private static final ObjectMapper MAPPER = ApiClient.createDefaultObjectMapper();

    private Json() {}

    /** The value as JSON: a String is parsed (the body as it came), anything else converted. */
    public static JsonNode tree(Object value) {
        if (value instanceof JsonNode node) {
            return node;
        }
        if (value instanceof String text) {
            try {
                return MAPPER.readTree(text);
            } catch (Exception e) {
                throw new CliException(ExitCode.ERROR, "UNEXPECTED_RESPONSE",
                        "the server's answer is not JSON: " + (text.length() > 200 ? text.substring(0, 200) + "..." : text));
            }
        }
        return MAPPER.valueToTree(value);
    }
}
