package org.shuyu.controller.adapter.persistence;

import static org.shuyu.controller.adapter.persistence.JdbcLifecycleStore.instant;
import static org.shuyu.controller.adapter.persistence.JdbcLifecycleStore.instantOrNull;
import static org.shuyu.controller.adapter.persistence.JdbcLifecycleStore.ts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.shuyu.controller.exchange.ExchangeRecommendation;
import org.shuyu.controller.exchange.ExchangeState;
import org.shuyu.controller.exchange.ExchangeStore;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Exchange recommendations on the controller's database (V25__exchange_recommendations.sql). */
@Repository
public class JdbcExchangeStore implements ExchangeStore {
    private static final String COLUMNS = "SELECT id, product_id, grant_id, organization_id, jurisdiction, exchange, note,"
            + " state, recommended_by, recommended_at, updated_at, export_sha256, submitted_at, registration_number, reason,"
            + " decided_at FROM exchange_recommendations";
    private final JdbcClient jdbc;

    public JdbcExchangeStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void insert(ExchangeRecommendation r) {
        jdbc.sql("INSERT INTO exchange_recommendations (id, product_id, grant_id, organization_id, jurisdiction, exchange,"
                        + " note, state, recommended_by, recommended_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(r.id(), r.productId(), r.grantId(), r.organizationId(), r.jurisdiction(), r.exchange(), r.note(),
                        r.state().name(), r.recommendedBy(), ts(r.recommendedAt()), ts(r.updatedAt()))
                .update();
    }

    @Override
    public void update(ExchangeRecommendation r, Optional<String> export) {
        jdbc.sql("UPDATE exchange_recommendations SET state = ?, updated_at = ?, export_sha256 = ?, submitted_at = ?,"
                        + " registration_number = ?, reason = ?, decided_at = ?,"
                        + " export_text = COALESCE(?, export_text) WHERE id = ?")
                .params(r.state().name(), ts(r.updatedAt()), r.exportSha256().orElse(null),
                        r.submittedAt().map(JdbcLifecycleStore::ts).orElse(null), r.registrationNumber().orElse(null),
                        r.reason().orElse(null), r.decidedAt().map(JdbcLifecycleStore::ts).orElse(null),
                        export.orElse(null), r.id())
                .update();
    }

    @Override
    public Optional<ExchangeRecommendation> find(String id) {
        return jdbc.sql(COLUMNS + " WHERE id = ?").param(id).query(JdbcExchangeStore::map).optional();
    }

    @Override
    public Optional<ExchangeRecommendation> lock(String id) {
        return jdbc.sql(COLUMNS + " WHERE id = ? FOR UPDATE").param(id).query(JdbcExchangeStore::map).optional();
    }

    @Override
    public Optional<String> export(String id) {
        return jdbc.sql("SELECT export_text FROM exchange_recommendations WHERE id = ? AND export_text IS NOT NULL")
                .param(id).query(String.class).optional();
    }

    @Override
    public List<ExchangeRecommendation> ofProduct(String productId) {
        return jdbc.sql(COLUMNS + " WHERE product_id = ? ORDER BY recommended_at DESC, id DESC").param(productId)
                .query(JdbcExchangeStore::map).list();
    }

    @Override
    public List<ExchangeRecommendation> all(int limit) {
        return jdbc.sql(COLUMNS + " ORDER BY recommended_at DESC, id DESC LIMIT ?").param(limit)
                .query(JdbcExchangeStore::map).list();
    }

    @Override
    public List<ExchangeRecommendation> inState(ExchangeState state) {
        return jdbc.sql(COLUMNS + " WHERE state = ? ORDER BY recommended_at, id").param(state.name())
                .query(JdbcExchangeStore::map).list();
    }

    private static ExchangeRecommendation map(ResultSet rs, int row) throws SQLException {
        return new ExchangeRecommendation(rs.getString("id"), rs.getString("product_id"), rs.getString("grant_id"),
                rs.getString("organization_id"), rs.getString("jurisdiction"), rs.getString("exchange"),
                rs.getString("note"), ExchangeState.valueOf(rs.getString("state")), rs.getString("recommended_by"),
                instant(rs, "recommended_at"), instant(rs, "updated_at"), Optional.ofNullable(rs.getString("export_sha256")),
                optionalInstant(rs, "submitted_at"), Optional.ofNullable(rs.getString("registration_number")),
                Optional.ofNullable(rs.getString("reason")), optionalInstant(rs, "decided_at"));
    }

    private static Optional<Instant> optionalInstant(ResultSet rs, String column) throws SQLException {
        return Optional.ofNullable(instantOrNull(rs, column));
    }
}
