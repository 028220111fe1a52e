package org.shuyu.controller.adapter.web;

import jakarta.servlet.http.HttpServletRequest;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.version.IfMatch;
import org.shuyu.controller.version.PreconditionFailedException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * 412 PRECONDITION_FAILED as problem+json that names the object's current ETag (field {@code etag} and the ETag
 * header), so a client can read the object again and decide. Audited like every refusal.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class PreconditionAdvice {
    private final RefusalAuditor auditor;

    PreconditionAdvice(RefusalAuditor auditor) {
        this.auditor = auditor;
    }

    @ExceptionHandler(PreconditionFailedException.class)
    ResponseEntity<ProblemDetail> failed(PreconditionFailedException e, HttpServletRequest request) {
        String etag = IfMatch.etag(e.current());
        ProblemDetail problem = Problems.of(ErrorCode.PRECONDITION_FAILED, e.getMessage(), request.getRequestURI());
        problem.setProperty("etag", etag);
        auditor.refused(request, ErrorCode.PRECONDITION_FAILED, e.getMessage(), JwtActors.current());
        return ResponseEntity.status(412).contentType(MediaType.APPLICATION_PROBLEM_JSON).header(HttpHeaders.ETAG, etag)
                .body(problem);
    }
}
