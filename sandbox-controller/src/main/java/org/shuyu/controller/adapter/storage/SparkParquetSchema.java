package org.shuyu.controller.adapter.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.shuyu.controller.workspace.WorkspaceProvisioner.TableColumn;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The schema Spark wrote into a Parquet file: Spark stores its row type as JSON in the file footer's key-value
 * metadata under {@value #SPARK_KEY}. The footer is Thrift compact: the key is a binary field followed by the value, a
 * binary field (header byte {@code 0x18}: field delta 1, type binary) with a varint length. Only that entry is read;
 * nothing else of the file (no data) is touched.
 */
final class SparkParquetSchema {
    static final String SPARK_KEY = "org.apache.spark.sql.parquet.row.metadata";
    private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_FOOTER = 16 * 1024 * 1024;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private SparkParquetSchema() {}

    /** The columns of the Parquet file's Spark schema; empty if it is not a Parquet file written by Spark. */
    static Optional<List<TableColumn>> read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < 12) {
                return Optional.empty();
            }
            ByteBuffer tail = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            channel.read(tail, size - 8);
            tail.flip();
            int footerLength = tail.getInt();
            byte[] magic = new byte[4];
            tail.get(magic);
            if (!Arrays.equals(magic, MAGIC) || footerLength <= 0 || footerLength > MAX_FOOTER || footerLength > size - 12) {
                return Optional.empty();
            }
            ByteBuffer footer = ByteBuffer.allocate(footerLength);
            channel.read(footer, size - 8 - footerLength);
            return columns(footer.array());
        }
    }

    /** The Spark row type in a Parquet footer's bytes, as columns. */
    static Optional<List<TableColumn>> columns(byte[] footer) {
        byte[] key = SPARK_KEY.getBytes(StandardCharsets.US_ASCII);
        int at = indexOf(footer, key);
        if (at < 0) {
            return Optional.empty();
        }
        int i = at + key.length;
        if (i >= footer.length || footer[i] != 0x18) {
            return Optional.empty();
        }
        i++;
        long length = 0;
        int shift = 0;
        while (true) {
            if (i >= footer.length || shift > 28) {
                return Optional.empty();
            }
            byte b = footer[i++];
            length |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
            shift += 7;
        }
        if (length <= 0 || i + length > footer.length) {
            return Optional.empty();
        }
        JsonNode schema;
        try {
            schema = JSON.readTree(new String(footer, i, (int) length, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        if (!"struct".equals(schema.path("type").asString(null)) || !schema.path("fields").isArray()) {
            return Optional.empty();
        }
        List<TableColumn> columns = new ArrayList<>();
        for (JsonNode field : schema.path("fields")) {
            String name = field.path("name").asString(null);
            if (name == null) {
                return Optional.empty();
            }
            columns.add(new TableColumn(name, typeName(field.path("type")), field.path("nullable").asBoolean(true)));
        }
        return Optional.of(columns);
    }

    /** Spark's SQL name of a type: atomic types are their text ({@code string}, {@code decimal(10,2)}). */
    static String typeName(JsonNode type) {
        if (type.isString()) {
            return type.asString();
        }
        return switch (type.path("type").asString("unknown")) {
            case "array" -> "array<" + typeName(type.path("elementType")) + ">";
            case "map" -> "map<" + typeName(type.path("keyType")) + "," + typeName(type.path("valueType")) + ">";
            case "struct" -> {
                List<String> fields = new ArrayList<>();
                for (JsonNode f : type.path("fields")) {
                    fields.add(f.path("name").asString("?") + ":" + typeName(f.path("type")));
                }
                yield "struct<" + String.join(",", fields) + ">";
            }
            default -> type.path("type").asString("unknown");
        };
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
