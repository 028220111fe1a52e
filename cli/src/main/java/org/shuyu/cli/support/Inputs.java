package org.shuyu.cli.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.shuyu.client.ApiClient;

/**
 * Request bodies from files: {@code -f request.yaml} (YAML or JSON, {@code -} for standard input) read into the
 * generated model class, so a file has exactly the fields of the spec. A missing or malformed file, or a field the
 * spec does not have, is a usage error (exit 2) that names the file, the line and the field.
 */
public final class Inputs {
    private static final ObjectMapper YAML = ApiClient.createDefaultObjectMapper()
            .copyWith(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Inputs() {}

    /** The file's content as text ({@code -}: standard input). */
    public static String text(String file) {
        if ("-".equals(file)) {
            try {
                return new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw CliException.usage("INPUT_UNREADABLE", "cannot read standard input: " + e.getMessage());
            }
        }
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw CliException.usage("FILE_NOT_FOUND", "no such file: " + file);
        } catch (IOException e) {
            throw CliException.usage("INPUT_UNREADABLE", "cannot read " + file + ": " + e.getMessage());
        }
    }

    /** The file (YAML or JSON) as an instance of {@code type}. */
    public static <T> T read(String file, Class<T> type) {
        return parse(text(file), file, type);
    }

    /** Text (YAML or JSON) as an instance of {@code type}; {@code source} names it in errors. */
    public static <T> T parse(String text, String source, Class<T> type) {
        if (text.isBlank()) {
            throw CliException.usage("INPUT_MALFORMED", source + " is empty");
        }
        try {
            T value = YAML.readValue(text, type);
            if (value == null) {
                throw CliException.usage("INPUT_MALFORMED", source + " holds no object");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw CliException.usage("INPUT_MALFORMED", source + ": unknown field '" + e.getPropertyName() + "'"
                    + location(e) + "; known: " + e.getKnownPropertyIds());
        } catch (JsonProcessingException e) {
            throw CliException.usage("INPUT_MALFORMED", source + ": " + e.getOriginalMessage().lines().findFirst()
                    .orElse("malformed") + location(e));
        }
    }

    /** Reads a stream fully (for bodies that go to the server as they are, e.g. a job spec). */
    public static byte[] bytes(InputStream in) throws IOException {
        return in.readAllBytes();
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr() + ")";
    }
}
