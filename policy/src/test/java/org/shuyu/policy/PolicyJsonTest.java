package org.shuyu.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.ranger.authorization.utils.JsonUtils;
import org.junit.jupiter.api.Test;

class PolicyJsonTest {

    @Test
    void escapesQuotesAndBackslashes() {
        assertThat(PolicyJson.write("say \"hi\"")).isEqualTo("\"say \\\"hi\\\"\"");
        assertThat(PolicyJson.write("a\\b")).isEqualTo("\"a\\\\b\"");
        assertThat(PolicyJson.write("o'brien")).isEqualTo("\"o'brien\"");
        assertThat(PolicyJson.write("x\\\"y")).isEqualTo("\"x\\\\\\\"y\"");
    }

    @Test
    void escapesControlCharacters() {
        assertThat(PolicyJson.write("a\nb\rc\td\be\ff")).isEqualTo("\"a\\nb\\rc\\td\\be\\ff\"");
        assertThat(PolicyJson.write("\u0000\u001f\u007f")).isEqualTo("\"\\u0000\\u001f\\u007f\"");
    }

    @Test
    void writesEveryNonAsciiCharacterAsAUnicodeEscape() {
        assertThat(PolicyJson.write("\u5f20\u4e09")).isEqualTo("\"\\u5f20\\u4e09\"");
        assertThat(PolicyJson.write("\u00e9")).isEqualTo("\"\\u00e9\"");
        assertThat(PolicyJson.write("\ud83d\ude00")).isEqualTo("\"\\ud83d\\ude00\"");
        assertThat(PolicyJson.write("\u2028\u2029")).isEqualTo("\"\\u2028\\u2029\"");
        assertThat(PolicyJson.write(Map.of("k", "\u5f20 \"\\ \u0001"))).isASCII();
    }

    @Test
    void trickyStringsRoundTripThroughOurReaderAndAPlainJacksonReader() throws Exception {
        List<String> samples = List.of("", "plain", "o'brien", "back\\slash", "quote\"d", "\\\"", "\u5f20\u4e09",
                "\ud83d\ude00", "tab\tnew\nline", "\u0000nul", "x') OR 1=1 --", "/", "</script>", "\u007f");
        ObjectMapper jackson = new ObjectMapper();
        for (String s : samples) {
            String json = PolicyJson.write(s);
            assertThat(PolicyJson.parse(json)).as(json).isEqualTo(s);
            assertThat(jackson.readValue(json, String.class)).as(json).isEqualTo(s);
        }
        String all = PolicyJson.write(samples);
        assertThat(JsonUtils.jsonToListString(all)).isEqualTo(samples);
    }

    @Test
    void keepsKeyOrderAndWritesAllValueKinds() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("z", 1L);
        map.put("a", List.of(true, false));
        map.put("m", null);
        map.put("n", 42);
        map.put("d", new BigDecimal("1.50"));
        map.put("e", Map.of());
        map.put("l", List.of());
        assertThat(PolicyJson.write(map)).isEqualTo("{\"z\":1,\"a\":[true,false],\"m\":null,\"n\":42,\"d\":1.50,\"e\":{},\"l\":[]}");
    }

    @Test
    void prettyPrintsWithTwoSpaceIndents() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("a", List.of(1L, 2L));
        map.put("b", Map.of("c", "d"));
        map.put("e", List.of());
        assertThat(PolicyJson.write(map, true)).isEqualTo("""
                {
                  "a": [
                    1,
                    2
                  ],
                  "b": {
                    "c": "d"
                  },
                  "e": []
                }""");
    }

    @Test
    void parsesWhatItWrites() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("s", "v\u00e9\"");
        map.put("n", -12L);
        map.put("d", new BigDecimal("2.5e3"));
        map.put("b", Boolean.TRUE);
        map.put("x", null);
        map.put("l", new ArrayList<>(List.of(List.of(), Map.of())));
        Object parsed = PolicyJson.parse(PolicyJson.write(map, true));
        assertThat(parsed).isEqualTo(PolicyJson.parse(PolicyJson.write(map)));
        assertThat(PolicyJson.write(parsed)).isEqualTo(PolicyJson.write(map));
    }

    @Test
    void rejectsMalformedJson() {
        for (String bad : List.of("", "{", "[1,]", "{\"a\" 1}", "{\"a\":1,\"a\":2}", "\"unterminated", "tru",
                "\"bad \\x escape\"", "\"\\u12\"", "1 2", "{\"a\":1}}", "\"raw\ncontrol\"", "-", "nul")) {
            assertThatThrownBy(() -> PolicyJson.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void rejectsValuesThatAreNotJson() {
        assertThatThrownBy(() -> PolicyJson.write(new Object())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PolicyJson.write(Map.of(1, "x"))).isInstanceOf(IllegalArgumentException.class);
    }

    // ---------------------------------------------------------------- strict reading

    record Limits(int rows, String name, List<String> tags) {}

    record Flag(boolean on) {}

    record Ratio(double value) {}

    private static <T> T read(String json, Class<T> type) throws Exception {
        return PolicyJson.strictMapper().readValue(json, type);
    }

    /** Jackson's defaults accept every input the strict tests refuse (so each refusal is the configuration's). */
    @Test
    void jacksonDefaultsWouldAcceptWhatTheStrictMapperRefuses() throws Exception {
        ObjectMapper lenient = new ObjectMapper();
        assertThat(lenient.readValue("{\"rows\":5,\"rows\":6,\"name\":\"n\",\"tags\":[]}", Limits.class).rows())
                .isEqualTo(6);
        assertThat(lenient.readValue("{\"value\":1.5} {}", Ratio.class)).isEqualTo(new Ratio(1.5));
        assertThat(lenient.readValue("{\"rows\":1.5,\"name\":\"n\",\"tags\":[]}", Limits.class).rows()).isEqualTo(1);
        assertThat(lenient.readValue("{\"rows\":\"5\",\"name\":7,\"tags\":[true]}", Limits.class))
                .isEqualTo(new Limits(5, "7", List.of("true")));
        assertThat(lenient.readValue("{\"on\":\"true\"}", Flag.class)).isEqualTo(new Flag(true));
        assertThat(lenient.readValue("{\"rows\":null,\"name\":\"n\",\"tags\":[\"a\",null]}", Limits.class).tags())
                .containsExactly("a", null);
    }

    @Test
    void strictMapperReadsAWellFormedDocument() throws Exception {
        assertThat(read("{\"rows\":5,\"name\":\"n\",\"tags\":[\"a\",\"b\"]}", Limits.class))
                .isEqualTo(new Limits(5, "n", List.of("a", "b")));
        assertThat(read("{\"value\":1.5}", Ratio.class)).isEqualTo(new Ratio(1.5));
        assertThat(read("{\"value\":2}", Ratio.class)).isEqualTo(new Ratio(2.0));
    }

    @Test
    void strictMapperRefusesUnknownProperties() {
        assertThatThrownBy(() -> read("{\"rows\":5,\"name\":\"n\",\"tags\":[],\"extra\":1}", Limits.class))
                .isInstanceOf(JsonProcessingException.class).hasMessageContaining("extra");
    }

    @Test
    void strictMapperRefusesDuplicateKeys() {
        assertThatThrownBy(() -> read("{\"rows\":5,\"rows\":6,\"name\":\"n\",\"tags\":[]}", Limits.class))
                .isInstanceOf(JsonProcessingException.class).hasMessageContaining("Duplicate field 'rows'");
        assertThatThrownBy(() -> PolicyJson.parse("{\"a\":{\"b\":1,\"b\":1}}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Duplicate field 'b'");
    }

    @Test
    void strictMapperRefusesTrailingTokens() {
        assertThatThrownBy(() -> read("{\"value\":1.5} {}", Ratio.class))
                .isInstanceOf(JsonProcessingException.class).hasMessageContaining("Trailing token");
        assertThatThrownBy(() -> PolicyJson.parse("[1] 2")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void strictMapperRefusesFloatsForIntegers() {
        for (String rows : List.of("1.5", "1.0", "1e2")) {
            assertThatThrownBy(() -> read("{\"rows\":" + rows + ",\"name\":\"n\",\"tags\":[]}", Limits.class))
                    .as(rows).isInstanceOf(JsonProcessingException.class);
        }
    }

    @Test
    void strictMapperRefusesStringsForNumbersAndBooleansAndScalarsForStrings() {
        assertThatThrownBy(() -> read("{\"rows\":\"5\",\"name\":\"n\",\"tags\":[]}", Limits.class))
                .isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> read("{\"value\":\"1.5\"}", Ratio.class)).isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> read("{\"on\":\"true\"}", Flag.class)).isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> read("{\"on\":1}", Flag.class)).isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> read("{\"rows\":5,\"name\":7,\"tags\":[]}", Limits.class))
                .isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> read("{\"rows\":5,\"name\":\"n\",\"tags\":[true]}", Limits.class))
                .isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void strictMapperRefusesNullsInListsAndForPrimitives() {
        assertThatThrownBy(() -> read("{\"rows\":5,\"name\":\"n\",\"tags\":[\"a\",null]}", Limits.class))
                .isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> read("{\"rows\":null,\"name\":\"n\",\"tags\":[]}", Limits.class))
                .isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> PolicyJson.parse("{\"a\":[1,null]}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("null in a list");
        assertThatThrownBy(() -> PolicyJson.parse("[[null]]")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void untypedDocumentsKeepOrderAndNumberKinds() {
        Object parsed = PolicyJson.parse("{\"z\":1,\"a\":12345678901,\"d\":1.50,\"n\":null,\"l\":[{}]}");
        assertThat(parsed).isInstanceOf(LinkedHashMap.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) parsed;
        assertThat(map.keySet()).containsExactly("z", "a", "d", "n", "l");
        assertThat(map.get("z")).isEqualTo(1L);
        assertThat(map.get("a")).isEqualTo(12345678901L);
        assertThat(map.get("d")).isEqualTo(new BigDecimal("1.50"));
        assertThat(map).containsEntry("n", null);
    }
}
