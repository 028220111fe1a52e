package org.shuyu.jobs.authz;

import static java.util.Objects.requireNonNull;

import org.apache.spark.sql.SparkSessionExtensions;
import scala.runtime.AbstractFunction1;
import scala.runtime.BoxedUnit;

/**
 * Wires the enforcement into a Spark session; it holds no logic of its own.
 * <ul>
 *   <li>parser: {@link GuardedParser} refuses file queries by path before analysis (Spark reads such files while
 *       analysing, so a later phase would be too late);</li>
 *   <li>resolution rule: {@link SecureRelationsRule} puts masks and row filters on every table read as soon as the
 *       table is resolved, so no operator above can be resolved against raw columns;</li>
 *   <li>check rule: {@link AuthorizationCheck} runs on every analysed plan before anything executes; a check rule
 *       rather than an optimizer rule because commands execute eagerly right after analysis, and optimizer rules
 *       such as constant folding could remove the functions it must refuse.</li>
 * </ul>
 * Given to {@code SparkSession.Builder.withExtensions} with the job's {@link Enforcement} (or, in the warm engine,
 * an {@link EnforcementResolver} that finds each member session's own); there is no
 * no-argument form, so it cannot be enabled (or replaced) through {@code spark.sql.extensions}.
 */
public final class ShuyuAuthzExtension extends AbstractFunction1<SparkSessionExtensions, BoxedUnit> {
    private final EnforcementResolver resolver;

    /** A batch job: every session of the process runs under the job's one {@code enforcement}. */
    public ShuyuAuthzExtension(Enforcement enforcement) {
        this(EnforcementResolver.fixed(enforcement));
    }

    /**
     * The warm engine: the parser and rules built for each Spark session ask {@code resolver} for THAT session's
     * enforcement every time they run; a session it does not know is refused everything.
     */
    public ShuyuAuthzExtension(EnforcementResolver resolver) {
        this.resolver = requireNonNull(resolver, "resolver is null");
    }

    @Override
    public BoxedUnit apply(SparkSessionExtensions extensions) {
        extensions.injectParser((session, delegate) -> new GuardedParser(delegate, resolver, session));
        extensions.injectResolutionRule(session -> new SecureRelationsRule(resolver, session));
        extensions.injectCheckRule(session -> new AuthorizationCheck(resolver, session));
        return BoxedUnit.UNIT;
    }
}
