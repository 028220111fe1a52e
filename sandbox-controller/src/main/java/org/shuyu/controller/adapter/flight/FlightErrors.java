package org.shuyu.controller.adapter.flight;

import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.ErrorFlightMetadata;
import org.apache.arrow.flight.FlightRuntimeException;
import org.shuyu.controller.error.ErrorCategory;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;

/**
 * The one place where errors become Flight statuses (the Flight counterpart of the web adapter's problem+json).
 * Every description starts with the stable code name ({@code SCENARIO_MISMATCH: ...}), and the same name travels in
 * the trailer {@value #CODE_KEY}, so clients can branch on it. Categories map as follows:
 * <ul>
 *   <li>INVALID_INPUT → INVALID_ARGUMENT; UNAUTHENTICATED → UNAUTHENTICATED; FORBIDDEN → UNAUTHORIZED
 *       (gRPC PERMISSION_DENIED); NOT_FOUND → NOT_FOUND;</li>
 *   <li>CONFLICT and RULE_VIOLATION (not listed, grant not active, ...) → INVALID_ARGUMENT: the request as made cannot
 *       succeed and retrying it will not help; UNAVAILABLE would invite clients to retry automatically;</li>
 *   <li>UNAVAILABLE → UNAVAILABLE; INTERNAL → INTERNAL, whose text never leaves the server.</li>
 * </ul>
 */
final class FlightErrors {
    /** Trailer (error metadata) carrying the stable code name. */
    static final String CODE_KEY = "x-shuyu-error-code";

    private FlightErrors() {}

    static FlightRuntimeException of(SandboxException e) {
        return of(e.code(), e.getMessage());
    }

    static FlightRuntimeException of(ErrorCode code, String message) {
        String description = code.category() == ErrorCategory.INTERNAL ? "internal error; the platform has logged it" : message;
        return of(status(code.category()), code.name(), description);
    }

    /** A status with {@code name: description} and the name in the trailer. */
    static FlightRuntimeException of(CallStatus status, String name, String description) {
        ErrorFlightMetadata metadata = new ErrorFlightMetadata();
        metadata.insert(CODE_KEY, name);
        return status.withDescription(name + ": " + description).withMetadata(metadata).toRuntimeException();
    }

    static CallStatus status(ErrorCategory category) {
        return switch (category) {
            case INVALID_INPUT, CONFLICT, PRECONDITION, RULE_VIOLATION -> CallStatus.INVALID_ARGUMENT;
            case UNAUTHENTICATED -> CallStatus.UNAUTHENTICATED;
            case FORBIDDEN -> CallStatus.UNAUTHORIZED;
            case NOT_FOUND -> CallStatus.NOT_FOUND;
            case UNAVAILABLE -> CallStatus.UNAVAILABLE;
            case INTERNAL -> CallStatus.INTERNAL;
        };
    }

    /** Everything but reading listed products is refused, always with the same answer. */
    static FlightRuntimeException unimplemented(String rpc) {
        return of(CallStatus.UNIMPLEMENTED, "UNIMPLEMENTED",
                rpc + " is not offered: this endpoint only serves listed data products (GetFlightInfo, DoGet, ListFlights)");
    }
}
