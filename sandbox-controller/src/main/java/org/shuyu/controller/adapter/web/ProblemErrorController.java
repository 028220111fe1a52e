package org.shuyu.controller.adapter.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.shuyu.controller.error.ErrorCategory;
import org.shuyu.controller.error.ErrorCode;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replaces Spring Boot's error page: whatever the servlet container refuses after routing began (an error status
 * sent by Tomcat or a filter, an exception no handler took) answers problem+json with a code, and a refusal is
 * audited like every other. {@code GET /error} asked for directly is an unknown route.
 */
@RestController
class ProblemErrorController implements ErrorController {
    private final RefusalAuditor auditor;

    ProblemErrorController(RefusalAuditor auditor) {
        this.auditor = auditor;
    }

    @RequestMapping("/error")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object statusAttribute = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = statusAttribute instanceof Integer i ? i : 404;
        for (Object t = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION); t instanceof Throwable e; t = e.getCause()) {
            if (e instanceof InvalidParameterException) {
                status = 400; // parameters that cannot be decoded, met in a filter: the client's fault
                break;
            }
            if (e.getCause() == e) {
                break;
            }
        }
        String uri = Optional.ofNullable(request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI)).map(Object::toString)
                .orElse(request.getRequestURI());
        ErrorCode code = Problems.codeFor(status);
        String detail = code.category() == ErrorCategory.INTERNAL
                ? "internal error; the platform has logged it"
                : "the request was refused (" + status + ")";
        ProblemDetail problem = Problems.of(code, detail, Problems.safeInstance(uri));
        problem.setStatus(status);
        if (code.category() != ErrorCategory.INTERNAL) {
            auditor.refused(request, uri, code, detail, JwtActors.current());
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
