package org.shuyu.controller.adapter.connect;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the client's Spark session id out of a serialized Spark Connect request without the Spark protos: a minimal
 * protobuf wire reader for field 1. Every request message of {@code spark.connect.SparkConnectService} in Spark 4.2
 * (ExecutePlan, AnalyzePlan, Config, AddArtifacts, ArtifactStatus, Interrupt, ReattachExecute, ReleaseExecute,
 * ReleaseSession, FetchErrorDetails, CloneSession, GetStatus) declares {@code string session_id = 1} (checked against
 * {@code spark/connect/base.proto} of spark-connect-client-jvm 4.2.0; {@code SessionIdsTest} pins it).
 *
 * <p>The whole message is walked, not just its first field: protobuf lets a field repeat and the LAST value wins, so
 * a client could otherwise show the proxy one id and the engine another. A message that is not well-formed protobuf
 * at the top level, carries field 1 with another wire type, or whose id is not a UUID (Spark's own rule) gives no id,
 * and the call is refused.
 */
final class SessionIds {
    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final int SESSION_ID_FIELD = 1;
    private static final int VARINT = 0, FIXED64 = 1, LENGTH_DELIMITED = 2, FIXED32 = 5;

    private SessionIds() {}

    /** The request's {@code session_id}, when the message is well-formed and the id is a UUID. */
    static Optional<String> of(byte[] message) {
        if (message == null) {
            return Optional.empty();
        }
        Reader reader = new Reader(message);
        String found = null;
        try {
            while (reader.more()) {
                long tag = reader.varint();
                int field = (int) (tag >>> 3);
                int wireType = (int) (tag & 7);
                if (field < 1) {
                    return Optional.empty();
                }
                if (field == SESSION_ID_FIELD) {
                    if (wireType != LENGTH_DELIMITED) {
                        return Optional.empty();
                    }
                    int length = reader.length();
                    found = utf8(message, reader.position, length);
                    if (found == null) {
                        return Optional.empty();
                    }
                    reader.skip(length);
                    continue;
                }
                switch (wireType) {
                    case VARINT -> reader.varint();
                    case FIXED64 -> reader.skip(8);
                    case LENGTH_DELIMITED -> reader.skip(reader.length());
                    case FIXED32 -> reader.skip(4);
                    default -> {
                        return Optional.empty(); // groups (3, 4) are not used by Spark Connect; 6 and 7 do not exist
                    }
                }
            }
        } catch (MalformedException e) {
            return Optional.empty();
        }
        return Optional.ofNullable(found).filter(id -> UUID.matcher(id).matches());
    }

    private static String utf8(byte[] bytes, int offset, int length) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, length))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static final class MalformedException extends Exception {
        MalformedException() {
            super(null, null, false, false);
        }
    }

    private static final class Reader {
        private final byte[] bytes;
        private int position;

        Reader(byte[] bytes) {
            this.bytes = bytes;
        }

        boolean more() {
            return position < bytes.length;
        }

        long varint() throws MalformedException {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (position >= bytes.length) {
                    throw new MalformedException();
                }
                byte b = bytes[position++];
                value |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
            throw new MalformedException();
        }

        int length() throws MalformedException {
            long length = varint();
            if (length < 0 || length > bytes.length - position) {
                throw new MalformedException();
            }
            return (int) length;
        }

        void skip(int count) throws MalformedException {
            if (count < 0 || count > bytes.length - position) {
                throw new MalformedException();
            }
            position += count;
        }
    }
}
