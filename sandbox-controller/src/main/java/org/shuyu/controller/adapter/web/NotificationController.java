package org.shuyu.controller.adapter.web;

import io.swagger.v3.oas.annotations.Operation;
import java.time.Instant;
import java.util.List;
import org.shuyu.controller.identity.CurrentActor;
import org.shuyu.controller.notification.Inbox;
import org.shuyu.controller.notification.InboxEntry;
import org.shuyu.controller.notification.Notice;
import org.shuyu.controller.notification.Recipient;
import org.shuyu.controller.notification.Todo;
import org.shuyu.controller.notification.TodoList;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The caller's inbox of notices and to-do list (docs/notifications.md); every role has both. */
@RestController
class NotificationController {
    private final Inbox inbox;
    private final TodoList todos;
    private final CurrentActor actor;

    NotificationController(Inbox inbox, TodoList todos, CurrentActor actor) {
        this.inbox = inbox;
        this.todos = todos;
        this.actor = actor;
    }

    /**
     * A notice as its reader sees it. {@code recipient} is {@code user} (to the reader alone) or {@code role} (to the
     * holders of {@code role} in {@code jurisdiction}); {@code read} and {@code readAt} are the reader's own mark.
     */
    record NotificationDto(long id, Instant createdAt, String kind, String recipient, String role, String jurisdiction,
            String subjectType, String subjectId, String summary, Instant due, boolean read, Instant readAt) {}

    record UnreadDto(long unread) {}

    /** One to-do item: {@code path} is the API resource to act on; {@code overdue} whether {@code due} has passed. */
    record TodoDto(String kind, String action, String subjectType, String subjectId, String summary, String path,
            Instant due, boolean overdue) {}

    @Operation(operationId = "listNotifications", tags = "notifications",
            summary = "The caller's notices, newest first (unread=true: only those the caller has not read)")
    @GetMapping("/api/v1/notifications")
    List<NotificationDto> list(@RequestParam(defaultValue = "false") boolean unread,
            @RequestParam(defaultValue = "100") int limit) {
        return inbox.of(actor.get(), unread, PageRequest.fetch(limit)).stream().map(NotificationController::dto).toList();
    }

    @Operation(operationId = "countUnreadNotifications", tags = "notifications",
            summary = "How many of the caller's notices the caller has not read")
    @GetMapping("/api/v1/notifications/unread-count")
    UnreadDto unread() {
        return new UnreadDto(inbox.unread(actor.get()));
    }

    @Operation(operationId = "markNotificationRead", tags = "notifications",
            summary = "Mark one of the caller's notices read for the caller")
    @PostMapping("/api/v1/notifications/{id}/read")
    NotificationDto markRead(@PathVariable String id) {
        return dto(inbox.markRead(actor.get(), id));
    }

    @Operation(operationId = "listTodos", tags = "notifications",
            summary = "What waits for the caller in every workflow, overdue first, then by due date")
    @GetMapping("/api/v1/todos")
    List<TodoDto> todos() {
        return todos.of(actor.get()).stream().map(t -> new TodoDto(t.kind(), t.action(), t.subjectType(), t.subjectId(),
                t.summary(), t.path(), t.due().orElse(null), t.overdue())).toList();
    }

    private static NotificationDto dto(InboxEntry e) {
        Notice n = e.notice();
        String kind = "user";
        String role = null;
        String jurisdiction = null;
        if (n.recipient() instanceof Recipient.Holders h) {
            kind = "role";
            role = h.role().name();
            jurisdiction = h.jurisdiction().code();
        }
        return new NotificationDto(e.id(), e.createdAt(), n.kind(), kind, role, jurisdiction, n.subjectType(), n.subjectId(),
                n.summary(), n.due().orElse(null), e.read(), e.readAt().orElse(null));
    }
}
