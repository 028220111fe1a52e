package org.shuyu.runtime.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.Deserializers;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The one JSON codec of the contract, used by the launchers and the runtime alike: a strict Jackson 2 mapper that
 * refuses unknown fields, duplicate keys, trailing tokens, floats for whole numbers, strings for numbers or booleans,
 * numbers for strings or enums, a single value for a list, and nulls for primitives or inside lists. Writing and
 * reading are symmetric: {@code read(write(m), type)} equals {@code m} for every message. Paths are written as plain
 * strings, an empty {@link Optional} as {@code null} (or not at all where the record says so).
 */
public final class RuntimeJson {
    /** The message types of the contract; nothing else is read or written. */
    private static final Set<Class<?>> MESSAGES = Set.of(RuntimeRequest.class, RuntimeStatus.class, RuntimeMetrics.class,
            SnapshotReport.class, EngineRequest.class, EngineReady.class, EngineSession.class, EngineStatement.class,
            EngineStatementState.class, EngineStatementState.Result.class, EngineHealth.class, ConnectStatementTicket.class,
            ConnectStatementTicket.Registration.class, StatementOutcome.class);

    private final ObjectMapper mapper;

    public RuntimeJson() {
        JsonMapper.Builder builder = JsonMapper.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS, JsonReadFeature.ALLOW_LEADING_ZEROS_FOR_NUMBERS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
                        DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS,
                        DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT, DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY,
                        DeserializationFeature.ACCEPT_EMPTY_STRING_AS_NULL_OBJECT,
                        DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS, MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS,
                        MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.ALWAYS, JsonInclude.Include.ALWAYS))
                .defaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL))
                .addModule(contractTypes());
        for (LogicalType type : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean, LogicalType.Textual,
                LogicalType.Enum)) {
            builder.withCoercionConfig(type, config -> {
                for (CoercionInputShape shape : CoercionInputShape.values()) {
                    config.setCoercion(shape, CoercionAction.Fail);
                }
            });
        }
        // Whole numbers are doubles where a double is expected (cpuSeconds: 3): the one widening that loses nothing.
        builder.withCoercionConfig(LogicalType.Float, config -> config.setCoercion(CoercionInputShape.Integer,
                CoercionAction.TryConvert));
        this.mapper = builder.build();
    }

    /** The compact form (one line: a marker line, runtime.json). */
    public String write(Object message) {
        return write(message, false);
    }

    /** The indented form (the files of a run's directory, the golden files). */
    public String writePretty(Object message) {
        return write(message, true);
    }

    private String write(Object message, boolean pretty) {
        checkMessage(message.getClass());
        try {
            return pretty ? mapper.writerWithDefaultPrettyPrinter().writeValueAsString(message)
                    : mapper.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + message.getClass().getSimpleName(), e);
        }
    }

    /** Reads one message; every refusal is an {@link InvalidRuntimeMessageException} naming the field and the rule. */
    public <T> T read(String json, Class<T> type) {
        checkMessage(type);
        try {
            return mapper.readValue(json, type);
        } catch (ValueInstantiationException e) {
            // A rule of the record: its own message says which.
            Throwable rule = e.getCause() == null ? e : e.getCause();
            throw new InvalidRuntimeMessageException(type.getSimpleName() + ": " + firstLine(rule), e);
        } catch (JsonMappingException e) {
            throw new InvalidRuntimeMessageException(type.getSimpleName() + at(e) + ": " + firstLine(e.getOriginalMessage()), e);
        } catch (JsonProcessingException e) {
            throw new InvalidRuntimeMessageException(type.getSimpleName() + " is not valid JSON: "
                    + firstLine(e.getOriginalMessage()), e);
        }
    }

    private static void checkMessage(Class<?> type) {
        if (!MESSAGES.contains(type)) {
            throw new IllegalArgumentException(type.getName() + " is not a message of the runtime contract");
        }
    }

    private static String at(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? "" : " field '" + path + "'";
    }

    private static String firstLine(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : firstLine(e.getMessage());
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.strip().lines().findFirst().orElse("");
    }

    /** Paths as plain strings, Optionals as their value or null. */
    private static SimpleModule contractTypes() {
        SimpleModule module = new SimpleModule("runtime-contract") {
            private static final long serialVersionUID = 1L;

            @Override
            public void setupModule(SetupContext context) {
                super.setupModule(context);
                context.addDeserializers(new Deserializers.Base() {
                    @Override
                    public JsonDeserializer<?> findBeanDeserializer(JavaType type, DeserializationConfig config,
                            BeanDescription description) {
                        return type.getRawClass() == Optional.class
                                ? new OptionalDeserializer(type.containedTypeOrUnknown(0)) : null;
                    }
                });
            }
        };
        module.addSerializer(Path.class, new StdSerializer<>(Path.class) {
            @Override
            public void serialize(Path value, com.fasterxml.jackson.core.JsonGenerator gen, SerializerProvider provider)
                    throws IOException {
                gen.writeString(value.toString());
            }
        });
        module.addDeserializer(Path.class, new StdDeserializer<>(Path.class) {
            @Override
            public Path deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                if (p.currentToken() != JsonToken.VALUE_STRING) {
                    return (Path) ctxt.handleUnexpectedToken(Path.class, p);
                }
                try {
                    return Path.of(p.getText());
                } catch (RuntimeException e) {
                    return (Path) ctxt.handleWeirdStringValue(Path.class, p.getText(), "not a path");
                }
            }
        });
        @SuppressWarnings({"rawtypes", "unchecked"})
        Class<Optional<?>> optional = (Class) Optional.class;
        module.addSerializer(optional, new StdSerializer<>(optional) {
            @Override
            public boolean isEmpty(SerializerProvider provider, Optional<?> value) {
                return value == null || value.isEmpty();
            }

            @Override
            public void serialize(Optional<?> value, com.fasterxml.jackson.core.JsonGenerator gen,
                    SerializerProvider provider) throws IOException {
                if (value.isPresent()) {
                    provider.defaultSerializeValue(value.get(), gen);
                } else {
                    gen.writeNull();
                }
            }
        });
        return module;
    }

    /** {@code null} or absent: empty; anything else: the contained type, read as strictly as the rest. */
    private static final class OptionalDeserializer extends StdDeserializer<Optional<?>> {
        private static final long serialVersionUID = 1L;
        private final JavaType content;

        OptionalDeserializer(JavaType content) {
            super(Optional.class);
            this.content = content;
        }

        @Override
        public Optional<?> deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return Optional.of(ctxt.readValue(p, content));
        }

        @Override
        public Optional<?> getNullValue(DeserializationContext ctxt) {
            return Optional.empty();
        }

        @Override
        public Object getAbsentValue(DeserializationContext ctxt) {
            return Optional.empty();
        }
    }
}
