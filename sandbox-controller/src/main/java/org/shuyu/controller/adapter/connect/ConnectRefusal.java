package org.shuyu.controller.adapter.connect;

import static java.util.Objects.requireNonNull;

import io.grpc.Status;
import org.shuyu.controller.error.ErrorCode;

/**
 * A Spark Connect call the front door refuses: a platform error code and a reason, answered as a gRPC status whose
 * description starts with the code ({@code WORKSPACE_ACCESS_DENIED: ...}), mapped from the code's category as the REST
 * path maps it to HTTP (401 UNAUTHENTICATED, 403 PERMISSION_DENIED, 404 NOT_FOUND, 409/422 FAILED_PRECONDITION,
 * 503 UNAVAILABLE; too many calls RESOURCE_EXHAUSTED). Reasons carry ids and codes, never data values.
 */
final class ConnectRefusal extends RuntimeException {
    private final ErrorCode code;

    ConnectRefusal(ErrorCode code, String reason) {
        super(requireNonNull(reason, "reason is null"), null, false, false);
        this.code = requireNonNull(code, "code is null");
    }

    ErrorCode code() {
        return code;
    }

    String reason() {
        return getMessage();
    }

    /** The status the client receives. */
    Status status() {
        return status(code, reason());
    }

    static Status status(ErrorCode code, String reason) {
        return grpcStatus(code).withDescription(code.name() + ": " + reason);
    }

    private static Status grpcStatus(ErrorCode code) {
        if (code == ErrorCode.CONNECT_TOO_MANY_CALLS) {
            return Status.RESOURCE_EXHAUSTED;
        }
        return switch (code.category()) {
            case UNAUTHENTICATED -> Status.UNAUTHENTICATED;
            case FORBIDDEN -> Status.PERMISSION_DENIED;
            case NOT_FOUND -> Status.NOT_FOUND;
            case INVALID_INPUT -> Status.INVALID_ARGUMENT;
            case CONFLICT, PRECONDITION, RULE_VIOLATION -> Status.FAILED_PRECONDITION;
            case UNAVAILABLE -> Status.UNAVAILABLE;
            case INTERNAL -> Status.INTERNAL;
        };
    }
}
