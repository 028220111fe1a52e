package org.shuyu.policy;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.Map;

/**
 * The module's JSON, on Jackson 2: a writer with deterministic output for the Ranger documents (served to plugins
 * and hashed for fingerprints, so every byte is pinned by the golden files) and a strict reader.
 *
 * <p>Writing: values are {@code Map<String, ?>} (keys in map iteration order, so callers use insertion-ordered
 * maps), {@code Collection<?>}, {@code String}, {@code Long}/{@code Integer}/{@code BigDecimal} (plain notation),
 * {@code Boolean} and {@code null}; anything else is refused. Strings are pure ASCII: {@code "} and {@code \} get a
 * backslash, control characters their short escape or {@code \}{@code uXXXX}, and every character from U+007F up
 * is written as {@code \}{@code uXXXX} with lowercase hex (one escape per UTF-16 unit). Pretty output indents by
 * two spaces, writes {@code "key": value}, {@code []} and {@code {}}, and ends without a newline.
 *
 * <p>Reading ({@link #strictMapper()}): duplicate keys, trailing content, unknown properties, floats for integers,
 * strings for numbers or booleans (any scalar coercion), and nulls in lists are refused. Untyped documents
 * ({@link #parse}) become insertion-ordered maps, lists, {@code Long} for integral and {@code BigDecimal} for other
 * numbers.
 */
final class PolicyJson {
    private static final ObjectMapper MAPPER = strict(JsonMapper.builder(new JsonFactoryBuilder().characterEscapes(new AsciiEscapes()).build())).build();
    private static final ObjectWriter COMPACT = MAPPER.writer();
    private static final ObjectWriter PRETTY = MAPPER.writer(prettyPrinter());

    private PolicyJson() {}

    /** A new strictly configured mapper (see the class comment); callers may add their own settings. */
    static ObjectMapper strictMapper() {
        return strict(JsonMapper.builder(new JsonFactoryBuilder().characterEscapes(new AsciiEscapes()).build())).build();
    }

    private static JsonMapper.Builder strict(JsonMapper.Builder builder) {
        builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(DeserializationFeature.USE_LONG_FOR_INTS)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .defaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL))
                .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
                .disable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .enable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .withCoercionConfigDefaults(config -> config
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail));
        for (LogicalType type : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
            builder.withCoercionConfig(type, config -> config
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Integer,
                            type == LogicalType.Boolean ? CoercionAction.Fail : CoercionAction.TryConvert));
        }
        builder.withCoercionConfig(LogicalType.Textual, config -> config
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
        return builder;
    }

    /** Compact JSON (no whitespace at all). */
    static String write(Object value) {
        return write(value, false);
    }

    /** JSON, pretty-printed with two-space indents when {@code pretty}; no trailing newline. */
    static String write(Object value, boolean pretty) {
        checkWritable(value);
        try {
            return (pretty ? PRETTY : COMPACT).writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not writable as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Parses one untyped JSON document strictly (see the class comment).
     *
     * @throws IllegalArgumentException on malformed input, a duplicate key, trailing content or a null in a list
     */
    static Object parse(String text) {
        Object value;
        try {
            value = MAPPER.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("JSON: " + e.getOriginalMessage(), e);
        }
        if (value == null && !text.strip().equals("null")) {
            throw new IllegalArgumentException("JSON: no content");
        }
        refuseNullsInLists(value);
        return value;
    }

    private static void refuseNullsInLists(Object value) {
        if (value instanceof Map<?, ?> map) {
            map.values().forEach(PolicyJson::refuseNullsInLists);
        } else if (value instanceof Collection<?> list) {
            for (Object item : list) {
                if (item == null) {
                    throw new IllegalArgumentException("JSON: null in a list");
                }
                refuseNullsInLists(item);
            }
        }
    }

    /** The writer accepts only the value kinds the class comment lists (Jackson would serialise any bean). */
    private static void checkWritable(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Long
                || value instanceof Integer || value instanceof BigDecimal) {
            return;
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!(entry.getKey() instanceof String)) {
                    throw new IllegalArgumentException("JSON object keys must be strings: " + entry.getKey());
                }
                checkWritable(entry.getValue());
            }
        } else if (value instanceof Collection<?> list) {
            list.forEach(PolicyJson::checkWritable);
        } else {
            throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
        }
    }

    private static DefaultPrettyPrinter prettyPrinter() {
        Separators separators = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator("");
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        return new DefaultPrettyPrinter(separators).withObjectIndenter(indenter).withArrayIndenter(indenter);
    }

    /** Pure ASCII output with lowercase {@code \}{@code uXXXX} escapes (Jackson's own escapes use uppercase hex). */
    private static final class AsciiEscapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private final int[] ascii;

        AsciiEscapes() {
            ascii = standardAsciiEscapesForJSON();
            for (int c = 0; c < 0x20; c++) {
                if (ascii[c] == ESCAPE_STANDARD) {
                    ascii[c] = ESCAPE_CUSTOM;
                }
            }
            ascii[0x7f] = ESCAPE_CUSTOM;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return new SerializedString(String.format("\\u%04x", ch));
        }
    }
}
