package org.shuyu.controller.adapter.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/** The session id of a Spark Connect request is read from field 1, the last occurrence wins, anything odd gives none. */
class SessionIdsTest {
    private static final String ID = UUID.randomUUID().toString();

    @Test
    void readsFieldOneAnywhereInTheMessage() {
        assertThat(SessionIds.of(ConnectProxyServerTest.request(ID, "plan"))).contains(ID);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ConnectProxyServerTest.field(out, 2, "user context".getBytes(StandardCharsets.UTF_8));
        out.write(6 << 3); // field 6, varint
        out.writeBytes(new byte[] {(byte) 0x96, 0x01});
        out.write(7 << 3 | 1); // fixed64
        out.writeBytes(new byte[8]);
        out.write(9 << 3 | 5); // fixed32
        out.writeBytes(new byte[4]);
        ConnectProxyServerTest.field(out, 1, ID.getBytes(StandardCharsets.UTF_8));
        assertThat(SessionIds.of(out.toByteArray())).contains(ID);
    }

    @Test
    void theLastSessionIdWinsAsForAProtobufParser() {
        String other = UUID.randomUUID().toString();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ConnectProxyServerTest.field(out, 1, ID.getBytes(StandardCharsets.UTF_8));
        ConnectProxyServerTest.field(out, 3, "plan".getBytes(StandardCharsets.UTF_8));
        ConnectProxyServerTest.field(out, 1, other.getBytes(StandardCharsets.UTF_8));
        assertThat(SessionIds.of(out.toByteArray())).contains(other);
    }

    @Test
    void givesNoIdForMissingMalformedOrNonUuidIds() {
        assertThat(SessionIds.of(new byte[0])).isEmpty();
        assertThat(SessionIds.of(null)).isEmpty();
        assertThat(SessionIds.of(ConnectProxyServerTest.request(null, "plan"))).isEmpty();
        assertThat(SessionIds.of(ConnectProxyServerTest.request("not-a-uuid", "plan"))).isEmpty();
        byte[] valid = ConnectProxyServerTest.request(ID, "plan");
        byte[] truncated = Arrays.copyOf(valid, valid.length - 2);
        assertThat(SessionIds.of(truncated)).isEmpty();
        assertThat(SessionIds.of(new byte[] {0x08, 0x01})).as("field 1 as a varint").isEmpty();
        assertThat(SessionIds.of(new byte[] {0x0b})).as("a group").isEmpty();
        assertThat(SessionIds.of(new byte[] {0x0a, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f})).as("a huge length").isEmpty();
        byte[] badUtf8 = {0x0a, 0x02, (byte) 0xc3, 0x28};
        assertThat(SessionIds.of(badUtf8)).isEmpty();
    }

    /**
     * Every request message of the Spark Connect service in the client this platform is tested with declares
     * {@code string session_id = 1}: read from {@code spark/connect/base.proto} inside spark-connect-client-jvm 4.2.0
     * when it is in the local Maven repository (it is where the connect-it module resolved it).
     */
    @Test
    void everySparkConnectRequestHasItsSessionIdInFieldOne() throws IOException {
        Path jar = Path.of(System.getProperty("user.home"), ".m2", "repository", "org", "apache", "spark",
                "spark-connect-client-jvm_2.13", "4.2.0", "spark-connect-client-jvm_2.13-4.2.0.jar");
        Optional<String> proto = Files.exists(jar) ? entry(jar, "spark/connect/base.proto") : Optional.empty();
        assumeTrue(proto.isPresent(), "spark-connect-client-jvm 4.2.0 not in the local repository");
        String source = proto.get();
        Matcher rpc = Pattern.compile("rpc (\\w+)\\((?:stream )?(\\w+)\\)").matcher(source);
        List<String> requests = new ArrayList<>();
        while (rpc.find()) {
            requests.add(rpc.group(2));
            assertThat(SparkConnectMethods.descriptor(SparkConnectMethods.SERVICE + "/" + rpc.group(1))).isPresent();
        }
        assertThat(requests).hasSizeGreaterThanOrEqualTo(12);
        for (String request : requests) {
            int start = source.indexOf("message " + request + " {");
            assertThat(start).as(request).isNotNegative();
            String body = body(source, start);
            assertThat(body).as("session_id of " + request).containsPattern("\\n\\s*string session_id = 1;");
        }
    }

    private static String body(String source, int start) {
        int depth = 0;
        for (int i = source.indexOf('{', start); i < source.length(); i++) {
            char c = source.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return source.substring(start, i + 1);
            }
        }
        throw new AssertionError("unbalanced braces");
    }

    private static Optional<String> entry(Path jar, String name) throws IOException {
        try (InputStream in = Files.newInputStream(jar); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (e.getName().equals(name)) {
                    return Optional.of(new String(zip.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        return Optional.empty();
    }
}
