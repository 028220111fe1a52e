package org.shuyu.jobs.engine.connect;

import java.util.Map;
import java.util.Set;
import org.sparkproject.connect.google_protos.rpc.ErrorInfo;
import org.sparkproject.connect.grpc.Metadata;
import org.sparkproject.connect.grpc.Status;
import org.sparkproject.connect.grpc.protobuf.StatusProto;
import org.sparkproject.connect.protobuf.Any;
import org.sparkproject.connect.protobuf.InvalidProtocolBufferException;

/**
 * Spark Connect reports a failed request with Spark's own message (status description and an {@code ErrorInfo}
 * with message parameters, a stack trace and an error id for {@code FetchErrorDetails}). Spark's messages may quote
 * data values (a cast of a value, a malformed source record), so no free text of Spark leaves the engine:
 * <ul>
 *   <li>a failure the platform raised ({@code org.shuyu.*}: enforcement refusals, lineage failures), whose messages
 *       carry no data by construction, keeps its message, prefixed with its condition when it reports one (an
 *       {@code EnforcementException} that is a {@code SparkThrowable} whose condition is its code);</li>
 *   <li>any other keeps only its error condition ({@code [CAST_INVALID_INPUT]}) or exception class, and SQLSTATE;</li>
 *   <li>the {@code ErrorInfo} keeps only {@code classes}, {@code errorClass} and {@code sqlState}: no message
 *       parameters, no stack trace and no error id, so clients do not ask for details (FetchErrorDetails is not
 *       served anyway).</li>
 * </ul>
 */
final class ErrorRedaction {
    static final String PLATFORM_PACKAGE = "org.shuyu.";
    static final Set<String> KEPT_METADATA = Set.of("classes", "errorClass", "sqlState");

    record Redacted(Status status, Metadata trailers) { }

    private ErrorRedaction() {
    }

    static Redacted redact(Status status, Metadata trailers) {
        ErrorInfo info = errorInfo(status, trailers);
        String reason = info == null ? "" : info.getReason();
        String description;
        Map<String, String> metadata = info == null ? Map.of() : info.getMetadataMap();
        String condition = metadata.getOrDefault("errorClass", "");
        if (reason.startsWith(PLATFORM_PACKAGE) && status.getDescription() != null) {
            // A platform refusal that names its code as its condition gets the code in front, like the guard's own.
            String message = status.getDescription();
            description = condition.isEmpty() || message.startsWith(condition) ? message : condition + ": " + message;
        } else {
            String name = !condition.isEmpty() ? "[" + condition + "]"
                    : !reason.isEmpty() ? reason.substring(reason.lastIndexOf('.') + 1) : status.getCode().name();
            String sqlState = metadata.getOrDefault("sqlState", "");
            description = name + " the request failed; Spark's details are withheld over Spark Connect because they "
                    + "may quote data values" + (sqlState.matches("[A-Z0-9]{5}") ? " SQLSTATE: " + sqlState : "");
        }
        // google.rpc.Status: qualified, its simple name is taken by gRPC's Status.
        org.sparkproject.connect.google_protos.rpc.Status.Builder details =
                org.sparkproject.connect.google_protos.rpc.Status.newBuilder()
                        .setCode(status.getCode().value()).setMessage(description);
        if (info != null) {
            ErrorInfo.Builder kept = ErrorInfo.newBuilder().setReason(reason).setDomain(info.getDomain());
            info.getMetadataMap().forEach((key, value) -> {
                if (KEPT_METADATA.contains(key)) {
                    kept.putMetadata(key, value);
                }
            });
            details.addDetails(Any.pack(kept.build()));
        }
        Metadata safeTrailers = StatusProto.toStatusException(details.build()).getTrailers();
        Metadata out = new Metadata();
        if (safeTrailers != null) {
            out.merge(safeTrailers);
        }
        return new Redacted(Status.fromCode(status.getCode()).withDescription(description), out);
    }

    private static ErrorInfo errorInfo(Status status, Metadata trailers) {
        org.sparkproject.connect.google_protos.rpc.Status proto =
                trailers == null ? null : StatusProto.fromStatusAndTrailers(status, trailers);
        if (proto == null) {
            return null;
        }
        for (Any detail : proto.getDetailsList()) {
            if (detail.is(ErrorInfo.class)) {
                try {
                    return detail.unpack(ErrorInfo.class);
                } catch (InvalidProtocolBufferException e) {
                    return null;
                }
            }
        }
        return null;
    }
}
