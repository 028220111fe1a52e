package org.shuyu.controller.product.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.product.CheckResult;
import org.shuyu.controller.product.ContributionDeclaration;
import org.shuyu.controller.product.DisclosureRule;
import org.shuyu.controller.product.Product;
import org.shuyu.controller.product.ProductKind;
import org.shuyu.controller.product.ProductState;
import org.shuyu.controller.product.SnapshotStore;
import org.shuyu.lineage.ColumnRef;
import org.shuyu.lineage.DatasetKind;
import org.shuyu.lineage.Sensitivity;
import org.shuyu.lineage.TransformationKind;
import org.shuyu.lineage.store.Direction;
import org.shuyu.lineage.store.LineageGraph;
import org.shuyu.lineage.store.SensitivityOrigin;
import org.shuyu.policy.Classification;

/**
 * The DOMINANCE and P_PERCENT checks over declared contributions, without Spark (docs/disclosure.md): a sum of a
 * grade-3 amount without a declaration fails closed naming the column (never values); an honest declaration is
 * verified and its cells ruled with the grade's thresholds, at the edges; declarations that lie (totals that do not add
 * up, a contributor that is not the source's subject, an amount from elsewhere) are refused.
 */
@Tag("R-19b")
class ContributionCellsTest {
    private static final String SOURCE = "tax.payments";
    private static final String TABLE = "ws_demo.totals";
    private static final String CONTRIB = "ws_demo.contrib";
    private static final Path PRODUCT_FILE = Path.of("product.arrow");
    private static final Path CONTRIB_FILE = Path.of("contrib.arrow");
    /** Cell A: 5000.25 + 3500.50 + 1500.75 = 10001.50 (two largest 84.996%); cell B: 6000 + 7000 + 7000 = 20000. */
    private static final List<List<Object>> HONEST = List.of(
            row("A", "u1", "5000.25"), row("A", "u2", "3500.50"), row("A", "u3", "1500.75"),
            row("B", "u4", "6000"), row("B", "u5", "7000"), row("B", "u6", "7000"));
    private static final DisclosureRule GRADE_3 = rule(2, 85, 10);

    private final FakeSnapshots files = new FakeSnapshots();

    @Test
    void aSumOfAGrade3AmountWithoutADeclarationFailsClosedNamingTheColumnNeverValues() {
        files.put(PRODUCT_FILE, List.of("industry", "total", "n"), List.of(List.of("A", dec("10001.50"), 3L),
                List.of("B", dec("20000"), 3L)));
        for (CheckResult r : run(List.of(), GRADE_3, contributionGraph("uscc"))) {
            assertThat(r.passed()).as(r.toString()).isFalse();
            assertThat(r.reason()).startsWith("CONTRIBUTIONS_REQUIRED");
            assertThat(r.details()).containsExactly("total: aggregates grade 3 source column(s) [tax.payments.amount]");
            assertThat(r.toString()).doesNotContain("10001").doesNotContain("20000");
        }
    }

    @Test
    void anHonestDeclarationIsRuledWithTheGradesThresholdsAtTheEdges() {
        honestFiles(HONEST);
        // Dominance n=2, k=85: cell A's two largest make up 84.996% -> allowed. p=10: its rest is 15% of the largest.
        assertThat(verdicts(run(declared(), GRADE_3, contributionGraph("uscc")))).containsExactly(true, true);
        // The authority tightens grade 3 to k=84: cell A is now dominated; p=31: A's rest 1500.75 < 31% of 5000.25.
        List<CheckResult> strict = run(declared(), rule(2, 84, 31), contributionGraph("uscc"));
        assertThat(verdicts(strict)).containsExactly(false, false);
        assertThat(strict.get(0).reason()).startsWith("1 of 2 cell(s) of [total]").contains("n=2, k=84% for grade 3");
        assertThat(strict.get(0).details()).containsExactly("column total, cell (A) (3 contributor(s))");
        assertThat(strict.get(1).reason()).startsWith("1 of 2 cell(s)").contains("p=31% for grade 3");
        // p=30: A's rest is 30.01% of the largest -> allowed.
        assertThat(verdicts(run(declared(), rule(2, 85, 30), contributionGraph("uscc")))).containsExactly(true, true);
    }

    @Test
    void aDeclarationWhoseTotalsDoNotAddUpIsRefused() {
        List<List<Object>> lying = new ArrayList<>(HONEST);
        lying.set(0, row("A", "u1", "2500.25")); // a dominant contributor made smaller
        lying.add(row("A", "u7", "2500.00"));    // and its difference spread over an invented one (totals match)
        lying.set(3, row("B", "u4", "5000"));    // and cell B no longer adds up
        honestFiles(lying);
        List<CheckResult> results = run(declared(), GRADE_3, contributionGraph("uscc"));
        assertThat(verdicts(results)).containsExactly(false, false);
        assertThat(results.get(0).reason()).startsWith("CONTRIBUTIONS_MISMATCH").contains("1 of 2 cell(s)")
                .doesNotContain("5000").doesNotContain("20000");
    }

    @Test
    void aContributorThatIsNotTheSourcesSubjectIsRefused() {
        honestFiles(HONEST);
        // Contributors labelled by the tax period (a finer split than the taxpayer) would dilute every cell.
        List<CheckResult> results = run(declared(), GRADE_3, contributionGraph("period"));
        assertThat(verdicts(results)).containsExactly(false, false);
        assertThat(results.get(0).reason()).startsWith("CONTRIBUTIONS_MISMATCH").contains("not a copy of the subject column");
    }

    @Test
    void anAverageIsNotASumOfItsContributions() {
        files.put(PRODUCT_FILE, List.of("industry", "total", "n"), List.of(List.of("A", dec("3333.83"), 3L),
                List.of("B", dec("6666.67"), 3L)));
        files.put(CONTRIB_FILE, List.of("industry", "firm", "amount"), HONEST);
        assertThat(run(declared(), GRADE_3, contributionGraph("uscc")).get(0).reason()).startsWith("CONTRIBUTIONS_MISMATCH");
    }

    @Test
    void negativeContributionsAreRefused() {
        List<List<Object>> negative = new ArrayList<>(HONEST);
        negative.set(2, row("A", "u3", "-1500.75"));
        negative.add(row("A", "u8", "3001.50"));
        honestFiles(negative);
        assertThat(run(declared(), GRADE_3, contributionGraph("uscc")).get(0).reason()).startsWith("INVALID_CONTRIBUTIONS")
                .contains("1 negative");
    }

    // ---- fixture ---------------------------------------------------------------------------------------------------

    private void honestFiles(List<List<Object>> contributions) {
        files.put(PRODUCT_FILE, List.of("industry", "total", "n"), List.of(List.of("A", dec("10001.50"), 3L),
                List.of("B", dec("20000"), 3L)));
        files.put(CONTRIB_FILE, List.of("industry", "firm", "amount"), contributions);
    }

    private static List<ProductChecks.Declared> declared() {
        return List.of(new ProductChecks.Declared(new ContributionDeclaration("prod-1", "total", "contrib",
                List.of("industry"), "firm", "amount", "engineer", Instant.EPOCH), CONTRIB, CONTRIB_FILE));
    }

    private List<CheckResult> run(List<ProductChecks.Declared> declared, DisclosureRule rule, ColumnGraph contributions) {
        Product product = new Product("prod-1", "grant-1", "org-1", "totals", 1, ProductKind.DATA_PACKAGE, "", "scenario",
                "totals", Optional.of("n"), ProductState.CHECKING, Optional.empty(), "engineer", Instant.EPOCH,
                Instant.EPOCH, Optional.empty());
        ProductChecks.Subject subject = new ProductChecks.Subject(product, TABLE, Set.of(SOURCE), PRODUCT_FILE,
                Instant.EPOCH, List.of(), declared);
        LineageGraph upstream = new LineageGraph(TABLE, Direction.UPSTREAM, false, List.of(), List.of(), List.of(),
                List.of(), false);
        CheckContext context = new CheckContext(subject, files, files.describe(PRODUCT_FILE), Optional.empty(),
                Optional.of(upstream), List.of(), productGraph(), 3, 10, rule,
                dataset -> dataset.equals(CONTRIB) ? contributions : ColumnGraph.EMPTY,
                dataset -> dataset.equals(SOURCE) ? Optional.of("uscc") : Optional.empty());
        return List.of(DominanceCheck.dominance().check(context), DominanceCheck.pPercent().check(context));
    }

    private static List<Boolean> verdicts(List<CheckResult> results) {
        return results.stream().map(CheckResult::passed).toList();
    }

    /** totals: industry (copy, grouping key), total = sum(amount) (grade 3), n = count(DISTINCT uscc). */
    private static ColumnGraph productGraph() {
        Graph g = new Graph();
        g.edge(SOURCE + ".industry", TABLE + ".industry", TransformationKind.IDENTITY);
        g.edge(SOURCE + ".industry", TABLE + ".industry", TransformationKind.GROUP_BY);
        g.edge(SOURCE + ".amount", TABLE + ".total", TransformationKind.AGGREGATION);
        g.edge(SOURCE + ".uscc", TABLE + ".n", TransformationKind.AGGREGATION);
        return g.build();
    }

    /** contrib: industry, firm (a copy of {@code contributor} of the source), amount = sum(amount). */
    private static ColumnGraph contributionGraph(String contributor) {
        Graph g = new Graph();
        g.edge(SOURCE + ".industry", CONTRIB + ".industry", TransformationKind.IDENTITY);
        g.edge(SOURCE + "." + contributor, CONTRIB + ".firm", TransformationKind.IDENTITY);
        g.edge(SOURCE + ".amount", CONTRIB + ".amount", TransformationKind.AGGREGATION);
        return g.build();
    }

    private static final class Graph {
        private final Map<String, List<LineageGraph.Edge>> into = new HashMap<>();
        private final Map<String, LineageGraph.ColumnNode> nodes = new HashMap<>();

        void edge(String source, String target, TransformationKind kind) {
            node(source);
            node(target);
            into.computeIfAbsent(target, t -> new ArrayList<>()).add(new LineageGraph.Edge(source, target,
                    Optional.of(kind), "job#1"));
        }

        private void node(String id) {
            int dot = id.lastIndexOf('.');
            ColumnRef ref = new ColumnRef(id.substring(0, dot), id.substring(dot + 1));
            Optional<Sensitivity> s = !ref.dataset().equals(SOURCE) ? Optional.empty()
                    : Optional.of(ref.column().equals("amount") ? new Sensitivity(Classification.FINANCIAL, 3)
                            : new Sensitivity(Classification.PUBLIC, 1));
            nodes.put(id, new LineageGraph.ColumnNode(id, ref, 0, true, s, s.isPresent() ? SensitivityOrigin.CATALOG
                    : SensitivityOrigin.NONE));
        }

        ColumnGraph build() {
            return new ColumnGraph(into, nodes, Map.of(SOURCE, DatasetKind.SOURCE, TABLE, DatasetKind.TABLE, CONTRIB,
                    DatasetKind.TABLE));
        }
    }

    private static DisclosureRule rule(int n, int k, int p) {
        return new DisclosureRule(3, n, k, p, Optional.empty(), Optional.empty());
    }

    private static List<Object> row(String industry, String firm, String amount) {
        return List.of(industry, firm, dec(amount));
    }

    private static BigDecimal dec(String s) {
        return new BigDecimal(s);
    }

    /** Snapshots in memory: the columns and rows of each file. */
    private static final class FakeSnapshots implements SnapshotStore {
        private final Map<Path, List<String>> columns = new HashMap<>();
        private final Map<Path, List<List<Object>>> rows = new HashMap<>();

        void put(Path file, List<String> names, List<List<Object>> content) {
            columns.put(file, names);
            rows.put(file, content);
        }

        @Override
        public SnapshotInfo describe(Path file) {
            return new SnapshotInfo(columns.get(file).stream().map(n -> new SnapshotColumn(n, "?")).toList(),
                    rows.get(file).size(), 0, "0".repeat(64));
        }

        @Override
        public void scan(Path file, List<String> wanted, Consumer<List<Object>> row) {
            List<String> names = columns.get(file);
            for (List<Object> r : rows.get(file)) {
                List<Object> values = new ArrayList<>();
                wanted.forEach(w -> values.add(r.get(names.indexOf(w))));
                row.accept(values);
            }
        }
    }
}
