package org.shuyu.controller.adapter.connect;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.MethodType;

/**
 * The methods of {@code spark.connect.SparkConnectService} as the proxy sees them: names and call types only, with
 * messages kept as raw bytes (the controller has no Spark protos). The call types are those of Spark 4.2's
 * {@code base.proto}; a method of the service not listed (a newer client) is proxied as bidirectional streaming,
 * which carries any of the four shapes unchanged.
 */
final class SparkConnectMethods {
    static final String SERVICE = "spark.connect.SparkConnectService";

    private static final Map<String, MethodType> TYPES = Map.ofEntries(
            Map.entry("ExecutePlan", MethodType.SERVER_STREAMING),
            Map.entry("AnalyzePlan", MethodType.UNARY),
            Map.entry("Config", MethodType.UNARY),
            Map.entry("AddArtifacts", MethodType.CLIENT_STREAMING),
            Map.entry("ArtifactStatus", MethodType.UNARY),
            Map.entry("Interrupt", MethodType.UNARY),
            Map.entry("ReattachExecute", MethodType.SERVER_STREAMING),
            Map.entry("ReleaseExecute", MethodType.UNARY),
            Map.entry("ReleaseSession", MethodType.UNARY),
            Map.entry("FetchErrorDetails", MethodType.UNARY),
            Map.entry("CloneSession", MethodType.UNARY),
            Map.entry("GetStatus", MethodType.UNARY));

    /** Passes messages through as the bytes they arrived as. */
    static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try (stream) {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    private SparkConnectMethods() {}

    /** A raw-bytes descriptor of {@code fullMethodName} when it is a method of the Spark Connect service. */
    static Optional<MethodDescriptor<byte[], byte[]>> descriptor(String fullMethodName) {
        if (fullMethodName == null) {
            return Optional.empty();
        }
        String service = MethodDescriptor.extractFullServiceName(fullMethodName);
        if (!SERVICE.equals(service)) {
            return Optional.empty();
        }
        String method = fullMethodName.substring(SERVICE.length() + 1);
        if (method.isEmpty() || !method.matches("[A-Za-z][A-Za-z0-9_]{0,99}")) {
            return Optional.empty();
        }
        return Optional.of(MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(TYPES.getOrDefault(method, MethodType.BIDI_STREAMING))
                .setFullMethodName(fullMethodName)
                .setRequestMarshaller(BYTES)
                .setResponseMarshaller(BYTES)
                .build());
    }

    /** The short method name (e.g. {@code ExecutePlan}) for logs and audit. */
    static String shortName(String fullMethodName) {
        int slash = fullMethodName.lastIndexOf('/');
        return slash < 0 ? fullMethodName : fullMethodName.substring(slash + 1);
    }
}
