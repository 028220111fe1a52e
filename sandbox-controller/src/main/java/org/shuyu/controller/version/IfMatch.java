package org.shuyu.controller.version;

import java.util.Set;

/**
 * The condition of an If-Match request header: {@code *} (any existing object) or a set of strong entity tags, each a
 * revision. A tag that is not a revision of ours (weak, or not a number) never matches, but is kept as written so the
 * condition is never mistaken for "no condition".
 *
 * @param any true for {@code *}
 * @param revisions the revisions named by strong tags
 */
public record IfMatch(boolean any, Set<Long> revisions) {
    public IfMatch {
        revisions = Set.copyOf(revisions);
    }

    /** Whether an object at {@code current} satisfies the condition. */
    public boolean matches(long current) {
        return any || revisions.contains(current);
    }

    /** The strong ETag of a revision: the number in double quotes. */
    public static String etag(long revision) {
        return "\"" + revision + "\"";
    }
}
