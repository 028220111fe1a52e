package org.shuyu.controller.adapter.notification;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.shuyu.controller.notification.Notice;
import org.shuyu.controller.notification.Recipient;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stored notice on its way out: its id (receivers de-duplicate by it: delivery is at least once), when it was made,
 * the notice, and how often delivery was tried.
 */
public record OutgoingNotice(long id, Instant createdAt, Notice notice, int attempts) {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public OutgoingNotice {
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(notice, "notice is null");
    }

    /** The webhook body (docs/notifications.md): no data values, only what the notice says. */
    public String json() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("createdAt", createdAt.toString());
        body.put("kind", notice.kind());
        body.put("subject", Map.of("type", notice.subjectType(), "id", notice.subjectId()));
        body.put("summary", notice.summary());
        body.put("due", notice.due().map(Instant::toString).orElse(null));
        Map<String, Object> recipient = new LinkedHashMap<>();
        if (notice.recipient() instanceof Recipient.User u) {
            recipient.put("type", "user");
            recipient.put("user", u.userId());
        } else if (notice.recipient() instanceof Recipient.Holders h) {
            recipient.put("type", "role");
            recipient.put("role", h.role().name());
            recipient.put("jurisdiction", h.jurisdiction().code());
        }
        body.put("recipient", recipient);
        return JSON.writeValueAsString(body);
    }
}
