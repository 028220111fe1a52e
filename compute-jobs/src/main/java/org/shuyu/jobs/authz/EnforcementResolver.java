package org.shuyu.jobs.authz;

import static java.util.Objects.requireNonNull;

import org.apache.spark.sql.SparkSession;
import org.shuyu.jobs.JobsErrorCode;

/**
 * Which {@link Enforcement} a Spark session runs under. The parser and the rules {@link ShuyuAuthzExtension} injects
 * ask it on every use, for the session they were built for: a batch job has one (the job's, {@link #fixed}); the warm
 * engine has one per member session ({@code org.shuyu.jobs.engine.MemberSessions}). A session it does not know is
 * refused everything ({@link #unknown}, fail closed): it never falls back to another session's enforcement.
 */
@FunctionalInterface
public interface EnforcementResolver {
    /** The session's enforcement; throws {@link EnforcementException} ({@code NO_IDENTITY}) for an unknown session. */
    Enforcement resolve(SparkSession session);

    /** Always {@code enforcement}, whatever the session (a batch job: one session, one user). */
    static EnforcementResolver fixed(Enforcement enforcement) {
        requireNonNull(enforcement, "enforcement is null");
        return session -> enforcement;
    }

    /** The refusal for a session no member was registered for. */
    static EnforcementException unknown() {
        return new EnforcementException(JobsErrorCode.NO_IDENTITY,
                "this Spark session belongs to no member of the workspace: every statement is refused");
    }
}
