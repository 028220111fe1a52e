package org.shuyu.controller.product;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.Actor;
import org.springframework.stereotype.Service;

/**
 * The operator's contribution declarations (docs/disclosure.md): for an aggregated amount column of a candidate, the
 * workspace table of its contributions. Declared, replaced or removed by the grant's members or the operator's
 * accountable person while the candidate waits for its checks to be started: DRAFT, and RETURNED (the state a
 * reviewer returns a candidate to for revision) where the product airlock has it. Each change is audited with column
 * and table names, never values. Nothing is trusted here: the airlock verifies a declaration against the candidate.
 */
@Service
public class ProductContributions {
    /**
     * The states in which declarations may change, by name: the states before the checks that a submission leaves.
     * RETURNED joins by name when the airlock's table has it (issue 20, a candidate returned for revision).
     */
    static final Set<String> DECLARABLE_STATE_NAMES = Set.of("DRAFT", "RETURNED");
    static final int MAX_CELL_COLUMNS = 16;

    private final DisclosureStore store;
    private final ProductSteps steps;
    private final ProductQueries queries;

    public ProductContributions(DisclosureStore store, ProductSteps steps, ProductQueries queries) {
        this.store = requireNonNull(store, "store is null");
        this.steps = requireNonNull(steps, "steps is null");
        this.queries = requireNonNull(queries, "queries is null");
    }

    /** What a declaration says: the contribution table, the cell key columns, the contributor and amount columns. */
    public record Declare(String table, List<String> cellColumns, String contributorColumn, String amountColumn) {}

    /** The states in which declarations may change, of those the airlock has. */
    public static Set<ProductState> declarableStates() {
        Set<ProductState> states = EnumSet.noneOf(ProductState.class);
        Arrays.stream(ProductState.values()).filter(s -> DECLARABLE_STATE_NAMES.contains(s.name())).forEach(states::add);
        return states;
    }

    /** The declarations of a product the actor may see (its review file). */
    public List<ContributionDeclaration> list(Actor actor, String productId) {
        Product p = queries.visible(actor, productId);
        if (!queries.insider(actor, p)) {
            throw SandboxException.notFound("product", productId);
        }
        return store.contributions(productId);
    }

    public ContributionDeclaration declare(Actor actor, String productId, String amountColumn, Declare body) {
        requireNonNull(actor, "actor is null");
        String column = columnName(amountColumn, "the amount column");
        if (body == null) {
            throw invalid("a declaration body is required");
        }
        String table = body.table() == null ? "" : body.table().strip().toLowerCase(Locale.ROOT);
        if (!ProductAuthoring.TABLE.matcher(table).matches()) {
            throw invalid("table must be a table name of the workspace (a-z, 0-9, '_')");
        }
        if (body.cellColumns() == null || body.cellColumns().isEmpty() || body.cellColumns().size() > MAX_CELL_COLUMNS) {
            throw invalid("cellColumns must list 1 to " + MAX_CELL_COLUMNS + " cell key columns (as named in the candidate)");
        }
        List<String> cells = new ArrayList<>();
        for (String c : body.cellColumns()) {
            cells.add(columnName(c, "a cell column"));
        }
        String contributor = columnName(body.contributorColumn(), "contributorColumn");
        String amount = columnName(body.amountColumn(), "amountColumn");
        List<String> all = new ArrayList<>(cells);
        all.add(contributor);
        all.add(amount);
        Set<String> distinct = all.stream().map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toCollection(HashSet::new));
        if (distinct.size() != all.size()) {
            throw invalid("the cell columns, contributorColumn and amountColumn must be distinct columns");
        }
        if (cells.stream().anyMatch(c -> c.equalsIgnoreCase(column))) {
            throw invalid("the amount column " + column + " cannot be a cell column");
        }
        Product visible = queries.visible(actor, productId);
        requireOperator(actor, visible, "declare contributions of");
        return steps.inTx(() -> {
            Product p = steps.lock(productId);
            requireDeclarable(p);
            ContributionDeclaration d = new ContributionDeclaration(p.id(), column, table, cells, contributor, amount,
                    actor.userId(), steps.now());
            store.putContribution(d);
            steps.append(ProductAuditEvents.done(actor, "product.contributions-declare", p, "column " + column
                    + ": contributions in table " + table + " (cells " + cells + ", contributor " + contributor
                    + ", amount " + amount + ")"));
            return d;
        });
    }

    public void remove(Actor actor, String productId, String amountColumn) {
        String column = columnName(amountColumn, "the amount column");
        Product visible = queries.visible(actor, productId);
        requireOperator(actor, visible, "remove contributions of");
        steps.inTx(() -> {
            Product p = steps.lock(productId);
            requireDeclarable(p);
            if (!store.removeContribution(p.id(), column)) {
                throw SandboxException.notFound("contribution declaration", column);
            }
            steps.append(ProductAuditEvents.done(actor, "product.contributions-remove", p, "column " + column));
            return null;
        });
    }

    private void requireOperator(Actor actor, Product p, String what) {
        if (!queries.actsForOperator(actor, p)) {
            throw new SandboxException(ErrorCode.NOT_A_MEMBER, actor.userId() + " may not " + what + " product " + p.id()
                    + ": only its grant's members and the operator's accountable person can");
        }
    }

    private static void requireDeclarable(Product p) {
        if (!DECLARABLE_STATE_NAMES.contains(p.state().name())) {
            throw new SandboxException(ErrorCode.CONTRIBUTIONS_NOT_DECLARABLE, "contributions of product " + p.id()
                    + " cannot change: it is " + p.state() + " (they are declared before submission, in "
                    + declarableStates() + ")");
        }
    }

    private static String columnName(String value, String field) {
        String name = value == null ? "" : value.strip();
        if (name.isEmpty() || name.length() > 256 || name.chars().anyMatch(Character::isISOControl)) {
            throw invalid(field + " must be a column name of 1 to 256 printable characters");
        }
        return name;
    }

    private static SandboxException invalid(String message) {
        return new SandboxException(ErrorCode.INVALID_CONTRIBUTIONS, message);
    }
}
