package org.shuyu.controller.exchange;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.shuyu.controller.audit.Sha256;
import org.shuyu.controller.catalog.CatalogService;
import org.shuyu.controller.catalog.Dataset;
import org.shuyu.controller.grant.Grant;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.organization.Organization;
import org.shuyu.controller.product.Product;
import org.shuyu.controller.product.ProductStore;
import org.shuyu.controller.workspace.Workspace;
import org.shuyu.controller.workspace.WorkspaceService;
import org.shuyu.lineage.DatasetKind;
import org.shuyu.lineage.LineageProcess;
import org.shuyu.lineage.store.Direction;
import org.shuyu.lineage.store.LineageGraph;
import org.shuyu.lineage.store.LineageQueries;
import org.shuyu.lineage.store.LineageQuery;
import org.shuyu.lineage.store.LineageStore;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The registration record a partner data exchange receives (format {@value #FORMAT} version {@value #VERSION},
 * docs/exchange.md documents every field): the product, its operator and grant, its source datasets by id and grade,
 * a digest of its upstream lineage, its review decision and listing date. It carries identifiers, names, grades,
 * states, counts and digests only: no data values, no statement text, no free-text comments. The text is compact JSON
 * in a fixed field order; its SHA-256 is what the recommendation keeps at SUBMITTED.
 */
@Component
public class ExchangeExport {
    public static final String FORMAT = "shuyu.exchange-registration";
    public static final int VERSION = 1;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ProductStore products;
    private final CatalogService catalog;
    private final WorkspaceService workspaces;
    private final LineageStore lineage;
    private final LineageQueries queries;

    public ExchangeExport(ProductStore products, CatalogService catalog, WorkspaceService workspaces, LineageStore lineage,
            LineageQueries queries) {
        this.products = requireNonNull(products, "products is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.workspaces = requireNonNull(workspaces, "workspaces is null");
        this.lineage = requireNonNull(lineage, "lineage is null");
        this.queries = requireNonNull(queries, "queries is null");
    }

    /** The export as it would be made now, as text, and its SHA-256. */
    public record Text(String json, String sha256) {}

    public Text render(ExchangeRecommendation r, Product p, Grant grant, Organization operator, Actor by, Instant at) {
        String text = JSON.writeValueAsString(record(r, p, grant, operator, by, at));
        return new Text(text, Sha256.hex(text));
    }

    Map<String, Object> record(ExchangeRecommendation r, Product p, Grant grant, Organization operator, Actor by,
            Instant at) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("format", FORMAT);
        out.put("formatVersion", VERSION);
        out.put("exportedAt", at.toString());
        out.put("exportedBy", by.userId());

        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("id", r.id());
        rec.put("exchange", r.exchange());
        rec.put("recommendedBy", r.recommendedBy());
        rec.put("recommendedAt", r.recommendedAt().toString());
        out.put("recommendation", rec);

        Map<String, Object> product = new LinkedHashMap<>();
        product.put("id", p.id());
        product.put("name", p.name());
        product.put("version", p.version());
        product.put("kind", p.kind().name());
        product.put("scenario", p.scenario());
        product.put("listedAt", p.updatedAt().toString());
        product.put("contentSha256", p.snapshot().map(Product.Snapshot::sha256).orElse(null));
        product.put("rows", p.snapshot().map(Product.Snapshot::rows).orElse(null));
        out.put("product", product);

        Map<String, Object> op = new LinkedHashMap<>();
        op.put("organizationId", operator.id());
        op.put("name", operator.name());
        op.put("uscc", operator.uscc().toString());
        op.put("jurisdiction", operator.jurisdiction().code());
        op.put("accountablePerson", Map.of("userId", operator.accountableUserId(), "name", operator.accountableName()));
        out.put("operator", op);

        Map<String, Object> g = new LinkedHashMap<>();
        g.put("id", grant.id());
        g.put("scenario", grant.scenario());
        g.put("jurisdiction", grant.jurisdiction().code());
        g.put("termStart", grant.termStart().toString());
        g.put("termEnd", grant.termEnd().toString());
        out.put("grant", g);

        String dataset = datasetOf(p);
        LineageGraph graph = lineage.dataset(dataset).isPresent()
                ? queries.query(LineageQuery.dataset(dataset, Direction.UPSTREAM)) : null;
        Set<String> fromLineage = new TreeSet<>();
        if (graph != null) {
            graph.datasets().stream().filter(d -> d.kind() == DatasetKind.SOURCE).forEach(d -> fromLineage.add(d.name()));
        }
        String basis = fromLineage.isEmpty() ? "GRANT" : "LINEAGE";
        Set<String> sourceIds = fromLineage.isEmpty() ? new TreeSet<>(grant.datasetIds()) : fromLineage;
        List<Map<String, Object>> sources = new ArrayList<>();
        for (String id : sourceIds) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("datasetId", id);
            catalog.find(id).ifPresent(d -> source(s, d));
            s.put("basis", basis);
            sources.add(s);
        }
        out.put("sources", sources);
        out.put("lineage", lineageDigest(dataset, graph));

        Map<String, Object> review = new LinkedHashMap<>();
        List<ProductStore.Review> reviews = products.reviews(p.id());
        review.put("decision", "APPROVED");
        review.put("approvals", reviews.stream().filter(x -> x.decision() == ProductStore.Review.Decision.APPROVE).count());
        review.put("experts", reviews.stream().map(x -> Map.<String, Object>of("reviewer", x.reviewer(), "decision",
                x.decision().name(), "at", x.reviewedAt().toString())).toList());
        review.put("automaticChecks", products.checks(p.id()).stream().map(c -> Map.<String, Object>of("check",
                c.check().name(), "verdict", c.verdict().name())).toList());
        review.put("listedAt", p.updatedAt().toString());
        out.put("review", review);
        return out;
    }

    private static void source(Map<String, Object> s, Dataset d) {
        s.put("title", d.title());
        s.put("providerId", d.providerId());
        s.put("grade", d.grade());
        s.put("openness", d.openness().name());
    }

    /**
     * The digest of the product table's upstream lineage: SHA-256 over its datasets (name and kind), its column edges
     * (source, target, kind) and its processes (id and state), each sorted, one per line. Anyone holding the same graph
     * (the platform's lineage API) computes the same digest; a graph that changes changes it.
     */
    static Map<String, Object> lineageDigest(String dataset, LineageGraph graph) {
        List<String> lines = new ArrayList<>();
        int datasets = 0;
        int edges = 0;
        int processes = 0;
        boolean truncated = false;
        if (graph != null) {
            List<String> part = new ArrayList<>();
            graph.datasets().forEach(d -> part.add("D " + d.name() + " " + d.kind().name()));
            datasets = part.size();
            part.sort(null);
            lines.addAll(part);
            part.clear();
            graph.edges().forEach(e -> part.add("E " + e.source() + " > " + e.target() + " "
                    + e.kind().map(Enum::name).orElse("INDIRECT")));
            edges = part.size();
            part.sort(null);
            lines.addAll(part);
            part.clear();
            for (LineageProcess pr : graph.processes()) {
                part.add("P " + pr.id() + " " + pr.state().name());
            }
            processes = part.size();
            part.sort(null);
            lines.addAll(part);
            truncated = graph.truncated();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("dataset", dataset);
        out.put("algorithm", "SHA-256");
        out.put("digest", Sha256.hex(String.join("\n", lines)));
        out.put("datasets", datasets);
        out.put("edges", edges);
        out.put("processes", processes);
        out.put("truncated", truncated);
        return out;
    }

    private String datasetOf(Product p) {
        String db = workspaces.find(p.grantId()).map(Workspace::databaseName)
                .orElse(Workspace.databaseFor(p.grantId()));
        return db.toLowerCase(Locale.ROOT) + "." + p.sourceTable();
    }
}
