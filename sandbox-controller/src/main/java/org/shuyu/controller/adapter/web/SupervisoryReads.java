package org.shuyu.controller.adapter.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.shuyu.controller.audit.AuditEvent;
import org.shuyu.controller.audit.AuditLog;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.Permissions;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * a security supervisor's read of the audit log, lineage, workspaces (with their policies, sessions, quarantine)
 * and jobs is itself audited, before it is served: one {@code supervision.read} record naming who read which path
 * (subject type {@code supervision}, subject id the workspace's or job's id or the family read; the query's parameter names only, never their values),, before the handler runs, so a read whose
 * record cannot be written is not served (fail closed). These reads are not filtered by jurisdiction, so a county-level
 * supervisor is refused them ({@code SUPERVISORY_READ_OUT_OF_SCOPE}); it reads its county's operators through their
 * inspections (docs/inspections.md).
 */
@Component
class SupervisoryReads implements HandlerInterceptor {
    /** The read families the article names, and the path's subject (type, id) where there is one. */
    private static final List<String> FAMILIES = List.of("/api/v1/audit", "/api/v1/lineage", "/api/v1/workspaces", "/api/v1/jobs");
    private static final Pattern SUBJECT = Pattern.compile("^/api/v1/(workspaces|jobs)/([A-Za-z0-9._-]{1,100})(/.*)?$");
    private final AuditLog audit;

    SupervisoryReads(AuditLog audit) {
        this.audit = audit;
    }

    static boolean supervisoryPath(String path) {
        return FAMILIES.stream().anyMatch(f -> path.equals(f) || path.startsWith(f + "/"));
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String path = request.getRequestURI();
        if (!"GET".equals(request.getMethod()) || !supervisoryPath(path)) {
            return true;
        }
        Optional<Actor> actor = JwtActors.current();
        if (actor.isEmpty() || !Permissions.readsAsSupervisor(actor.get())) {
            return true;
        }
        if (!Permissions.readsPlatformWide(actor.get())) {
            throw new SandboxException(ErrorCode.SUPERVISORY_READ_OUT_OF_SCOPE, "the read " + path + " is not scoped to a"
                    + " jurisdiction and is open to municipal supervisors only; county supervisors read their operators"
                    + " through inspections");
        }
        Matcher m = SUBJECT.matcher(path);
        String id = m.matches() ? m.group(2) : path.substring("/api/v1/".length()).split("/")[0];
        String detail = "GET " + (path.length() > 300 ? path.substring(0, 300) : path)
                + (request.getParameterMap().isEmpty() ? "" : "; parameters " + new TreeSet<>(request.getParameterMap().keySet()));
        audit.append(AuditEvent.done(actor.get(), "supervision.read", "supervision", id, Optional.empty(), detail));
        return true;
    }
}
