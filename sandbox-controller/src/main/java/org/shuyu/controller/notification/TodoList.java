package org.shuyu.controller.notification;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.Actor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * A user's to-do list (docs/notifications.md): what every {@link TodoSource} says waits for them, merged and sorted
 * overdue first, then by due date (soonest first), then the items without a deadline; ties by kind and subject. A
 * source that fails makes the whole answer fail with TODO_SOURCE_FAILED naming the source: a list that silently lacks
 * a workflow's items would read as "nothing to do" when there is.
 */
@Service
public class TodoList {
    private static final Logger log = LoggerFactory.getLogger(TodoList.class);
    static final Comparator<Todo> ORDER = Comparator.comparing((Todo t) -> !t.overdue())
            .thenComparing(t -> t.due().orElse(Instant.MAX))
            .thenComparing(Todo::kind).thenComparing(Todo::subjectType).thenComparing(Todo::subjectId)
            .thenComparing(Todo::action);
    private final ObjectProvider<TodoSource> sources;

    public TodoList(ObjectProvider<TodoSource> sources) {
        this.sources = requireNonNull(sources, "sources is null");
    }

    public List<Todo> of(Actor actor) {
        requireNonNull(actor, "actor is null");
        List<Todo> all = new ArrayList<>();
        for (TodoSource source : sources.orderedStream().toList()) {
            List<Todo> items;
            try {
                items = source.pending(actor);
            } catch (RuntimeException e) {
                // The exception's message may carry what the source read: only its type is logged.
                log.warn("to-do source {} failed for user {}: {}", name(source), actor.userId(), e.getClass().getName());
                throw new SandboxException(ErrorCode.TODO_SOURCE_FAILED, "the to-do source " + name(source)
                        + " failed; the list would be incomplete. Try again later.");
            }
            if (items != null) {
                all.addAll(items);
            }
        }
        all.sort(ORDER);
        return all;
    }

    /** A source's name: its class's simple name, without a proxy's suffix. */
    static String name(TodoSource source) {
        String simple = source.getClass().getSimpleName();
        int proxy = simple.indexOf("$$");
        return proxy > 0 ? simple.substring(0, proxy) : simple.isEmpty() ? source.getClass().getName() : simple;
    }
}
