package org.shuyu.jobs.lineage;

import static java.util.Objects.requireNonNull;

import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.shuyu.jobs.authz.EnforcementException;
import org.shuyu.lineage.ColumnEdge;
import org.shuyu.lineage.TransformationKind;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Derives a statement's lineage from its analysed plan (docs/lineage-capture.md), fail closed: a command, plan node
 * or expression it does not know is refused ({@code LINEAGE_UNSUPPORTED}) rather than guessed. Pure: it only reads
 * the plan (and, for names, the session's current database and temporary views through {@link Names}).
 *
 * <p>Bottom-up, every operator maps each of its output attributes (by expression id) to the input columns the value
 * derives from, each with the kind of the path: masked anywhere on the path makes it MASKED, else an aggregation
 * AGGREGATION, else any function TRANSFORMATION, else IDENTITY. When one output reaches one input column along
 * several paths, {@link TransformationKind#strongest} picks the kind. Conditions (filters, join conditions, grouping,
 * window and sort keys) are collected as indirect kinds and apply to every written column.
 *
 * <p>Leaves are the masking projections of {@link org.shuyu.jobs.authz.SecureRelationsRule} (a table read; the
 * policy's row filter below is not the statement's and is not recorded), persistent views (a dataset of their own;
 * not looked into), and constant relations. Temporary views, CTEs and subqueries are looked through.
 *
 * <p>The walk is split by what it visits, sharing one {@link WalkState} per statement: {@link StatementWalk} (the
 * kind of statement), {@link OperatorWalk} (plan node kinds) and {@link ExpressionOrigins} (expressions).
 */
public final class PlanLineage {
    /** The catalog facts names depend on. */
    public interface Names {
        String currentDatabase();

        boolean isTempView(TableIdentifier identifier);

        /** The columns of a table or view of the catalog, in order. */
        List<String> columns(TableIdentifier identifier);
    }

    private final Set<String> sources;
    private final Names names;

    /** {@code sources}: the job's source datasets as {@code namespace.table}, any case. */
    public PlanLineage(Set<String> sources, Names names) {
        Set<String> lower = new HashSet<>();
        for (String source : requireNonNull(sources, "sources is null")) {
            lower.add(source.toLowerCase(Locale.ROOT));
        }
        this.sources = Set.copyOf(lower);
        this.names = requireNonNull(names, "names is null");
    }

    /** The lineage of an analysed statement; {@code preview} marks the result preview. */
    public StatementLineage derive(LogicalPlan analyzed, boolean preview) {
        try {
            return new StatementWalk(sources, names).statement(requireNonNull(analyzed, "analyzed is null"), preview);
        } catch (IllegalArgumentException e) {
            // A name the lineage model does not accept (e.g. not database.table): not recordable.
            throw LineageUnsupported.because("a name the lineage model does not accept: " + e.getMessage());
        } catch (EnforcementException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            // Anything unexpected while walking: the lineage is not established, so the statement does not run.
            throw LineageUnsupported.because("the plan could not be walked (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Kinds along one path: the most transforming wins (IDENTITY < TRANSFORMATION < AGGREGATION < MASKED). */
    static TransformationKind compose(TransformationKind a, TransformationKind b) {
        return a.ordinal() >= b.ordinal() ? a : b;
    }

    static final Comparator<ColumnEdge> EDGE_ORDER = Comparator
            .comparing((ColumnEdge e) -> e.target().dataset()).thenComparing(e -> e.target().column())
            .thenComparing(e -> e.source().dataset()).thenComparing(e -> e.source().column())
            .thenComparing(ColumnEdge::kind);

    static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    static <T> List<T> list(scala.collection.Iterable<T> seq) {
        return List.copyOf(CollectionConverters.asJavaCollection(seq));
    }

    static <T> Optional<T> optional(scala.Option<T> option) {
        return option.isDefined() ? Optional.ofNullable(option.get()) : Optional.empty();
    }
}
