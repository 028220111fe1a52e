package org.shuyu.controller.adapter.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.shuyu.controller.error.ErrorCategory;
import org.shuyu.controller.error.ErrorCode;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** Builds RFC 9457 problem details with the platform's stable {@code code}. The only place codes meet HTTP. */
final class Problems {
    private Problems() {}

    static HttpStatus status(ErrorCategory category) {
        return switch (category) {
            case INVALID_INPUT -> HttpStatus.BAD_REQUEST;
            case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            case PRECONDITION -> HttpStatus.PRECONDITION_FAILED;
            case RULE_VIOLATION -> HttpStatus.UNPROCESSABLE_CONTENT;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
            case INTERNAL -> HttpStatus.INTERNAL_SERVER_ERROR;
        };
    }

    /**
     * The code of a refusal known only by its HTTP status (made by Tomcat or Spring before a controller ran): 404 an
     * unknown route, 405 a wrong method, 413 a body too large, 415 a media type not accepted, other 4xx a malformed
     * request; 5xx a platform fault.
     */
    /**
     * The request path as a valid URI reference: a raw path that is not one (a refused request may carry anything) has
     * every character outside the unreserved and path sets percent-encoded, and is cut at 500 characters.
     */
    static String safeInstance(String path) {
        String p = path == null ? "" : path.length() > 500 ? path.substring(0, 500) : path;
        try {
            URI.create(p);
            return p;
        } catch (IllegalArgumentException e) {
            StringBuilder out = new StringBuilder();
            for (byte b : p.getBytes(StandardCharsets.UTF_8)) {
                char c = (char) (b & 0xff);
                if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~/".indexOf(c) >= 0) {
                    out.append(c);
                } else {
                    out.append('%').append(String.format("%02X", b & 0xff));
                }
            }
            return out.toString();
        }
    }

    static ErrorCode codeFor(int status) {
        return switch (status) {
            case 401 -> ErrorCode.UNAUTHENTICATED;
            case 403 -> ErrorCode.FORBIDDEN_ROLE;
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            default -> status >= 400 && status < 500 ? ErrorCode.MALFORMED_REQUEST : ErrorCode.INTERNAL_ERROR;
        };
    }

    static ProblemDetail of(ErrorCode code, String detail, String instance) {
        HttpStatus status = status(code.category());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("urn:shuyu:error:" + code.name().toLowerCase().replace('_', '-')));
        problem.setTitle(status.getReasonPhrase());
        problem.setInstance(URI.create(safeInstance(instance)));
        problem.setProperty("code", code.name());
        problem.setProperty("number", code.number());
        return problem;
    }
}
