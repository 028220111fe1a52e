package org.shuyu.controller.adapter.web;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.shuyu.controller.grant.Application;
import org.shuyu.controller.grant.Grant;
import org.shuyu.controller.grant.Lab;
import org.shuyu.controller.grant.LifecycleStore;
import org.springframework.stereotype.Component;

/**
 * Names the subject a refused request was about, and its organization, so that a refusal on an
 * operator's lab, application or grant names the operator's accountable person too (R-24a).
 */
@Component
class RefusalSubjects {
    private static final Pattern SUBJECT = Pattern.compile("^/api/v1/(labs|applications|grants|organizations)/([A-Za-z0-9._-]{1,100})(/.*)?$");
    private final LifecycleStore store;

    RefusalSubjects(LifecycleStore store) {
        this.store = store;
    }

    record Subject(String type, String id, Optional<String> organizationId) {}

    Optional<Subject> of(String uri) {
        Matcher m = SUBJECT.matcher(uri);
        if (!m.matches()) {
            return Optional.empty();
        }
        String id = m.group(2);
        return Optional.of(switch (m.group(1)) {
            case "labs" -> new Subject("lab", id, store.lab(id).map(Lab::organizationId));
            case "applications" -> new Subject("application", id, store.application(id).map(Application::organizationId));
            case "grants" -> new Subject("grant", id, store.grant(id).map(Grant::organizationId));
            default -> new Subject("organization", id, Optional.of(id));
        });
    }
}
