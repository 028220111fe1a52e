package org.shuyu.controller.adapter.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.shuyu.controller.job.LogContext;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every request has an id (issue 19, docs/operations.md): the caller's {@code X-Request-Id} when it is well formed
 * (1-64 letters, digits, {@code . _ : -}; a proxy's id is kept so its logs and ours join), otherwise a new UUID. It
 * is in the logging context ({@code requestId}) while the request is handled, so every log line of the request carries
 * it (the JSON log's field, the human-readable line's {@code [requestId]}), and it is returned in the response header.
 * Runs first, before the body limits and security, so refusals carry it too.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestIdFilter extends OncePerRequestFilter {
    public static final String HEADER = "X-Request-Id";
    private static final String ATTRIBUTE = RequestIdFilter.class.getName() + ".id";
    private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    /** The caller's id if well formed, else a new one. */
    static String idOf(String header) {
        return Optional.ofNullable(header).map(String::strip).filter(h -> WELL_FORMED.matcher(h).matches())
                .orElseGet(() -> UUID.randomUUID().toString());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String id = request.getAttribute(ATTRIBUTE) instanceof String earlier ? earlier : idOf(request.getHeader(HEADER));
        request.setAttribute(ATTRIBUTE, id);
        response.setHeader(HEADER, id);
        try (MDC.MDCCloseable ignored = MDC.putCloseable(LogContext.REQUEST_ID, id)) {
            chain.doFilter(request, response);
        }
    }

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false; // the error page's log lines belong to the same request
    }
}
