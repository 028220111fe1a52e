package org.shuyu.jobs.authz;

import java.util.Collection;
import java.util.Optional;
import org.shuyu.policy.MaskType;

/**
 * The policy decisions the enforcement layer needs, for the job's one fixed user. Every method fails closed with an
 * {@link EnforcementException} (e.g. {@code POLICY_UNAVAILABLE}) rather than answering from stale policies.
 */
public interface Authorizer {
    /** Throws {@code ACCESS_DENIED} naming the first request that is not allowed. */
    void check(Collection<AccessRequest> requests);

    /** The mask to apply to a column when it is read, if any. */
    Optional<MaskType> mask(String database, String table, String column);

    /** The row filter (a Spark SQL boolean expression over the table's columns) to apply when it is read, if any. */
    Optional<String> rowFilter(String database, String table);

    /** The policy version decisions are currently made with (for messages and tests). */
    long policyVersion();
}
