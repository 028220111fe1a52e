package org.shuyu.controller.adapter.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Collections;
import java.util.Optional;
import java.util.OptionalLong;
import org.shuyu.controller.version.IfMatch;
import org.shuyu.controller.version.Preconditions;
import org.shuyu.controller.version.Revisions;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Optimistic concurrency on labs, applications, grants and products at the HTTP edge. For a GET of the object, and for
 * every change of it or of its sub-resources, opens the request's {@link Preconditions} scope with the parsed If-Match
 * (changes only) and reads the object's revision before the handler runs; {@link VersionAdvice} answers with the ETag.
 * The If-Match itself is checked by the services under the row lock, not here.
 *
 * <p>Why the revision read before the handler is the right ETag of a read: every change bumps the revision in its own
 * transaction, so the body shows that revision or a later one; a client that sends it back as If-Match succeeds only if
 * nothing changed since, i.e. only if the body it saw was exactly that revision.
 */
@Component
class VersionInterceptor implements HandlerInterceptor {
    static final String SCOPE = VersionInterceptor.class.getName() + ".scope";
    static final String BEFORE = VersionInterceptor.class.getName() + ".before";
    private final Preconditions preconditions;
    private final Revisions revisions;

    VersionInterceptor(Preconditions preconditions, Revisions revisions) {
        this.preconditions = preconditions;
        this.revisions = revisions;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        Optional<LifecycleTargets.Target> target = LifecycleTargets.of(request.getRequestURI());
        if (target.isEmpty()) {
            return true;
        }
        boolean changing = LifecycleTargets.changing(request.getMethod());
        if (!changing && !("GET".equals(request.getMethod()) && target.get().whole())) {
            return true;
        }
        Optional<IfMatch> condition = changing
                ? IfMatchHeader.parse(Collections.list(request.getHeaders("If-Match")))
                : Optional.empty();
        LifecycleTargets.Target t = target.get();
        request.setAttribute(SCOPE, preconditions.open(t.kind(), t.id(), condition));
        OptionalLong before = revisions.current(t.kind(), t.id());
        if (before.isPresent()) {
            request.setAttribute(BEFORE, before.getAsLong());
        }
        return true;
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
        if (request.getAttribute(SCOPE) instanceof Preconditions.Scope scope) {
            scope.close();
        }
    }
}
