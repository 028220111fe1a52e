package org.shuyu.controller.adapter.flight;

import static java.util.Objects.requireNonNull;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Set;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a Flight caller asks for, in a {@code DoGet} ticket or a {@code GetFlightInfo} command: UTF-8 JSON
 * {@code {"product":"<id>","scenario":"<scenario text>"}}. Nothing else is accepted (unknown fields, other JSON shapes,
 * oversized tickets are refused), so a ticket can never name a dataset, a table or a path.
 */
record FlightRequest(String product, String scenario) {
    /** Larger tickets are refused before parsing. */
    static final int MAX_BYTES = 8 * 1024;
    private static final Set<String> FIELDS = Set.of("product", "scenario");
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    FlightRequest {
        requireNonNull(product, "product is null");
        requireNonNull(scenario, "scenario is null");
    }

    /** Parses a ticket or command; a malformed one throws {@code MALFORMED_BODY} or {@code INVALID_REQUEST}. */
    static FlightRequest parse(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw malformed("empty");
        }
        if (bytes.length > MAX_BYTES) {
            throw malformed("longer than " + MAX_BYTES + " bytes");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw malformed("not UTF-8");
        }
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JacksonException e) {
            throw malformed("not JSON");
        }
        if (node == null || !node.isObject()) {
            throw malformed("not a JSON object");
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (!FIELDS.contains(field.getKey())) {
                throw new SandboxException(ErrorCode.INVALID_REQUEST, "unknown field '" + printable(field.getKey())
                        + "': a ticket names only \"product\" and \"scenario\"");
            }
        }
        return new FlightRequest(text(node, "product"), text(node, "scenario"));
    }

    /** The ticket or command bytes of this request. */
    byte[] encode() {
        return JSON.writeValueAsBytes(Map.of("product", product, "scenario", scenario));
    }

    /** A command naming only the product, as {@code ListFlights} shows it: the caller adds its scenario. */
    static byte[] listing(String product) {
        return JSON.writeValueAsBytes(Map.of("product", product));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new SandboxException(ErrorCode.INVALID_REQUEST, "field '" + field + "' is missing");
        }
        if (!value.isString() || value.asString().isBlank()) {
            throw new SandboxException(ErrorCode.INVALID_REQUEST, "field '" + field + "' must be a non-blank string");
        }
        return value.asString();
    }

    private static SandboxException malformed(String why) {
        return new SandboxException(ErrorCode.MALFORMED_BODY,
                "the ticket is " + why + ": send UTF-8 JSON {\"product\":\"<id>\",\"scenario\":\"<scenario>\"}");
    }

    private static String printable(String name) {
        String cut = name.length() > 40 ? name.substring(0, 40) + "..." : name;
        return cut.replaceAll("[^\\p{Print}]", "?");
    }
}
