package org.shuyu.controller.notification;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * One item on a user's to-do list: something that waits for that user (or a role the user holds) to act. Computed from
 * the workflows' own state by their {@link TodoSource}s, never stored, so it cannot drift from the truth: it disappears
 * as soon as the state moves on. {@code action} is the stable name of what to do ({@code review}, {@code answer},
 * {@code rectify}); {@code kind} and {@code subjectType}/{@code subjectId} follow {@link Notice}; {@code path} is the
 * API resource to act on; {@code overdue} is whether {@code due} has passed.
 */
public record Todo(String kind, String action, String subjectType, String subjectId, String summary, String path,
        Optional<Instant> due, boolean overdue) {
    public Todo {
        requireNonNull(kind, "kind is null");
        requireNonNull(action, "action is null");
        requireNonNull(subjectType, "subjectType is null");
        requireNonNull(subjectId, "subjectId is null");
        requireNonNull(summary, "summary is null");
        requireNonNull(path, "path is null");
        requireNonNull(due, "due is null");
    }

    /** A to-do without a deadline. */
    public static Todo of(String kind, String action, String subjectType, String subjectId, String summary, String path) {
        return new Todo(kind, action, subjectType, subjectId, summary, path, Optional.empty(), false);
    }

    /** A to-do due at {@code due}, overdue when {@code now} is past it. */
    public static Todo due(String kind, String action, String subjectType, String subjectId, String summary, String path,
            Instant due, Instant now) {
        return new Todo(kind, action, subjectType, subjectId, summary, path, Optional.of(due), now.isAfter(due));
    }
}
