package org.shuyu.controller.adapter.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolationException;
import java.util.stream.Collectors;
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
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

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
        return respond(ErrorCode.MALFORMED_BODY, "malformed request body: " + unreadableReason(e), request);
    }

    /** Says which field is wrong without echoing Java class names. */
    static String unreadableReason(HttpMessageNotReadableException e) {
        Throwable cause = e.getMostSpecificCause();
        if (cause instanceof IllegalArgumentException || cause instanceof NullPointerException) {
            return String.valueOf(cause.getMessage());
        }
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof tools.jackson.databind.DatabindException databind && !databind.getPath().isEmpty()) {
                String field = databind.getPath().stream()
                        .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                        .collect(Collectors.joining(".")).replace(".[", "[");
                if (t instanceof tools.jackson.databind.exc.InvalidFormatException invalid && invalid.getTargetType() != null
                        && invalid.getTargetType().isEnum()) {
                    return "field '" + field + "': '" + invalid.getValue() + "' is not one of "
                            + java.util.Arrays.toString(invalid.getTargetType().getEnumConstants());
                }
                return "field '" + field + "' is missing, of the wrong type, or badly formatted";
            }
        }
        return "the request body is missing or is not valid JSON of the expected shape";
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> mismatch(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        return respond(ErrorCode.INVALID_REQUEST, "invalid value for '" + e.getName() + "'", request);
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ProblemDetail> missing(MissingServletRequestParameterException e, HttpServletRequest request) {
        return respond(ErrorCode.INVALID_REQUEST, "missing parameter '" + e.getParameterName() + "'", request);
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ProblemDetail> noResource(NoResourceFoundException e, HttpServletRequest request) {
        return respond(ErrorCode.NOT_FOUND, "no such resource", request);
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ProblemDetail> method(HttpRequestMethodNotSupportedException e, HttpServletRequest request) {
        ResponseEntity<ProblemDetail> base = respond(ErrorCode.METHOD_NOT_ALLOWED, "method " + e.getMethod() + " is not allowed here", request);
        return ResponseEntity.status(405).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(withStatus(base.getBody(), 405));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ProblemDetail> mediaType(HttpMediaTypeNotSupportedException e, HttpServletRequest request) {
        ResponseEntity<ProblemDetail> base = respond(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "send application/json", request);
        return ResponseEntity.status(415).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(withStatus(base.getBody(), 415));
    }

    /**
     * A safety net behind input validation: a value the database refuses (too long, a broken constraint)
     * rolled its transaction back, so nothing was written; the caller gets a 400, not a 500.
     */
    @ExceptionHandler(DataIntegrityViolationException.class)
    ResponseEntity<ProblemDetail> integrity(DataIntegrityViolationException e, HttpServletRequest request) {
        String state = e.getMostSpecificCause() instanceof java.sql.SQLException sql ? String.valueOf(sql.getSQLState()) : "";
        String detail = state.startsWith("22")
                ? "a value is longer or larger than allowed"
                : "the request conflicts with the platform's data constraints";
        log.warn("database refused {} {}: {}", request.getMethod(), request.getRequestURI(), e.getMostSpecificCause().getMessage());
        return respond(state.startsWith("23505") ? ErrorCode.ALREADY_EXISTS : ErrorCode.INVALID_REQUEST, "invalid request: " + detail, request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        log.error("unexpected failure on {} {}", request.getMethod(), request.getRequestURI(), e);
        return respond(ErrorCode.INTERNAL_ERROR, "internal error; the platform has logged it", request);
    }

    private ResponseEntity<ProblemDetail> respond(ErrorCode code, String detail, HttpServletRequest request) {
        ProblemDetail problem = Problems.of(code, detail, request.getRequestURI());
        boolean change = !"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod());
        boolean authorization = code.category() == ErrorCategory.FORBIDDEN || code.category() == ErrorCategory.UNAUTHENTICATED;
        if ((change || authorization) && code.category() != ErrorCategory.INTERNAL) {
            auditor.refused(request, code, detail, JwtActors.current());
        }
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private static ProblemDetail withStatus(ProblemDetail problem, int status) {
        problem.setStatus(status);
        return problem;
    }
}
