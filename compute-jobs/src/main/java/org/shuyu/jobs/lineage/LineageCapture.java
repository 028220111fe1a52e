package org.shuyu.jobs.lineage;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.apache.spark.sql.catalyst.catalog.SessionCatalog;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.shuyu.jobs.authz.EnforcementException;
import org.shuyu.jobs.spec.RuntimeConfig;
import org.shuyu.runtime.contract.RuntimeRequest;
import org.shuyu.lineage.LineageEvent;

/**
 * The write-ahead lineage of one job (docs/lineage-capture.md): derives a statement's START event from its analysed
 * plan, and delivers START, then COMPLETE or FAIL, through the {@link LineageSink}. The caller runs a statement only
 * after {@link #started} returned.
 */
public final class LineageCapture {
    private final String jobId;
    private final PlanLineage walker;
    private final LineageSink sink;
    private final Clock clock;

    public LineageCapture(String jobId, PlanLineage walker, LineageSink sink, Clock clock) {
        this.jobId = requireNonNull(jobId, "jobId is null");
        this.walker = requireNonNull(walker, "walker is null");
        this.sink = requireNonNull(sink, "sink is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** The capture of a job's session: names resolve in its catalog, sources are the configuration's. */
    public static LineageCapture of(SparkSession spark, RuntimeConfig config, LineageSink sink, Clock clock) {
        return of(spark, config.jobId(), config.sources(), sink, clock);
    }

    /** The capture of job (or engine statement) {@code jobId} in {@code spark}'s catalog with these sources. */
    public static LineageCapture of(SparkSession spark, String jobId, List<RuntimeRequest.Source> declared,
                                    LineageSink sink, Clock clock) {
        Set<String> sources = new HashSet<>();
        for (RuntimeRequest.Source source : declared) {
            sources.add(source.namespace() + "." + source.table());
        }
        SessionCatalog catalog = spark.sessionState().catalog();
        PlanLineage.Names names = new PlanLineage.Names() {
            @Override
            public String currentDatabase() {
                return catalog.getCurrentDatabase();
            }

            @Override
            public boolean isTempView(TableIdentifier identifier) {
                return identifier.database().isEmpty() && catalog.isTempView(identifier);
            }

            @Override
            public List<String> columns(TableIdentifier identifier) {
                try {
                    return List.of(catalog.getTableMetadata(identifier).schema().fieldNames());
                } catch (org.apache.spark.sql.AnalysisException e) {
                    throw LineageUnsupported.because("the columns of " + identifier.unquotedString()
                            + " cannot be read");
                }
            }
        };
        return new LineageCapture(jobId, new PlanLineage(sources, names), sink, clock);
    }

    /** The START event of an analysed statement; refuses ({@code LINEAGE_UNSUPPORTED}) what it cannot describe. */
    public LineageEvent start(int step, LogicalPlan analyzed, boolean preview) {
        StatementLineage lineage = walker.derive(analyzed, preview);
        try {
            return LineageEvent.start(jobId, step, clock.instant().toString(), lineage.statement(), lineage.inputs(),
                    lineage.outputs(), lineage.edges());
        } catch (IllegalArgumentException e) {
            throw LineageUnsupported.because("an event the lineage model does not accept: " + e.getMessage());
        }
    }

    /** Delivers a START; returns when the controller stored it. */
    public void started(LineageEvent start) {
        if (start.phase() != LineageEvent.Phase.START) {
            throw new IllegalArgumentException("not a START event");
        }
        sink.deliver(start);
    }

    public void completed(int step) {
        sink.deliver(LineageEvent.complete(jobId, step, clock.instant().toString()));
    }

    public void failed(int step, Throwable cause) {
        sink.deliver(LineageEvent.fail(jobId, step, clock.instant().toString(), failure(cause)));
    }

    /** A short reason without data: the refusal code, Spark's error condition, or the exception's type. */
    static String failure(Throwable cause) {
        java.util.Optional<EnforcementException> refusal = EnforcementException.find(cause);
        if (refusal.isPresent()) {
            return "refused: " + refusal.get().code();
        }
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SparkThrowable spark && spark.getCondition() != null) {
                return "failed: " + spark.getCondition();
            }
        }
        return "failed: " + cause.getClass().getSimpleName();
    }
}
