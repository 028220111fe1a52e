package org.shuyu.controller.product;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.shuyu.controller.audit.AuditEvent;
import org.shuyu.controller.audit.AuditLog;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.Permissions;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The disclosure thresholds by grade (docs/disclosure.md): everyone signed in reads them (operators build products
 * to them); only the data authority sets them, each change audited with the thresholds before and after.
 */
@Service
public class DisclosureRules {
    private final DisclosureStore store;
    private final AuditLog audit;
    private final Clock clock;

    public DisclosureRules(DisclosureStore store, AuditLog audit, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** The thresholds of every grade, 1 to 4 (the default where none is stored). */
    @Transactional(readOnly = true)
    public List<DisclosureRule> all() {
        List<DisclosureRule> rules = new ArrayList<>();
        for (int grade = DisclosureRule.MIN_GRADE; grade <= DisclosureRule.MAX_GRADE; grade++) {
            rules.add(of(grade));
        }
        return rules;
    }

    @Transactional(readOnly = true)
    public DisclosureRule get(int grade) {
        requireGrade(grade);
        return of(grade);
    }

    /** Sets a grade's thresholds: the authority only; out-of-range values are refused and change nothing. */
    @Transactional
    public DisclosureRule set(Actor actor, int grade, int dominanceN, int dominanceK, int pPercent) {
        requireNonNull(actor, "actor is null");
        if (!Permissions.setsDisclosureRules(actor)) {
            throw new SandboxException(ErrorCode.FORBIDDEN_ROLE, "only the data authority sets the disclosure rules");
        }
        requireGrade(grade);
        DisclosureRule next = new DisclosureRule(grade, dominanceN, dominanceK, pPercent, Optional.of(actor.userId()),
                Optional.of(clock.instant()));
        next.invalidity().ifPresent(reason -> {
            throw new SandboxException(ErrorCode.INVALID_DISCLOSURE_RULE, reason);
        });
        DisclosureRule before = of(grade);
        store.putRule(next);
        audit.append(AuditEvent.done(actor, "disclosure.rule-set", "disclosure-rule", "grade-" + grade, Optional.empty(),
                "grade " + grade + ": " + before.describe() + " -> " + next.describe()));
        return next;
    }

    private DisclosureRule of(int grade) {
        return store.rule(grade).orElse(DisclosureRule.defaultFor(grade));
    }

    private static void requireGrade(int grade) {
        if (grade < DisclosureRule.MIN_GRADE || grade > DisclosureRule.MAX_GRADE) {
            throw new SandboxException(ErrorCode.INVALID_DISCLOSURE_RULE, "grade must be " + DisclosureRule.MIN_GRADE
                    + " to " + DisclosureRule.MAX_GRADE + ", got " + grade);
        }
    }
}
