package org.shuyu.jobs.engine.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sparkproject.connect.google_protos.rpc.ErrorInfo;
import org.sparkproject.connect.grpc.Metadata;
import org.sparkproject.connect.grpc.Status;
import org.sparkproject.connect.grpc.protobuf.StatusProto;
import org.sparkproject.connect.protobuf.Any;

@Tag("R-19a")
class ErrorRedactionTest {
    static final String VALUE = "Zhang San 13800001111";

    @Test
    void sparksTextIsWithheldAndOnlyItsConditionClassesAndSqlStateStay() throws Exception {
        ErrorRedaction.Redacted redacted = redact("[CAST_INVALID_INPUT] The value '" + VALUE + "' cannot be cast",
                "org.apache.spark.SparkNumberFormatException", Map.of("errorClass", "CAST_INVALID_INPUT",
                        "sqlState", "22018", "classes", "[\"org.apache.spark.SparkNumberFormatException\"]",
                        "messageParameters", "{\"expression\":\"'" + VALUE + "'\"}", "errorId", "e-1",
                        "stackTrace", "at " + VALUE));
        assertThat(redacted.status().getCode()).isEqualTo(Status.Code.INTERNAL);
        assertThat(redacted.status().getDescription()).startsWith("[CAST_INVALID_INPUT]").endsWith("SQLSTATE: 22018")
                .doesNotContain("Zhang");
        ErrorInfo info = errorInfo(redacted);
        assertThat(info.getMetadataMap()).containsOnlyKeys("errorClass", "sqlState", "classes");
        assertThat(info.toString()).doesNotContain("Zhang");
    }

    @Test
    void aFailureWithoutConditionIsNamedByItsClass() throws Exception {
        ErrorRedaction.Redacted redacted = redact("java.io.IOException: cannot read record " + VALUE,
                "java.io.IOException", Map.of());
        assertThat(redacted.status().getDescription()).startsWith("IOException ").doesNotContain("Zhang");
        assertThat(ErrorRedaction.redact(Status.INTERNAL.withDescription(VALUE), new Metadata()).status()
                .getDescription()).startsWith("INTERNAL ").doesNotContain("Zhang");
    }

    @Test
    void platformRefusalsKeepTheirMessageWithTheirCodeInFront() throws Exception {
        String message = "user 'engineer' may not select census.people";
        assertThat(redact(message, "org.shuyu.jobs.authz.EnforcementException", Map.of()).status().getDescription())
                .isEqualTo(message);
        assertThat(redact(message, "org.shuyu.jobs.authz.EnforcementException", Map.of("errorClass",
                "ACCESS_DENIED")).status().getDescription()).isEqualTo("ACCESS_DENIED: " + message);
    }

    private static ErrorRedaction.Redacted redact(String description, String reason, Map<String, String> metadata) {
        ErrorInfo info = ErrorInfo.newBuilder().setReason(reason).setDomain("org.apache.spark")
                .putAllMetadata(metadata).build();
        org.sparkproject.connect.google_protos.rpc.Status details =
                org.sparkproject.connect.google_protos.rpc.Status.newBuilder()
                        .setCode(Status.Code.INTERNAL.value()).setMessage(description)
                        .addDetails(Any.pack(info)).build();
        Metadata trailers = StatusProto.toStatusException(details).getTrailers();
        return ErrorRedaction.redact(Status.INTERNAL.withDescription(description), trailers);
    }

    private static ErrorInfo errorInfo(ErrorRedaction.Redacted redacted) throws Exception {
        org.sparkproject.connect.google_protos.rpc.Status details =
                StatusProto.fromStatusAndTrailers(redacted.status(), redacted.trailers());
        assertThat(details.getDetailsCount()).isEqualTo(1);
        return details.getDetails(0).unpack(ErrorInfo.class);
    }
}
