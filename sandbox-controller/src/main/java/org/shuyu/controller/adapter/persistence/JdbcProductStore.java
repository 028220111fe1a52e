package org.shuyu.controller.adapter.persistence;

import static org.shuyu.controller.adapter.persistence.JdbcLifecycleStore.instant;
import static org.shuyu.controller.adapter.persistence.JdbcLifecycleStore.instantOrNull;
import static org.shuyu.controller.adapter.persistence.JdbcLifecycleStore.ts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.shuyu.controller.product.CheckResult;
import org.shuyu.controller.product.DeliveryChannel;
import org.shuyu.controller.product.Product;
import org.shuyu.controller.product.check.ProductChecks;
import org.shuyu.controller.product.ProductKind;
import org.shuyu.controller.product.ProductState;
import org.shuyu.controller.product.ProductStore;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import org.shuyu.controller.version.Preconditions;
import org.shuyu.controller.version.Revisions;
import org.shuyu.controller.version.Versioned;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;

/**
 * Products on the controller's database (V10__products.sql). Check details and ledger groups are JSON. Every change of
 * a product, its checks, aggregation or reviews bumps its revision (V15, the API's ETag) in the same transaction.
 */
@Repository
public class JdbcProductStore implements ProductStore {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
    private static final TypeReference<LinkedHashMap<String, Long>> GROUPS = new TypeReference<>() {};
    private static final String COLUMNS = "SELECT id, grant_id, organization_id, name, version, kind, description, scenario,"
            + " source_table, group_size_column, state, state_reason, created_by, created_at, updated_at, snapshot_job_id,"
            + " snapshot_file, snapshot_rows, snapshot_bytes, snapshot_sha256, snapshot_taken_at FROM products";
    private final JdbcClient jdbc;
    private final Revisions revisions;

    @Autowired
    public JdbcProductStore(JdbcClient jdbc, Revisions revisions) {
        this.jdbc = jdbc;
        this.revisions = revisions;
    }

    /** A store without revision bookkeeping beyond the column itself (tests of the airlock alone). */
    public JdbcProductStore(JdbcClient jdbc) {
        this(jdbc, new JdbcRevisions(jdbc, new Preconditions()));
    }

    @Override
    public void insert(Product p) {
        jdbc.sql("INSERT INTO products (id, grant_id, organization_id, name, version, kind, description, scenario, source_table,"
                        + " group_size_column, state, state_reason, created_by, created_at, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(p.id(), p.grantId(), p.organizationId(), p.name(), p.version(), p.kind().name(), p.description(),
                        p.scenario(), p.sourceTable(), p.groupSizeColumn().orElse(null), p.state().name(),
                        p.stateReason().map(JdbcProductStore::clip).orElse(null), p.createdBy(), ts(p.createdAt()),
                        ts(p.updatedAt()))
                .update();
    }

    @Override
    public void update(Product p) {
        revisions.bump(Versioned.PRODUCT, p.id());
        Optional<Product.Snapshot> s = p.snapshot();
        jdbc.sql("UPDATE products SET state = ?, state_reason = ?, updated_at = ?, snapshot_job_id = ?, snapshot_file = ?,"
                        + " snapshot_rows = ?, snapshot_bytes = ?, snapshot_sha256 = ?, snapshot_taken_at = ? WHERE id = ?")
                .params(p.state().name(), p.stateReason().map(JdbcProductStore::clip).orElse(null), ts(p.updatedAt()),
                        s.map(Product.Snapshot::jobId).orElse(null), s.map(Product.Snapshot::file).orElse(null),
                        s.map(Product.Snapshot::rows).orElse(null), s.map(Product.Snapshot::bytes).orElse(null),
                        s.map(Product.Snapshot::sha256).orElse(null), s.map(x -> ts(x.takenAt())).orElse(null), p.id())
                .update();
    }

    @Override
    public Optional<Product> find(String id) {
        return jdbc.sql(COLUMNS + " WHERE id = ?").param(id).query(JdbcProductStore::map).optional();
    }

    @Override
    public Optional<Product> lock(String id) {
        return jdbc.sql(COLUMNS + " WHERE id = ? FOR UPDATE").param(id).query(JdbcProductStore::map).optional();
    }

    @Override
    public List<Product> all() {
        return jdbc.sql(COLUMNS + " ORDER BY created_at DESC, id DESC").query(JdbcProductStore::map).list();
    }

    @Override
    public List<Product> ofGrant(String grantId) {
        return jdbc.sql(COLUMNS + " WHERE grant_id = ? ORDER BY created_at DESC, id DESC").param(grantId)
                .query(JdbcProductStore::map).list();
    }

    @Override
    public List<Product> inState(ProductState state) {
        return jdbc.sql(COLUMNS + " WHERE state = ? ORDER BY updated_at DESC, id DESC").param(state.name())
                .query(JdbcProductStore::map).list();
    }

    @Override
    public int latestVersion(String grantId, String name) {
        Integer v = jdbc.sql("SELECT COALESCE(MAX(version), 0) FROM products WHERE grant_id = ? AND name = ?").params(grantId, name)
                .query(Integer.class).single();
        return v == null ? 0 : v;
    }

    @Override
    public void putChecks(String productId, List<CheckResult> checks) {
        revisions.bump(Versioned.PRODUCT, productId);
        jdbc.sql("DELETE FROM product_checks WHERE product_id = ?").param(productId).update();
        int position = 0;
        Instant now = Instant.now();
        for (CheckResult c : checks) {
            jdbc.sql("INSERT INTO product_checks (product_id, check_name, ordinal, verdict, reason, details, checked_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?)")
                    .params(productId, c.check().name(), position++, c.verdict().name(), clip(c.reason()),
                            JSON.writeValueAsString(c.details()), ts(now))
                    .update();
        }
    }

    @Override
    public List<CheckResult> checks(String productId) {
        return jdbc.sql("SELECT check_name, verdict, reason, details FROM product_checks WHERE product_id = ? ORDER BY ordinal")
                .param(productId)
                .query((rs, n) -> new CheckResult(CheckResult.Check.valueOf(rs.getString("check_name")),
                        CheckResult.Verdict.valueOf(rs.getString("verdict")), rs.getString("reason"),
                        JSON.readValue(rs.getString("details"), STRINGS)))
                .list();
    }

    @Override
    public void putAggregation(String productId, Optional<ProductChecks.Aggregation> aggregation) {
        revisions.bump(Versioned.PRODUCT, productId);
        jdbc.sql("UPDATE products SET aggregation = ? WHERE id = ?")
                .params(aggregation.map(a -> JSON.writeValueAsString(new AggregationJson(a.dimensions(), a.signature(),
                        new TreeMap<>(a.groups()), a.k()))).orElse(null), productId)
                .update();
    }

    @Override
    public Optional<ProductChecks.Aggregation> aggregation(String productId) {
        return jdbc.sql("SELECT aggregation FROM products WHERE id = ?").param(productId)
                .query((rs, n) -> Optional.ofNullable(rs.getString(1))).optional().flatMap(o -> o)
                .map(json -> {
                    AggregationJson a = JSON.readValue(json, AggregationJson.class);
                    return new ProductChecks.Aggregation(a.dimensions(), a.signature(), a.groups(), a.k());
                });
    }

    /** The stored form of an aggregation. */
    record AggregationJson(List<String> dimensions, List<String> signature, Map<String, Long> groups, int k) {}

    @Override
    public void insertReview(String productId, Review review) {
        revisions.bump(Versioned.PRODUCT, productId);
        jdbc.sql("INSERT INTO product_review_rounds (product_id, revision, reviewer, decision, comment, reviewed_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?)")
                .params(productId, review.revision(), review.reviewer(), review.decision().name(), clip(review.comment()),
                        ts(review.reviewedAt()))
                .update();
    }

    @Override
    public List<Review> reviews(String productId) {
        return jdbc.sql("SELECT revision, reviewer, decision, comment, reviewed_at FROM product_review_rounds"
                        + " WHERE product_id = ? ORDER BY revision, reviewed_at, reviewer")
                .param(productId)
                .query((rs, n) -> new Review(rs.getString("reviewer"), Review.Decision.valueOf(rs.getString("decision")),
                        rs.getString("comment"), instant(rs, "reviewed_at"), rs.getInt("revision")))
                .list();
    }

    @Override
    public Optional<String> statistics(String productId, String sha256) {
        return jdbc.sql("SELECT body FROM product_statistics WHERE product_id = ? AND sha256 = ?")
                .params(productId, sha256).query(String.class).optional();
    }

    @Override
    public void putStatistics(String productId, String sha256, String json, Instant computedAt) {
        jdbc.sql("INSERT INTO product_statistics (product_id, sha256, body, computed_at) VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT DO NOTHING")
                .params(productId, sha256, json, ts(computedAt)).update();
    }

    @Override
    public void insertRelease(Release r) {
        jdbc.sql("INSERT INTO product_releases (product_id, grant_id, dimensions, groups_json, min_k, released_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?)")
                .params(r.productId(), r.grantId(), JSON.writeValueAsString(r.dimensions()),
                        JSON.writeValueAsString(new TreeMap<>(r.groups())), r.k(), ts(r.releasedAt()))
                .update();
    }

    @Override
    public List<Release> releases(String grantId) {
        return jdbc.sql("SELECT product_id, grant_id, dimensions, groups_json, min_k, released_at FROM product_releases"
                        + " WHERE grant_id = ? ORDER BY released_at, product_id")
                .param(grantId)
                .query((rs, n) -> new Release(rs.getString("product_id"), rs.getString("grant_id"),
                        JSON.readValue(rs.getString("dimensions"), STRINGS), JSON.readValue(rs.getString("groups_json"), GROUPS),
                        rs.getInt("min_k"), instant(rs, "released_at")))
                .list();
    }

    @Override
    public void insertDelivery(DeliveryRecord d) {
        jdbc.sql("INSERT INTO product_deliveries (call_id, product_id, channel, caller, scenario, started_at, outcome)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(d.callId(), d.productId(), d.channel().name(), d.caller(), clip(d.scenario()), ts(d.startedAt()),
                        d.outcome())
                .update();
    }

    @Override
    public void finishDelivery(String callId, Instant endedAt, long rows, long bytes, Optional<String> failure) {
        jdbc.sql("UPDATE product_deliveries SET ended_at = ?, rows_sent = ?, bytes_sent = ?, outcome = ?, failure = ?"
                        + " WHERE call_id = ?")
                .params(ts(endedAt), rows, bytes, failure.isPresent() ? "FAILED" : "COMPLETED",
                        failure.map(f -> f.length() > 2000 ? f.substring(0, 1997) + "..." : f).orElse(null), callId)
                .update();
    }

    @Override
    public List<DeliveryRecord> deliveries(String productId, int limit) {
        return jdbc.sql("SELECT call_id, product_id, channel, caller, scenario, started_at, ended_at, rows_sent, bytes_sent,"
                        + " outcome, failure FROM product_deliveries WHERE product_id = ? ORDER BY started_at DESC, call_id DESC"
                        + " LIMIT ?")
                .params(productId, limit)
                .query((rs, n) -> new DeliveryRecord(rs.getString("call_id"), rs.getString("product_id"),
                        DeliveryChannel.valueOf(rs.getString("channel")), rs.getString("caller"), rs.getString("scenario"),
                        instant(rs, "started_at"), Optional.ofNullable(instantOrNull(rs, "ended_at")),
                        rs.getLong("rows_sent"), rs.getLong("bytes_sent"), rs.getString("outcome"),
                        Optional.ofNullable(rs.getString("failure"))))
                .list();
    }

    private static Product map(ResultSet rs, int n) throws SQLException {
        Optional<Product.Snapshot> snapshot = rs.getString("snapshot_sha256") == null ? Optional.empty()
                : Optional.of(new Product.Snapshot(rs.getString("snapshot_job_id"), rs.getString("snapshot_file"),
                        rs.getLong("snapshot_rows"), rs.getLong("snapshot_bytes"), rs.getString("snapshot_sha256"),
                        instant(rs, "snapshot_taken_at")));
        return new Product(rs.getString("id"), rs.getString("grant_id"), rs.getString("organization_id"), rs.getString("name"),
                rs.getInt("version"), ProductKind.valueOf(rs.getString("kind")), rs.getString("description"),
                rs.getString("scenario"), rs.getString("source_table"), Optional.ofNullable(rs.getString("group_size_column")),
                ProductState.valueOf(rs.getString("state")), Optional.ofNullable(rs.getString("state_reason")),
                rs.getString("created_by"), instant(rs, "created_at"), instant(rs, "updated_at"), snapshot);
    }

    private static String clip(String s) {
        return s.length() > 2000 ? s.substring(0, 1997) + "..." : s;
    }

}
