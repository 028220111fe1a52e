package org.shuyu.jobs.authz;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.shuyu.jobs.JobsErrorCode;
import scala.runtime.AbstractFunction1;
import scala.runtime.BoxedUnit;

/**
 * Check rule (runs on every fully analysed plan, SQL or DataFrame, before a command executes or a query is
 * planned): verifies the session lock, derives the statement's accesses with {@link PrivilegeExtractor} and asks
 * Ranger. Any failure to establish the privileges is a refusal ({@code AUTHORIZATION_ERROR}), never a pass.
 */
public final class AuthorizationCheck extends AbstractFunction1<LogicalPlan, BoxedUnit> {
    private final EnforcementResolver resolver;
    private final SparkSession session;

    public AuthorizationCheck(Enforcement enforcement, SparkSession session) {
        this(EnforcementResolver.fixed(enforcement), session);
    }

    /** The rule of {@code session}, asking {@code resolver} for the session's enforcement on every plan. */
    public AuthorizationCheck(EnforcementResolver resolver, SparkSession session) {
        this.resolver = requireNonNull(resolver, "resolver is null");
        this.session = requireNonNull(session, "session is null");
    }

    @Override
    public BoxedUnit apply(LogicalPlan plan) {
        Enforcement enforcement = resolver.resolve(session);
        if (!enforcement.enabled()) {
            return BoxedUnit.UNIT;
        }
        List<AccessRequest> requests;
        try {
            enforcement.verifyLockedSettings(session);
            requests = new PrivilegeExtractor(enforcement, session).extract(plan);
        } catch (EnforcementException e) {
            throw e;
        } catch (StackOverflowError e) {
            throw e; // fails the statement (closed) and is reported as STATEMENT_TOO_COMPLEX
        } catch (RuntimeException | LinkageError e) {
            EnforcementException nested = EnforcementException.find(e).orElse(null);
            if (nested != null) {
                throw nested;
            }
            throw new EnforcementException(JobsErrorCode.AUTHORIZATION_ERROR,
                    "the privileges of the statement could not be established (" + e.getClass().getSimpleName()
                            + "): refused", e);
        }
        enforcement.authorizer().check(requests);
        enforcement.checked(session, plan);
        return BoxedUnit.UNIT;
    }
}
