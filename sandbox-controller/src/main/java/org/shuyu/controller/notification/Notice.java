package org.shuyu.controller.notification;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One notice to one {@link Recipient}: someone must act (or should know) because a workflow moved. {@code kind} is a
 * stable dotted name ({@code product.returned}, {@code quality.due}) that the console translates; {@code subjectType}
 * and {@code subjectId} name what it is about ({@code product}/{@code P-…}); {@code summary} is a short English line for
 * mail and webhooks. A summary never carries data values (cell values, statement text): only identifiers, states,
 * codes and counts (SentinelChannelsTest scans notifications like every other channel). {@code due} is the deadline
 * the recipient acts by, if there is one.
 */
public record Notice(String kind, Recipient recipient, String subjectType, String subjectId, String summary,
        Optional<Instant> due) {
    private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+");
    public static final int SUMMARY_MAX = 500;

    public Notice {
        requireNonNull(kind, "kind is null");
        requireNonNull(recipient, "recipient is null");
        requireNonNull(subjectType, "subjectType is null");
        requireNonNull(subjectId, "subjectId is null");
        requireNonNull(summary, "summary is null");
        requireNonNull(due, "due is null");
        if (!KIND.matcher(kind).matches() || kind.length() > 64) {
            throw new IllegalArgumentException("notice kind must be dotted lower-case words, got '" + kind + "'");
        }
        if (subjectType.isBlank() || subjectId.isBlank()) {
            throw new IllegalArgumentException("a notice names its subject");
        }
        if (summary.length() > SUMMARY_MAX) {
            summary = summary.substring(0, SUMMARY_MAX);
        }
    }

    public static Notice of(String kind, Recipient recipient, String subjectType, String subjectId, String summary) {
        return new Notice(kind, recipient, subjectType, subjectId, summary, Optional.empty());
    }

    public Notice due(Instant deadline) {
        return new Notice(kind, recipient, subjectType, subjectId, summary, Optional.of(deadline));
    }
}
