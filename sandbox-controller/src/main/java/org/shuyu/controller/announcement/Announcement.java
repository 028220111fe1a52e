package org.shuyu.controller.announcement;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.Set;
import org.shuyu.controller.catalog.PriorityDomain;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.Jurisdiction;

/**
 * A call for applications: published by the data authority of a jurisdiction, stating its conditions
 * and priority domains, open from {@code opensOn} to {@code closesOn} (inclusive; closes after it opens).
 */
public record Announcement(
        String id,
        String title,
        String body,
        String conditions,
        Set<PriorityDomain> priorityDomains,
        Jurisdiction jurisdiction,
        LocalDate opensOn,
        LocalDate closesOn,
        Instant publishedAt,
        String publishedBy) {

    public Announcement {
        requireNonNull(id, "id is null");
        requireNonNull(title, "title is null");
        requireNonNull(body, "body is null");
        requireNonNull(conditions, "conditions is null");
        requireNonNull(priorityDomains, "priorityDomains is null");
        requireNonNull(jurisdiction, "jurisdiction is null");
        requireNonNull(opensOn, "opensOn is null");
        requireNonNull(closesOn, "closesOn is null");
        requireNonNull(publishedAt, "publishedAt is null");
        requireNonNull(publishedBy, "publishedBy is null");
        if (priorityDomains.isEmpty()) {
            throw SandboxException.invalid("a call for applications names at least one priority domain");
        }
        priorityDomains = Set.copyOf(EnumSet.copyOf(priorityDomains));
        if (title.isBlank() || title.length() > 200) {
            throw SandboxException.invalid("title must be 1-200 characters");
        }
        if (body.isBlank() || body.length() > 8000) {
            throw SandboxException.invalid("body must be 1-8000 characters");
        }
        if (conditions.isBlank() || conditions.length() > 4000) {
            throw SandboxException.invalid("conditions must be 1-4000 characters");
        }
        if (!closesOn.isAfter(opensOn)) {
            throw new SandboxException(ErrorCode.INVALID_PERIOD,
                    "closesOn " + closesOn + " must be after opensOn " + opensOn);
        }
    }

    /** Whether applications may be made under this call on {@code day}. */
    public boolean isOpenOn(LocalDate day) {
        return !day.isBefore(opensOn) && !day.isAfter(closesOn);
    }
}
