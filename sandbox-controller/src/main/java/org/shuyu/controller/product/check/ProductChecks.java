package org.shuyu.controller.product.check;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.shuyu.controller.catalog.CatalogService;
import org.shuyu.controller.catalog.Dataset;
import org.shuyu.controller.config.ProductProperties;
import org.shuyu.controller.product.CheckResult;
import org.shuyu.controller.product.ContributionDeclaration;
import org.shuyu.controller.product.DisclosureRule;
import org.shuyu.controller.product.DisclosureStore;
import org.shuyu.controller.product.Product;
import org.shuyu.controller.product.ProductStore;
import org.shuyu.controller.product.SnapshotStore;
import org.shuyu.lineage.store.ColumnSensitivity;
import org.shuyu.lineage.store.DatasetInfo;
import org.shuyu.lineage.store.Direction;
import org.shuyu.lineage.store.LineageGraph;
import org.shuyu.lineage.store.LineageQueries;
import org.shuyu.lineage.store.LineageQuery;
import org.shuyu.lineage.store.LineageStore;
import org.springframework.stereotype.Component;

/**
 * Runs the automatic disclosure checks of the airlock (docs/products.md), each a {@link ProductCheck}, in the order of
 * {@link CheckResult.Check}. They read the candidate's column lineage (with the grades it inherited), the frozen
 * snapshot, and the grant's release ledger; each returns a verdict with a reason and its evidence. They never trust
 * what the author says about the table: the author's only inputs are the name of the group size column, whose lineage
 * is checked too, and contribution declarations (docs/disclosure.md), verified against the candidate before use.
 */
@Component
public class ProductChecks {
    private final LineageStore lineage;
    private final LineageQueries queries;
    private final SnapshotStore snapshots;
    private final ProductProperties settings;
    private final DisclosureStore disclosure;
    private final CatalogService catalog;
    private final List<ProductCheck> checks;

    public ProductChecks(LineageStore lineage, LineageQueries queries, SnapshotStore snapshots, ProductProperties settings,
            RawValueSources rawValues, DisclosureStore disclosure, CatalogService catalog) {
        this.lineage = requireNonNull(lineage, "lineage is null");
        this.queries = requireNonNull(queries, "queries is null");
        this.snapshots = requireNonNull(snapshots, "snapshots is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.disclosure = requireNonNull(disclosure, "disclosure is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.checks = List.of(new LineageCompleteCheck(), new WithinGrantCheck(), new NoIdentifyingColumnsCheck(settings),
                new NoRawValuesCheck(requireNonNull(rawValues, "rawValues is null")), new MinimumGroupSizeCheck(),
                new DifferencingCheck(), DominanceCheck.dominance(), DominanceCheck.pPercent(), new SizeBoundsCheck(settings));
        for (int i = 0; i < checks.size(); i++) {
            if (checks.get(i).kind().ordinal() != i) {
                throw new IllegalStateException("check " + checks.get(i).kind() + " out of order");
            }
        }
    }

    /**
     * What the checks look at: the candidate, its table as the lineage names it ({@code database.table}), the grant's
     * datasets, the snapshot file and when it was requested, and the grant's earlier releases.
     */
    public record Subject(Product product, String dataset, Set<String> grantDatasets, Path file, Instant snapshotRequestedAt,
            List<ProductStore.Release> releases, List<Declared> contributions) {
        public Subject {
            contributions = List.copyOf(contributions);
            requireNonNull(product, "product is null");
            requireNonNull(dataset, "dataset is null");
            grantDatasets = Set.copyOf(grantDatasets);
            requireNonNull(file, "file is null");
            requireNonNull(snapshotRequestedAt, "snapshotRequestedAt is null");
            releases = List.copyOf(releases);
        }
    }

    /** A contribution declaration with its table as the lineage names it and the file the airlock froze it into. */
    public record Declared(ContributionDeclaration declaration, String dataset, Path file) {
        public Declared {
            requireNonNull(declaration, "declaration is null");
            requireNonNull(dataset, "dataset is null");
            requireNonNull(file, "file is null");
        }
    }

    /** The outcome of all checks, and what a listing records in the ledger for an aggregated product. */
    public record Outcome(List<CheckResult> results, Optional<Aggregation> aggregation) {
        public Outcome {
            results = List.copyOf(results);
            requireNonNull(aggregation, "aggregation is null");
        }

        public boolean passed() {
            return results.stream().allMatch(CheckResult::passed);
        }
    }

    /**
     * An aggregated product's shape: its dimension columns (in key order), the signature of each (the grouping-key
     * source columns it copies; releases with the same signatures are compared), each group's size, and its k.
     */
    public record Aggregation(List<String> dimensions, List<String> signature, Map<String, Long> groups, int k) {
        public Aggregation {
            dimensions = List.copyOf(dimensions);
            signature = List.copyOf(signature);
            groups = Map.copyOf(groups);
        }
    }

    public Outcome run(Subject subject) {
        SnapshotStore.SnapshotInfo info = snapshots.describe(subject.file());
        Optional<DatasetInfo> dataset = lineage.dataset(subject.dataset());
        Optional<LineageGraph> upstream = dataset.isPresent() && !dataset.get().dropped()
                ? Optional.of(queries.query(LineageQuery.dataset(subject.dataset(), Direction.UPSTREAM))) : Optional.empty();
        List<ColumnSensitivity> columns = upstream.isEmpty() ? List.of()
                : lineage.columns(subject.dataset()).stream().filter(ColumnSensitivity::present).toList();
        ColumnGraph graph = upstream.isEmpty() ? ColumnGraph.EMPTY : ColumnGraph.of(queries, subject.dataset(), columns);
        int grade = graph.highestSourceGrade();
        CheckContext context = new CheckContext(subject, snapshots, info, dataset, upstream, columns, graph, grade,
                settings.minGroupSize().forGrade(grade), disclosure.rule(grade).orElse(DisclosureRule.defaultFor(grade)),
                table -> ColumnGraph.of(queries, table, lineage.columns(table).stream().filter(ColumnSensitivity::present)
                        .toList()), source -> catalog.find(source).flatMap(Dataset::subjectColumn));
        List<CheckResult> results = checks.stream().map(check -> check.check(context)).toList();
        return new Outcome(results, context.aggregation());
    }
}
