package org.shuyu.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.ranger.authorization.utils.JsonUtils;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void escapesQuotesAndBackslashes() {
        assertThat(Json.write("say \"hi\"")).isEqualTo("\"say \\\"hi\\\"\"");
        assertThat(Json.write("a\\b")).isEqualTo("\"a\\\\b\"");
        assertThat(Json.write("o'brien")).isEqualTo("\"o'brien\"");
        assertThat(Json.write("x\\\"y")).isEqualTo("\"x\\\\\\\"y\"");
    }

    @Test
    void escapesControlCharacters() {
        assertThat(Json.write("a\nb\rc\td\be\ff")).isEqualTo("\"a\\nb\\rc\\td\\be\\ff\"");
        assertThat(Json.write("\u0000\u001f\u007f")).isEqualTo("\"\\u0000\\u001f\\u007f\"");
    }

    @Test
    void writesEveryNonAsciiCharacterAsAUnicodeEscape() {
        assertThat(Json.write("\u5f20\u4e09")).isEqualTo("\"\\u5f20\\u4e09\"");
        assertThat(Json.write("\u00e9")).isEqualTo("\"\\u00e9\"");
        assertThat(Json.write("\ud83d\ude00")).isEqualTo("\"\\ud83d\\ude00\"");
        assertThat(Json.write("\u2028\u2029")).isEqualTo("\"\\u2028\\u2029\"");
        assertThat(Json.write(Map.of("k", "\u5f20 \"\\ \u0001"))).isASCII();
    }

    @Test
    void trickyStringsRoundTripThroughOurReaderAndJackson() throws Exception {
        List<String> samples = List.of("", "plain", "o'brien", "back\\slash", "quote\"d", "\\\"", "\u5f20\u4e09",
                "\ud83d\ude00", "tab\tnew\nline", "\u0000nul", "x') OR 1=1 --", "/", "</script>", "\u007f");
        ObjectMapper jackson = new ObjectMapper();
        for (String s : samples) {
            String json = Json.write(s);
            assertThat(Json.parse(json)).as(json).isEqualTo(s);
            assertThat(jackson.readValue(json, String.class)).as(json).isEqualTo(s);
        }
        String all = Json.write(samples);
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
        assertThat(Json.write(map)).isEqualTo("{\"z\":1,\"a\":[true,false],\"m\":null,\"n\":42,\"d\":1.50,\"e\":{},\"l\":[]}");
    }

    @Test
    void prettyPrintsWithTwoSpaceIndents() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("a", List.of(1L, 2L));
        map.put("b", Map.of("c", "d"));
        map.put("e", List.of());
        assertThat(Json.write(map, true)).isEqualTo("""
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
        Object parsed = Json.parse(Json.write(map, true));
        assertThat(parsed).isEqualTo(Json.parse(Json.write(map)));
        assertThat(Json.write(parsed)).isEqualTo(Json.write(map));
    }

    @Test
    void rejectsMalformedJson() {
        for (String bad : List.of("", "{", "[1,]", "{\"a\" 1}", "{\"a\":1,\"a\":2}", "\"unterminated", "tru",
                "\"bad \\x escape\"", "\"\\u12\"", "1 2", "{\"a\":1}}", "\"raw\ncontrol\"", "-", "nul")) {
            assertThatThrownBy(() -> Json.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void rejectsValuesThatAreNotJson() {
        assertThatThrownBy(() -> Json.write(new Object())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Json.write(Map.of(1, "x"))).isInstanceOf(IllegalArgumentException.class);
    }
}
