package org.shuyu.controller.adapter.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.shuyu.controller.error.ErrorCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** 401 and 403 from the security filter chain: problem+json, and an audit record of the refusal. */
@Component
public class RefusalHandlers implements AuthenticationEntryPoint, AccessDeniedHandler {
    private final RefusalAuditor auditor;
    private final JsonMapper json;

    public RefusalHandlers(RefusalAuditor auditor, JsonMapper json) {
        this.auditor = auditor;
        this.json = json;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        String reason = e instanceof InvalidBearerTokenException
                ? "the bearer token is invalid: " + e.getMessage()
                : "a valid bearer token is required";
        auditor.refused(request, ErrorCode.UNAUTHENTICATED, reason, Optional.empty());
        response.setHeader("WWW-Authenticate", "Bearer");
        write(response, Problems.of(ErrorCode.UNAUTHENTICATED, reason, request.getRequestURI()));
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        var actor = JwtActors.current();
        String reason = "role " + actor.map(a -> a.roles().toString()).orElse("[]") + " may not "
                + request.getMethod() + " " + request.getRequestURI();
        auditor.refused(request, ErrorCode.FORBIDDEN_ROLE, reason, actor);
        write(response, Problems.of(ErrorCode.FORBIDDEN_ROLE, reason, request.getRequestURI()));
    }

    private void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(json.writeValueAsBytes(problem));
    }
}
