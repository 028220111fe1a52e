package org.shuyu.controller.adapter.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import java.util.Set;
import org.shuyu.controller.audit.AuditEvent;
import org.shuyu.controller.audit.AuditLog;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.identity.Actor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerMapping;

/** Appends every refused attempt to the audit log (R-24d), in its own durable transaction. */
@Component
public class RefusalAuditor {
    private static final Logger log = LoggerFactory.getLogger(RefusalAuditor.class);
    private final AuditLog audit;
    private final RefusalSubjects subjects;

    public RefusalAuditor(AuditLog audit, RefusalSubjects subjects) {
        this.audit = audit;
        this.subjects = subjects;
    }

    public void refused(HttpServletRequest request, ErrorCode code, String reason, Optional<Actor> actor) {
        refused(request, request.getRequestURI(), code, reason, actor);
    }

    /** A refusal of a request whose path is {@code uri} (an error dispatch's original path, or a raw rejected one). */
    public void refused(HttpServletRequest request, String uri, ErrorCode code, String reason, Optional<Actor> actor) {
        String pattern = Optional.ofNullable(request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE))
                .map(Object::toString)
                .orElse(truncate(String.valueOf(uri), 200));
        Set<String> roles = actor.map(AuditEvent::rolesOf).orElse(Set.of());
        try {
            Optional<RefusalSubjects.Subject> subject = subjects.of(String.valueOf(uri));
            AuditEvent event = new AuditEvent(
                actor.map(Actor::userId).orElse("anonymous"),
                roles,
                // audit_log.action holds 100 characters: a long raw path (no matched pattern yet) is cut there
                truncate(truncate(String.valueOf(request.getMethod()), 20) + " " + pattern, 100),
                subject.map(RefusalSubjects.Subject::type).orElse("request"),
                subject.map(RefusalSubjects.Subject::id).orElse(truncate(String.valueOf(uri), 200)),
                subject.flatMap(RefusalSubjects.Subject::organizationId),
                AuditEvent.Outcome.REFUSED,
                Optional.of(code.name()),
                truncate(String.valueOf(reason), 4000));
            audit.appendRefusal(event);
        } catch (RuntimeException e) {
            // The refusal itself stands; losing its record is a platform fault worth an error log.
            log.error("could not audit a refused {} {}", request.getMethod(), pattern, e);
        }
    }

    private static String truncate(String s, int max) {
        String cut = s.length() <= max ? s : s.substring(0, max);
        // A refused request may carry anything; the audit record keeps it printable (no NUL, no control characters).
        StringBuilder out = new StringBuilder(cut.length());
        cut.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) || Character.isSurrogate((char) c) ? '?' : c));
        return out.toString();
    }
}
