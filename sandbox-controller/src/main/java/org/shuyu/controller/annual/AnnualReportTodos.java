package org.shuyu.controller.annual;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.Permissions;
import org.shuyu.controller.notification.Todo;
import org.shuyu.controller.notification.TodoSource;
import org.springframework.stereotype.Component;

/**
 * The annual reports on the to-do list: for an operator's accountable person, its reports still to submit (a draft or
 * returned, due by their deadline); for the authority, the submitted reports of its jurisdiction to evaluate or return.
 */
@Component
public class AnnualReportTodos implements TodoSource {
    private final AnnualReportReads reads;
    private final Clock clock;

    public AnnualReportTodos(AnnualReportReads reads, Clock clock) {
        this.reads = requireNonNull(reads, "reads is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public List<Todo> pending(Actor actor) {
        Instant now = clock.instant();
        List<Todo> out = new ArrayList<>();
        for (AnnualReport r : reads.list(actor)) {
            String path = "/api/v1/annual-reports/" + r.id();
            if (Permissions.writesAnnualReports(actor) && AnnualReportLifecycle.accepts(r.state(), AnnualReportEvent.SUBMIT)) {
                out.add(Todo.due("annual-report.due", "submit", "annual-report", r.id(), "submit the annual report "
                        + r.year() + " (" + r.state() + ")", path, r.due(), now));
            } else if (Permissions.evaluatesAnnualReports(actor)
                    && AnnualReportLifecycle.accepts(r.state(), AnnualReportEvent.EVALUATE)) {
                out.add(Todo.of("annual-report.submitted", "evaluate", "annual-report", r.id(), "evaluate the annual report "
                        + r.year() + " of organization " + r.organizationId(), path));
            }
        }
        return out;
    }
}
