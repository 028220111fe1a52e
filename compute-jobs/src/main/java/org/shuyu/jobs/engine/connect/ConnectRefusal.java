package org.shuyu.jobs.engine.connect;

import static java.util.Objects.requireNonNull;

import org.shuyu.jobs.JobsErrorCode;
import org.sparkproject.connect.grpc.Metadata;
import org.sparkproject.connect.grpc.Status;

/**
 * A Spark Connect call the engine refuses: the stable code, the gRPC status it ends the call with and a message that
 * names what was refused (a node kind, a key, a method), never a data value. The status description starts with the
 * code ({@code "CONNECT_CODE_REFUSED: ..."}) and the trailer {@value #CODE_TRAILER} carries it alone, so clients and
 * the controller's proxy can tell refusals apart without parsing.
 */
public final class ConnectRefusal extends RuntimeException {
    /** The trailer key carrying the refusal code. */
    public static final String CODE_TRAILER = "x-shuyu-code";
    static final Metadata.Key<String> CODE_KEY = Metadata.Key.of(CODE_TRAILER, Metadata.ASCII_STRING_MARSHALLER);

    private final JobsErrorCode code;
    private final Status.Code status;

    public ConnectRefusal(JobsErrorCode code, Status.Code status, String message) {
        super(requireNonNull(message, "message is null"), null, false, false);
        this.code = requireNonNull(code, "code is null");
        this.status = requireNonNull(status, "status is null");
    }

    /** A refusal of what the caller may not do: gRPC PERMISSION_DENIED. */
    static ConnectRefusal denied(JobsErrorCode code, String message) {
        return new ConnectRefusal(code, Status.Code.PERMISSION_DENIED, message);
    }

    public JobsErrorCode code() {
        return code;
    }

    public Status.Code statusCode() {
        return status;
    }

    /** The gRPC status this refusal ends a call with. */
    public Status status() {
        return Status.fromCode(status).withDescription(code.name() + ": " + getMessage());
    }

    /** Trailers naming the code. */
    public Metadata trailers() {
        Metadata trailers = new Metadata();
        trailers.put(CODE_KEY, code.name());
        return trailers;
    }
}
