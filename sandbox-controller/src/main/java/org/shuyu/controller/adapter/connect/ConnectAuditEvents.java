package org.shuyu.controller.adapter.connect;

import java.util.Optional;
import java.util.Set;
import org.shuyu.controller.audit.AuditEvent;
import org.shuyu.controller.identity.Actor;

/**
 * The audit events of the Spark Connect front door: one per refused call (no or a bad token, no workspace, the
 * workspace gate, a malformed request, too many calls), with codes, ids and the method name only — never a message's
 * content, which may hold data values.
 */
final class ConnectAuditEvents {
    private static final int MAX_DETAIL = 1000;

    private ConnectAuditEvents() {}

    /** A Connect call refused before it reached the engine. */
    static AuditEvent callRefused(Optional<Actor> actor, String method, Optional<String> workspaceId, String code, String reason) {
        Set<String> roles = actor.map(AuditEvent::rolesOf).orElse(Set.of());
        return new AuditEvent(actor.map(Actor::userId).orElse("anonymous"), roles, "connect " + printable(method, 100),
                workspaceId.isPresent() ? "workspace" : "request",
                workspaceId.map(id -> printable(id, 200)).orElse("connect " + printable(method, 100)),
                Optional.empty(), AuditEvent.Outcome.REFUSED, Optional.of(code), printable(reason, MAX_DETAIL));
    }

    /** At most {@code max} characters, control characters replaced (a refused call may carry anything). */
    private static String printable(String s, int max) {
        String text = String.valueOf(s);
        String cut = text.length() <= max ? text : text.substring(0, max - 3) + "...";
        StringBuilder out = new StringBuilder(cut.length());
        cut.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) || Character.isSurrogate((char) c) ? '?' : c));
        return out.toString();
    }
}
