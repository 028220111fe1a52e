package org.shuyu.controller.announcement;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.util.Set;
import org.shuyu.controller.catalog.PriorityDomain;
import org.shuyu.controller.identity.Jurisdiction;

/** What the authority sends to publish a call for applications. */
public record AnnouncementDraft(
        String title,
        String body,
        String conditions,
        Set<PriorityDomain> priorityDomains,
        Jurisdiction jurisdiction,
        LocalDate opensOn,
        LocalDate closesOn) {

    public AnnouncementDraft {
        requireNonNull(title, "title is null");
        requireNonNull(body, "body is null");
        requireNonNull(conditions, "conditions is null");
        priorityDomains = Set.copyOf(requireNonNull(priorityDomains, "priorityDomains is null"));
        requireNonNull(jurisdiction, "jurisdiction is null");
        requireNonNull(opensOn, "opensOn is null");
        requireNonNull(closesOn, "closesOn is null");
    }
}
