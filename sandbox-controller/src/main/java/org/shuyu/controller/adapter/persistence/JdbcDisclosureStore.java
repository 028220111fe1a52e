package org.shuyu.controller.adapter.persistence;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.shuyu.controller.product.ContributionDeclaration;
import org.shuyu.controller.product.DisclosureRule;
import org.shuyu.controller.product.DisclosureStore;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Disclosure thresholds by grade and declared contributions on the controller's database (V31). */
@Repository
public class JdbcDisclosureStore implements DisclosureStore {
    /** Separates the cell columns in one row (a control character no column name may contain). */
    private static final String SEPARATOR = "\u001f";

    private final JdbcClient jdbc;

    public JdbcDisclosureStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<DisclosureRule> rule(int grade) {
        return jdbc.sql("SELECT grade, dominance_n, dominance_k, p_percent, updated_by, updated_at FROM disclosure_rules"
                + " WHERE grade = ?").param(grade).query(JdbcDisclosureStore::rule).optional();
    }

    @Override
    public void putRule(DisclosureRule r) {
        Timestamp at = r.updatedAt().map(Timestamp::from).orElse(null);
        String by = r.updatedBy().orElse(null);
        int updated = jdbc.sql("UPDATE disclosure_rules SET dominance_n = ?, dominance_k = ?, p_percent = ?, updated_by = ?,"
                + " updated_at = ? WHERE grade = ?").params(r.dominanceN(), r.dominanceK(), r.pPercent(), by, at, r.grade())
                .update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO disclosure_rules (grade, dominance_n, dominance_k, p_percent, updated_by, updated_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?)").params(r.grade(), r.dominanceN(), r.dominanceK(), r.pPercent(), by, at)
                    .update();
        }
    }

    @Override
    public List<ContributionDeclaration> contributions(String productId) {
        return jdbc.sql("SELECT product_id, amount_column, contribution_table, cell_columns, contributor_column,"
                + " contributor_amount, declared_by, declared_at FROM product_contributions WHERE product_id = ?"
                + " ORDER BY amount_column").param(productId).query(JdbcDisclosureStore::declaration).list();
    }

    @Override
    public void putContribution(ContributionDeclaration d) {
        removeContribution(d.productId(), d.amountColumn());
        jdbc.sql("INSERT INTO product_contributions (product_id, amount_column, contribution_table, cell_columns,"
                + " contributor_column, contributor_amount, declared_by, declared_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(d.productId(), d.amountColumn(), d.table(), String.join(SEPARATOR, d.cellColumns()),
                        d.contributorColumn(), d.contributorAmountColumn(), d.declaredBy(), Timestamp.from(d.declaredAt()))
                .update();
    }

    @Override
    public boolean removeContribution(String productId, String amountColumn) {
        return jdbc.sql("DELETE FROM product_contributions WHERE product_id = ? AND amount_column = ?")
                .params(productId, amountColumn).update() > 0;
    }

    private static DisclosureRule rule(ResultSet rs, int row) throws SQLException {
        Timestamp at = rs.getTimestamp("updated_at");
        return new DisclosureRule(rs.getInt("grade"), rs.getInt("dominance_n"), rs.getInt("dominance_k"),
                rs.getInt("p_percent"), Optional.ofNullable(rs.getString("updated_by")),
                Optional.ofNullable(at).map(Timestamp::toInstant));
    }

    private static ContributionDeclaration declaration(ResultSet rs, int row) throws SQLException {
        return new ContributionDeclaration(rs.getString("product_id"), rs.getString("amount_column"),
                rs.getString("contribution_table"), Arrays.asList(rs.getString("cell_columns").split(SEPARATOR)),
                rs.getString("contributor_column"), rs.getString("contributor_amount"), rs.getString("declared_by"),
                rs.getTimestamp("declared_at").toInstant());
    }
}
