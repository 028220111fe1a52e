package org.shuyu.controller.adapter.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolationException;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.shuyu.controller.error.ErrorCategory;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.InvalidNullException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * The one place where errors become HTTP: problem+json (RFC 9457) with a stable {@code code}. Refusals of
 * changes, and every authorization refusal, are audited. Internal errors never leak their cause.
 */
@RestControllerAdvice
public class ProblemDetailAdvice {
    private static final Logger log = LoggerFactory.getLogger(ProblemDetailAdvice.class);
    private final RefusalAuditor auditor;

    public ProblemDetailAdvice(RefusalAuditor auditor) {
        this.auditor = auditor;
    }

    @ExceptionHandler(SandboxException.class)
    ResponseEntity<ProblemDetail> sandbox(SandboxException e, HttpServletRequest request) {
        if (e.code().category() == ErrorCategory.INTERNAL) {
            log.error("platform fault on {} {}", request.getMethod(), request.getRequestURI(), e);
        }
        return respond(e.code(), e.getMessage(), request);
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ResponseEntity<ProblemDetail> invalid(MethodArgumentNotValidException e, HttpServletRequest request) {
        String detail = e.getBindingResult().getFieldErrors().stream()
                .map(f -> f.getField() + ": " + f.getDefaultMessage())
                .sorted()
                .collect(Collectors.joining("; "));
        if (detail.isEmpty()) {
            detail = e.getBindingResult().getAllErrors().stream().map(x -> String.valueOf(x.getDefaultMessage()))
                    .collect(Collectors.joining("; "));
        }
        return respond(ErrorCode.INVALID_REQUEST, "invalid request: " + detail, request);
    }

    @ExceptionHandler(HandlerMethodValidationException.class)
    ResponseEntity<ProblemDetail> invalidParameters(HandlerMethodValidationException e, HttpServletRequest request) {
        String detail = e.getAllErrors().stream().map(x -> String.valueOf(x.getDefaultMessage())).sorted()
                .collect(Collectors.joining("; "));
        return respond(ErrorCode.INVALID_REQUEST, "invalid request: " + detail, request);
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<ProblemDetail> constraint(ConstraintViolationException e, HttpServletRequest request) {
        String detail = e.getConstraintViolations().stream().map(v -> v.getPropertyPath() + ": " + v.getMessage()).sorted()
                .collect(Collectors.joining("; "));
        return respond(ErrorCode.INVALID_REQUEST, "invalid request: " + detail, request);
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ProblemDetail> illegalArgument(IllegalArgumentException e, HttpServletRequest request) {
        // Value types validate themselves in their constructors; their messages name the field.
        return respond(ErrorCode.INVALID_REQUEST, "invalid request: " + e.getMessage(), request);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e, HttpServletRequest request) {
        Unreadable why = unreadableReason(e);
        ResponseEntity<ProblemDetail> response = respond(why.code(), "malformed request body: " + why.reason(), request);
        why.field().ifPresent(field -> response.getBody().setProperty("field", field));
        return response;
    }

    /** Why a body could not be read: the code, a reason naming the field without echoing Java class names, the field. */
    record Unreadable(ErrorCode code, String reason, Optional<String> field) {}

    /** Says which field is wrong without echoing Java class names or the value sent. */
    static Unreadable unreadableReason(HttpMessageNotReadableException e) {
        Throwable cause = e.getMostSpecificCause();
        if (cause instanceof IllegalArgumentException || cause instanceof NullPointerException) {
            return new Unreadable(ErrorCode.MALFORMED_BODY, String.valueOf(cause.getMessage()), Optional.empty());
        }
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof DatabindException databind && !databind.getPath().isEmpty()) {
                String field = path(databind.getPath());
                String reason;
                if (t instanceof UnrecognizedPropertyException) {
                    reason = "field '" + field + "' is not part of this request";
                } else if (t instanceof InvalidNullException) {
                    reason = "field '" + field + "' must not be null";
                } else if (t instanceof InvalidFormatException invalid && invalid.getTargetType() != null
                        && invalid.getTargetType().isEnum()) {
                    reason = "field '" + field + "': '" + invalid.getValue() + "' is not one of "
                            + Arrays.toString(invalid.getTargetType().getEnumConstants());
                } else if (t instanceof InvalidFormatException invalid
                        && invalid.getTargetType() == String.class) {
                    reason = "field '" + field + "' must not contain NUL (U+0000)";
                } else {
                    reason = "field '" + field + "' is missing, of the wrong JSON type, or badly formatted";
                }
                return new Unreadable(ErrorCode.INVALID_FIELD, reason, Optional.of(field));
            }
            if (t instanceof StreamReadException read && read.getOriginalMessage() != null
                    && read.getOriginalMessage().startsWith("Duplicate")) {
                Optional<String> field = duplicate(read);
                return new Unreadable(ErrorCode.INVALID_FIELD, "duplicate key" + field.map(f -> " '" + f + "'").orElse(""), field);
            }
        }
        return new Unreadable(ErrorCode.MALFORMED_BODY, "the request body is missing or is not valid JSON of the expected shape",
                Optional.empty());
    }

    private static String path(List<DatabindException.Reference> references) {
        return references.stream()
                .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    /** The path of a duplicated key, from the parser's context at the point it was seen ({@code a.b[0].c}). */
    private static Optional<String> duplicate(StreamReadException e) {
        JsonParser parser = e.processor();
        if (parser == null || parser.streamReadContext() == null) {
            return Optional.empty();
        }
        String pointer = parser.streamReadContext().pathAsPointer().toString();
        StringBuilder field = new StringBuilder();
        for (String segment : pointer.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            if (segment.chars().allMatch(Character::isDigit)) {
                field.append('[').append(segment).append(']');
            } else {
                field.append(field.isEmpty() ? "" : ".").append(segment.replace("~1", "/").replace("~0", "~"));
            }
        }
        return field.isEmpty() ? Optional.empty() : Optional.of(field.toString());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> mismatch(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        return respond(ErrorCode.INVALID_REQUEST, "invalid value for '" + e.getName() + "'", request);
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ProblemDetail> missing(MissingServletRequestParameterException e, HttpServletRequest request) {
        return respond(ErrorCode.INVALID_REQUEST, "missing parameter '" + e.getParameterName() + "'", request);
    }

    /** A query string or form body Tomcat cannot decode ({@code ?actor=%zz}): refused, not a platform fault. */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<ProblemDetail> undecodableParameters(InvalidParameterException e, HttpServletRequest request) {
        return respond(ErrorCode.MALFORMED_REQUEST, "the query string or form parameters cannot be decoded", request);
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ProblemDetail> noResource(NoResourceFoundException e, HttpServletRequest request) {
        return respond(ErrorCode.NOT_FOUND, "no such resource", request);
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ProblemDetail> method(HttpRequestMethodNotSupportedException e, HttpServletRequest request) {
        return respond(ErrorCode.METHOD_NOT_ALLOWED, "method " + e.getMethod() + " is not allowed here", request, 405);
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ProblemDetail> mediaType(HttpMediaTypeNotSupportedException e, HttpServletRequest request) {
        return respond(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "send application/json", request, 415);
    }

    /**
     * A safety net behind input validation: a value the database refuses (too long, a broken constraint)
     * rolled its transaction back, so nothing was written; the caller gets a 400, not a 500.
     */
    @ExceptionHandler(DataIntegrityViolationException.class)
    ResponseEntity<ProblemDetail> integrity(DataIntegrityViolationException e, HttpServletRequest request) {
        String state = e.getMostSpecificCause() instanceof SQLException sql ? String.valueOf(sql.getSQLState()) : "";
        String detail = state.startsWith("22")
                ? "a value is longer or larger than allowed"
                : "the request conflicts with the platform's data constraints";
        log.warn("database refused {} {}: {}", request.getMethod(), request.getRequestURI(), e.getMostSpecificCause().getMessage());
        return respond(state.startsWith("23505") ? ErrorCode.ALREADY_EXISTS : ErrorCode.INVALID_REQUEST, "invalid request: " + detail, request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        if (e instanceof ErrorResponse known && known.getStatusCode().is4xxClientError()) {
            // Spring MVC's own refusals (a missing header or path variable, a body too large, Accept not satisfiable):
            // the same shape and audit as ours, with the status Spring chose.
            int status = known.getStatusCode().value();
            return respond(Problems.codeFor(status), "the request was refused (" + status + ")", request, status);
        }
        log.error("unexpected failure on {} {}", request.getMethod(), request.getRequestURI(), e);
        return respond(ErrorCode.INTERNAL_ERROR, "internal error; the platform has logged it", request);
    }

    private ResponseEntity<ProblemDetail> respond(ErrorCode code, String detail, HttpServletRequest request) {
        return respond(code, detail, request, Problems.status(code.category()).value());
    }

    /**
     * Every refusal is audited (R-24d), reads included: a 404 for a resource the caller may not see is answered and
     * recorded exactly like one for a resource that does not exist. Platform faults and unavailability are logged,
     * not audited as refusals.
     */
    private ResponseEntity<ProblemDetail> respond(ErrorCode code, String detail, HttpServletRequest request, int status) {
        ProblemDetail problem = Problems.of(code, detail, request.getRequestURI());
        problem.setStatus(status);
        if (code.category() != ErrorCategory.INTERNAL && code.category() != ErrorCategory.UNAVAILABLE) {
            auditor.refused(request, code, detail, JwtActors.current());
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
