package org.shuyu.controller.product;

import org.shuyu.controller.audit.Sha256;
import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.shuyu.controller.catalog.CatalogService;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.grant.Grant;
import org.shuyu.controller.grant.GrantsForProducts;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.Permissions;
import org.shuyu.controller.job.Job;
import org.shuyu.controller.job.JobStore;
import org.shuyu.controller.organization.Organization;
import org.shuyu.controller.organization.Organizations;
import org.shuyu.controller.workspace.Workspace;
import org.shuyu.controller.workspace.WorkspaceService;
import org.shuyu.lineage.ColumnRef;
import org.shuyu.lineage.DatasetKind;
import org.shuyu.lineage.LineageProcess;
import org.shuyu.lineage.store.ColumnSensitivity;
import org.shuyu.lineage.store.Direction;
import org.shuyu.lineage.store.LineageGraph;
import org.shuyu.lineage.store.LineageQueries;
import org.shuyu.lineage.store.LineageQuery;
import org.shuyu.lineage.store.LineageStore;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * What reviewers and registrars read about a product: its method (the statements upstream of its table, with their
 * SQL, and the column lineage with inherited grades), its sources, its owner, and its review record. The
 * registration record is these, for a listed product, with a SHA-256 of its own content.
 */
@Component
public class ProductRecords {
    public static final String RECORD_TYPE = "shuyu.data-product-registration/v1";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ProductQueries products;
    private final ProductStore store;
    private final LineageStore lineage;
    private final LineageQueries queries;
    private final WorkspaceService workspaces;
    private final GrantsForProducts grants;
    private final CatalogService catalog;
    private final Organizations organizations;
    private final JobStore jobs;
    private final Clock clock;

    public ProductRecords(ProductQueries products, ProductStore store, LineageStore lineage, LineageQueries queries,
            WorkspaceService workspaces, GrantsForProducts grants, CatalogService catalog, Organizations organizations,
            JobStore jobs, Clock clock) {
        this.products = requireNonNull(products, "products is null");
        this.store = requireNonNull(store, "store is null");
        this.lineage = requireNonNull(lineage, "lineage is null");
        this.queries = requireNonNull(queries, "queries is null");
        this.workspaces = requireNonNull(workspaces, "workspaces is null");
        this.grants = requireNonNull(grants, "grants is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.organizations = requireNonNull(organizations, "organizations is null");
        this.jobs = requireNonNull(jobs, "jobs is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * The candidate's lineage as reviewers see it: the upstream dataset graph of its table, each column with what it
     * inherited, and every statement upstream with its SQL. Experts, supervisors, the authority and the grant's people.
     */
    public Map<String, Object> lineage(Actor actor, String id) {
        Product p = products.visible(actor, id);
        if (!products.insider(actor, p)) {
            throw SandboxException.notFound("product", id);
        }
        String dataset = datasetOf(p);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("product", p.id());
        out.put("dataset", dataset);
        out.putAll(method(dataset));
        return out;
    }

    /** The graph the lineage view draws (dataset level, upstream). */
    public Optional<LineageGraph> graph(Actor actor, String id) {
        Product p = products.visible(actor, id);
        if (!products.insider(actor, p)) {
            throw SandboxException.notFound("product", id);
        }
        String dataset = datasetOf(p);
        if (lineage.dataset(dataset).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(queries.query(LineageQuery.dataset(dataset, Direction.UPSTREAM)));
    }

    /**
     * The registration record of a listed product: sources, method, owner and review record, for an
     * intellectual-property office or a data exchange. {@code digest} is the SHA-256 of the record without it, as
     * compact JSON, so a copy can be checked.
     */
    public Map<String, Object> registration(Actor actor, String id) {
        Product p = products.visible(actor, id);
        if (!Permissions.readsEveryRegistration(actor) && !products.actsForOperator(actor, p)) {
            throw new SandboxException(ErrorCode.FORBIDDEN_ROLE, "the registration record is exported by the data authority,"
                    + " security supervisors and the operator's people");
        }
        if (!ProductLifecycle.listed(p.state())) {
            throw new SandboxException(ErrorCode.PRODUCT_NOT_LISTED, "product " + id + " is " + p.state()
                    + "; a registration record is exported for listed products only");
        }
        Grant grant = grants.grant(p.grantId()).orElseThrow(() -> SandboxException.notFound("grant", p.grantId()));
        Organization owner = organizations.find(p.organizationId())
                .orElseThrow(() -> SandboxException.notFound("organization", p.organizationId()));
        String dataset = datasetOf(p);
        Map<String, Object> method = method(dataset);

        Map<String, Object> record = new LinkedHashMap<>();
        record.put("recordType", RECORD_TYPE);
        record.put("generatedAt", clock.instant().toString());
        record.put("generatedBy", actor.userId());

        Map<String, Object> product = new LinkedHashMap<>();
        product.put("id", p.id());
        product.put("name", p.name());
        product.put("version", p.version());
        product.put("kind", p.kind().name());
        product.put("description", p.description());
        product.put("approvedScenario", p.scenario());
        product.put("listedAt", p.updatedAt().toString());
        Product.Snapshot s = p.snapshot().orElseThrow();
        product.put("content", Map.of("format", "Apache Arrow IPC file", "sha256", s.sha256(), "rows", s.rows(),
                "bytes", s.bytes(), "frozenAt", s.takenAt().toString(), "snapshotJob", s.jobId()));
        product.put("columns", method.get("columns"));
        record.put("product", product);

        Map<String, Object> ownerJson = new LinkedHashMap<>();
        ownerJson.put("organizationId", owner.id());
        ownerJson.put("name", owner.name());
        ownerJson.put("uscc", owner.uscc().toString());
        ownerJson.put("accountablePerson", Map.of("userId", owner.accountableUserId(), "name", owner.accountableName()));
        Map<String, Object> grantJson = new LinkedHashMap<>();
        grantJson.put("id", grant.id());
        grantJson.put("scenario", grant.scenario());
        grantJson.put("termStart", grant.termStart().toString());
        grantJson.put("termEnd", grant.termEnd().toString());
        grantJson.put("agreement", Map.of("documentName", grant.agreement().documentName(), "sha256",
                grant.agreement().sha256(), "signedOn", grant.agreement().signedOn().toString()));
        ownerJson.put("grant", grantJson);
        record.put("owner", ownerJson);

        List<Map<String, Object>> sources = new ArrayList<>();
        @SuppressWarnings("unchecked")
        List<String> sourceNames = (List<String>) method.get("sources");
        for (String name : sourceNames) {
            Map<String, Object> src = new LinkedHashMap<>();
            src.put("dataset", name);
            catalog.find(name).ifPresent(d -> {
                src.put("title", d.title());
                src.put("providerId", d.providerId());
                catalog.provider(d.providerId()).ifPresent(pr -> src.put("provider", pr.name()));
                src.put("openness", d.openness().name());
            });
            sources.add(src);
        }
        record.put("sources", sources);
        Map<String, Object> methodJson = new LinkedHashMap<>(method);
        methodJson.remove("columns");
        methodJson.remove("sources");
        record.put("method", methodJson);

        Map<String, Object> review = new LinkedHashMap<>();
        review.put("automaticChecks", store.checks(p.id()).stream().map(ProductRecords::check).toList());
        review.put("expertReviews", store.reviews(p.id()).stream().map(r -> Map.<String, Object>of("reviewer",
                r.reviewer(), "decision", r.decision().name(), "comment", r.comment(), "at", r.reviewedAt().toString()))
                .toList());
        record.put("review", review);
        record.put("digest", sha256(JSON.writeValueAsString(record)));
        return record;
    }

    public static Map<String, Object> check(CheckResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("check", r.check().name());
        m.put("verdict", r.verdict().name());
        m.put("reason", r.reason());
        m.put("details", r.details());
        return m;
    }

    /** The statements upstream of a dataset with their SQL, its columns with inherited grades, and its sources. */
    private Map<String, Object> method(String dataset) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (lineage.dataset(dataset).isEmpty()) {
            out.put("statements", List.of());
            out.put("columns", List.of());
            out.put("sources", List.of());
            out.put("datasets", List.of());
            out.put("edges", List.of());
            return out;
        }
        LineageGraph graph = queries.query(LineageQuery.dataset(dataset, Direction.UPSTREAM));
        List<Map<String, Object>> datasets = new ArrayList<>();
        Set<String> sources = new TreeSet<>();
        for (LineageGraph.DatasetNode d : graph.datasets()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", d.name());
            m.put("kind", d.kind().name());
            d.workspaceId().ifPresent(w -> m.put("workspaceId", w));
            m.put("depth", d.depth());
            m.put("quarantined", d.quarantined());
            datasets.add(m);
            if (d.kind() == DatasetKind.SOURCE) {
                sources.add(d.name());
            }
        }
        out.put("datasets", datasets);
        out.put("edges", graph.edges().stream().map(e -> Map.<String, Object>of("source", e.source(), "target",
                e.target(), "kind", e.kind().map(Enum::name).orElse("INDIRECT"), "process", e.processId())).toList());
        Map<String, Job> jobCache = new TreeMap<>();
        List<Map<String, Object>> statements = new ArrayList<>();
        for (LineageProcess process : graph.processes()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("process", process.id());
            m.put("jobId", process.jobId());
            m.put("step", process.step());
            m.put("statement", process.statement().name());
            m.put("user", process.user());
            m.put("state", process.state().name());
            m.put("startedAt", process.startedAt().toString());
            Optional<Job> job = Optional.ofNullable(jobCache.computeIfAbsent(process.jobId(),
                    j -> jobs.find(j).orElse(null)));
            job.filter(j -> process.step() <= j.steps().size()).ifPresent(j -> m.put("sql", j.steps().get(process.step() - 1)));
            statements.add(m);
        }
        out.put("statements", statements);
        List<Map<String, Object>> columns = new ArrayList<>();
        for (ColumnSensitivity c : lineage.columns(dataset)) {
            if (!c.present()) {
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", c.column().column());
            c.sensitivity().ifPresent(s -> {
                m.put("classification", s.classification().name());
                m.put("grade", s.grade());
            });
            m.put("origin", c.origin().name());
            LineageGraph col = queries.query(LineageQuery.column(new ColumnRef(dataset, c.column().column()),
                    Direction.UPSTREAM));
            List<Map<String, Object>> from = new ArrayList<>();
            for (LineageGraph.ColumnNode n : col.columns()) {
                if (col.datasets().stream().anyMatch(d -> d.name().equals(n.column().dataset())
                        && d.kind() == DatasetKind.SOURCE)) {
                    Map<String, Object> f = new LinkedHashMap<>();
                    f.put("column", n.id());
                    f.put("kinds", col.edges().stream().filter(e -> e.source().equals(n.id()))
                            .map(e -> e.kind().map(Enum::name).orElse("INDIRECT")).distinct().sorted().toList());
                    from.add(f);
                }
            }
            m.put("sourceColumns", from);
            columns.add(m);
        }
        out.put("columns", columns);
        out.put("sources", List.copyOf(sources));
        out.put("truncated", graph.truncated());
        return out;
    }

    private String datasetOf(Product p) {
        String db = workspaces.find(p.grantId()).map(Workspace::databaseName)
                .orElse(Workspace.databaseFor(p.grantId()));
        return db.toLowerCase(Locale.ROOT) + "." + p.sourceTable();
    }

    static String sha256(String text) {
        return Sha256.hex(text);
    }
}
