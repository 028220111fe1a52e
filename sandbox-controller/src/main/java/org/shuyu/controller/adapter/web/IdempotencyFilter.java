package org.shuyu.controller.adapter.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.shuyu.controller.audit.Sha256;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.idempotency.IdempotencyKeys;
import org.shuyu.controller.idempotency.IdempotencyKeys.Answer;
import org.shuyu.controller.idempotency.IdempotencyKeys.Entry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Idempotent creations (design point 7): a creation ({@link CreationRoutes}) sent with {@code Idempotency-Key} (1 to 255
 * printable ASCII characters) runs at most once per caller and key. The filter inserts an in-flight marker first (the
 * store's unique key decides a race between duplicates), runs the request, and stores a successful (2xx) answer for 24
 * hours with a fingerprint of method, path, query, content type and body; a failure releases the key. A retry of the
 * same request gets the stored status, body, Location and ETag with {@code Idempotent-Replayed: true}; the same key for
 * a different request is refused (422 IDEMPOTENCY_KEY_REUSED), and so is a duplicate while the first still runs (409
 * IDEMPOTENCY_KEY_IN_USE). A key on any other request is ignored. Runs after authentication and after
 * {@link RequestBodyFilter} (the body is read and bounded there).
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
class IdempotencyFilter extends OncePerRequestFilter {
    static final String HEADER = "Idempotency-Key";
    static final String REPLAYED = "Idempotent-Replayed";
    static final Duration KEPT = Duration.ofHours(24);
    /** How long an in-flight marker holds a key before it is taken for the trace of a crashed request. */
    static final Duration IN_FLIGHT = Duration.ofMinutes(15);
    private static final String[] REPEATED = {HttpHeaders.LOCATION, HttpHeaders.ETAG, HttpHeaders.CONTENT_TYPE};
    private static final Logger log = LoggerFactory.getLogger(IdempotencyFilter.class);

    private final IdempotencyKeys keys;
    private final RefusalAuditor auditor;
    private final JsonMapper json;
    private final Clock clock;

    IdempotencyFilter(IdempotencyKeys keys, RefusalAuditor auditor, JsonMapper json, Clock clock) {
        this.keys = keys;
        this.auditor = auditor;
        this.json = json;
        this.clock = clock;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getHeader(HEADER) == null || !CreationRoutes.isCreation(request.getMethod(), request.getRequestURI());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<String> caller = JwtActors.current().map(Actor::userId);
        if (caller.isEmpty()) {
            chain.doFilter(request, response); // refused by the security rules
            return;
        }
        String key = request.getHeader(HEADER);
        if (!valid(key)) {
            refuse(request, response, ErrorCode.IDEMPOTENCY_KEY_INVALID,
                    "Idempotency-Key must be 1 to 255 printable ASCII characters");
            return;
        }
        byte[] body = request.getInputStream().readAllBytes();
        HttpServletRequest replayable = new RequestBodyFilter.Buffered(request, body);
        String fingerprint = fingerprint(request, body);
        Instant now = clock.instant();
        keys.forgetExpired(caller.get(), key, now);
        if (keys.begin(caller.get(), key, request.getMethod(), request.getRequestURI(), fingerprint, now, now.plus(IN_FLIGHT))) {
            run(caller.get(), key, replayable, response, chain);
            return;
        }
        Optional<Entry> entry = keys.find(caller.get(), key);
        if (entry.isPresent() && !entry.get().fingerprint().equals(fingerprint)) {
            refuse(request, response, ErrorCode.IDEMPOTENCY_KEY_REUSED, "Idempotency-Key " + key
                    + " was used for another request (" + entry.get().method() + " " + entry.get().path()
                    + " or another body); use a new key for a new request");
        } else if (entry.isEmpty() || entry.get().answer().isEmpty()) {
            refuse(request, response, ErrorCode.IDEMPOTENCY_KEY_IN_USE, "the first request with Idempotency-Key " + key
                    + " is still running; retry when it has finished");
        } else {
            replay(entry.get().answer().get(), response);
        }
    }

    static boolean valid(String key) {
        if (key.isEmpty() || key.length() > 255) {
            return false;
        }
        return key.chars().allMatch(c -> c >= 0x20 && c <= 0x7e);
    }

    private void run(String caller, String key, HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ContentCachingResponseWrapper captured = new ContentCachingResponseWrapper(response);
        boolean stored = false;
        try {
            chain.doFilter(request, captured);
            int status = captured.getStatus();
            if (status >= 200 && status <= 299) {
                keys.complete(caller, key, new Answer(status, headers(captured),
                        Base64.getEncoder().encodeToString(captured.getContentAsByteArray())), clock.instant().plus(KEPT));
                stored = true;
            }
        } catch (RuntimeException e) {
            log.warn("idempotency key of {} not stored: {}", caller, e.toString());
            throw e;
        } finally {
            if (!stored) {
                keys.release(caller, key);
            }
            captured.copyBodyToResponse();
        }
    }

    private static String headers(HttpServletResponse response) {
        StringBuilder out = new StringBuilder();
        for (String name : REPEATED) {
            String value = response.getHeader(name);
            if (value != null) {
                out.append(name).append(": ").append(value).append('\n');
            }
        }
        return out.toString();
    }

    private static void replay(Answer answer, HttpServletResponse response) throws IOException {
        response.setStatus(answer.status());
        for (String line : answer.headers().split("\n")) {
            int colon = line.indexOf(": ");
            if (colon > 0) {
                response.setHeader(line.substring(0, colon), line.substring(colon + 2));
            }
        }
        response.setHeader(REPLAYED, "true");
        byte[] body = Base64.getDecoder().decode(answer.body());
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static String fingerprint(HttpServletRequest request, byte[] body) {
        String head = request.getMethod() + "\n" + request.getRequestURI() + "\n"
                + (request.getQueryString() == null ? "" : request.getQueryString()) + "\n"
                + (request.getContentType() == null ? "" : request.getContentType()) + "\n";
        byte[] headBytes = head.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(body, 0, all, headBytes.length, body.length);
        return Sha256.hex(all);
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, ErrorCode code, String detail)
            throws IOException {
        auditor.refused(request, code, detail, JwtActors.current());
        ProblemDetail problem = Problems.of(code, detail, Problems.safeInstance(request.getRequestURI()));
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(json.writeValueAsBytes(problem));
    }
}
