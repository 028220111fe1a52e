package org.shuyu.controller.adapter.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.CurrentActor;
import org.shuyu.controller.lineage.LineageSvg;
import org.shuyu.controller.product.CheckResult;
import org.shuyu.controller.product.ColumnStatistics;
import org.shuyu.controller.product.Product;
import org.shuyu.controller.product.ProductDeliveryService;
import org.shuyu.controller.product.ProductKind;
import org.shuyu.controller.product.ProductRecords;
import org.shuyu.controller.product.ProductAuthoring;
import org.shuyu.controller.product.ProductListings;
import org.shuyu.controller.product.ProductPreviews;
import org.shuyu.controller.product.ProductQueries;
import org.shuyu.controller.product.ProductReturnDeadlines;
import org.shuyu.controller.product.ProductReviews;
import org.shuyu.controller.product.ProductStatistics;
import org.shuyu.controller.product.ProductState;
import org.shuyu.controller.product.ProductStore;
import org.shuyu.controller.product.check.ProductChecks;
import org.shuyu.lineage.store.LineageGraph;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * Data products (R-19b, R-21a, R-22; docs/products.md): candidates, the airlock (submit, automatic checks, expert
 * reviews, listing, delisting), the lineage reviewers see, the registration record, and the delivery meter.
 */
@RestController
@RequestMapping("/api/v1/products")
class ProductController {
    private final ProductAuthoring authoring;
    private final ProductReviews reviews;
    private final ProductListings listings;
    private final ProductQueries queries;
    private final ProductRecords records;
    private final ProductDeliveryService deliveries;
    private final ProductPreviews previews;
    private final ProductStatistics statistics;
    private final ProductReturnDeadlines deadlines;
    private final CurrentActor actor;
    private final JsonMapper json;

    ProductController(ProductAuthoring authoring, ProductReviews reviews, ProductListings listings, ProductQueries queries,
            ProductRecords records, ProductDeliveryService deliveries, ProductPreviews previews,
            ProductStatistics statistics, ProductReturnDeadlines deadlines, CurrentActor actor, JsonMapper json) {
        this.previews = previews;
        this.statistics = statistics;
        this.deadlines = deadlines;
        this.authoring = authoring;
        this.reviews = reviews;
        this.listings = listings;
        this.queries = queries;
        this.records = records;
        this.deliveries = deliveries;
        this.actor = actor;
        this.json = json;
    }

    record CreateBody(String grantId, String name, String kind, String description, String table, String groupSizeColumn) {}

    record ReviewBody(String decision, String comment) {}

    /** A return for revision: the comment saying what to revise is required. */
    record ReturnBody(String comment) {}

    /** A resubmission of a returned product; {@code job} optionally names the job whose output is the revision. */
    record ResubmitBody(String job) {}

    record SnapshotDto(String jobId, long rows, long bytes, String sha256, Instant frozenAt) {}

    record CheckDto(String check, String verdict, String reason, List<String> details) {}

    /** An expert's review of a product (named apart from an application's reviews, schema {@code ReviewDto}). */
    @Schema(name = "ProductReviewDto")
    record ReviewDto(String reviewer, String decision, String comment, Instant reviewedAt, int revision) {}

    /** What the checks measured of an aggregated product; group sizes themselves are not shown (small cells). */
    record AggregationDto(List<String> dimensions, int groups, int k) {}

    record ProductDto(String id, String grantId, String organizationId, String name, int version, String kind,
            String delivery, String description, String scenario, String table, String groupSizeColumn, String state,
            String stateReason, String createdBy, Instant createdAt, Instant updatedAt, SnapshotDto snapshot,
            List<CheckDto> checks, List<ReviewDto> reviews, AggregationDto aggregation, Integer revision,
            Instant resubmitBy) {}

    /** A snapshot column and its Arrow type as text. */
    record ProductColumnDto(String name, String type) {}

    /** The first rows of a candidate's snapshot, within the preview cap; {@code truncated} when more rows exist. */
    record ProductDataDto(List<ProductColumnDto> columns, List<List<Object>> rows, long totalRows, int cap,
            boolean truncated) {}

    /** A value of a low-cardinality text column shown with its count (at least k). */
    record TopValueDto(String value, long count) {}

    /** A histogram bucket [from, to); {@code count} is null when hidden (fewer than k rows). */
    record HistogramBucketDto(double from, double to, Long count) {}

    /** One column's statistics; values are absent for a withheld column. */
    record ColumnStatisticsDto(String name, String type, boolean withheld, long count, long nulls, Long distinct,
            boolean distinctCapped, Double min, Double max, Double mean, List<TopValueDto> top,
            List<HistogramBucketDto> histogram, int hidden) {}

    /** Per-column statistics of a snapshot and the k small counts were hidden below. */
    record ProductStatisticsDto(long rows, int k, List<ColumnStatisticsDto> columns) {}

    record DeliveryDto(String callId, String channel, String caller, String scenario, Instant startedAt, Instant endedAt,
            long rows, long bytes, String outcome, String failure) {}

    @Operation(operationId = "createProduct", tags = "products", summary = "Create a data product")
    @Created("/api/v1/products/{body.id}")
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    ProductDto create(@RequestBody CreateBody body) {
        if (body == null) {
            throw SandboxException.invalid("a product candidate body is required");
        }
        ProductKind kind = EnumValues.parse(ProductKind.class, body.kind(), "kind");
        Product p = authoring.create(actor.get(), new ProductAuthoring.CreateProduct(body.grantId(), body.name(), kind,
                body.description(), body.table(), body.groupSizeColumn()));
        return dto(p);
    }

    @Operation(operationId = "listProducts", tags = "products", summary = "List the data products")
    @GetMapping
    List<ProductDto> search(@RequestParam(required = false) String grantId, @RequestParam(required = false) String state) {
        Optional<ProductState> wanted = Optional.ofNullable(state).map(s -> EnumValues.parse(ProductState.class,
                s.toUpperCase(Locale.ROOT), "state"));
        List<ProductDto> out = new ArrayList<>();
        for (Product p : queries.search(actor.get(), Optional.ofNullable(grantId), wanted)) {
            out.add(dto(p));
        }
        return out;
    }

    @Operation(operationId = "getProduct", tags = "products", summary = "Show a data product")
    @GetMapping("/{id}")
    ProductDto get(@PathVariable String id) {
        ProductQueries.View view = queries.get(actor.get(), id);
        ProductDto full = dto(view.product(), view.checks(), view.reviews(), view.aggregation());
        Product p = view.product();
        int revision = 1 + (int) view.reviews().stream()
                .filter(r -> r.decision() == ProductStore.Review.Decision.RETURN).count();
        Instant due = p.state() == ProductState.RETURNED ? deadlines.dueOf(p) : null;
        return new ProductDto(full.id(), full.grantId(), full.organizationId(), full.name(), full.version(), full.kind(),
                full.delivery(), full.description(), full.scenario(), full.table(), full.groupSizeColumn(), full.state(),
                full.stateReason(), full.createdBy(), full.createdAt(), full.updatedAt(), full.snapshot(), full.checks(),
                full.reviews(), full.aggregation(), revision, due);
    }

    @Operation(operationId = "submitProduct", tags = "products", summary = "Submit a product for review")
    @PostMapping("/{id}/submit")
    @ResponseStatus(HttpStatus.ACCEPTED)
    ProductDto submit(@PathVariable String id) {
        return dto(authoring.submit(actor.get(), id));
    }

    @Operation(operationId = "withdrawProduct", tags = "products", summary = "Withdraw a product")
    @PostMapping("/{id}/withdraw")
    ProductDto withdraw(@PathVariable String id, @RequestBody(required = false) ApplicationController.ReasonBody body) {
        return dto(authoring.withdraw(actor.get(), id, body == null ? null : body.reason()));
    }

    @Operation(operationId = "reviewProduct", tags = "products", summary = "Review a product")
    @PostMapping("/{id}/reviews")
    ProductDto review(@PathVariable String id, @RequestBody ReviewBody body) {
        if (body == null) {
            throw SandboxException.invalid("a review body is required");
        }
        ProductStore.Review.Decision decision = EnumValues.parse(ProductStore.Review.Decision.class, body.decision(),
                "decision");
        reviews.review(actor.get(), id, decision, body.comment());
        return get(id);
    }

    @Operation(operationId = "returnProduct", tags = "products", summary = "Return a product for revision")
    @PostMapping("/{id}/return")
    ProductDto returnForRevision(@PathVariable String id, @RequestBody(required = false) ReturnBody body) {
        reviews.returnForRevision(actor.get(), id, body == null ? null : body.comment());
        return get(id);
    }

    @Operation(operationId = "resubmitProduct", tags = "products", summary = "Resubmit a returned product")
    @PostMapping("/{id}/resubmit")
    @ResponseStatus(HttpStatus.ACCEPTED)
    ProductDto resubmit(@PathVariable String id, @RequestBody(required = false) ResubmitBody body) {
        return dto(authoring.resubmit(actor.get(), id, body == null ? null : body.job()));
    }

    /**
     * Per-column statistics of the candidate's snapshot for its reviewers (issue 20): computed once per snapshot,
     * small counts hidden, withheld columns without values. Who reads its rows; audited as {@code product.statistics}.
     */
    @Operation(operationId = "getProductStatistics", tags = "products", summary = "Show a product's column statistics")
    @GetMapping(value = "/{id}/statistics", produces = MediaType.APPLICATION_JSON_VALUE)
    ProductStatisticsDto statistics(@PathVariable String id) {
        ColumnStatistics.Table table = statistics.statistics(actor.get(), id);
        return json.convertValue(table, ProductStatisticsDto.class);
    }

    @Operation(operationId = "listProductInCatalog", tags = "products", summary = "List a product in the catalog")
    @PostMapping("/{id}/list")
    ProductDto list(@PathVariable String id) {
        listings.list(actor.get(), id);
        return get(id);
    }

    @Operation(operationId = "delistProduct", tags = "products", summary = "Delist a product")
    @PostMapping("/{id}/delist")
    ProductDto delist(@PathVariable String id, @RequestBody(required = false) ApplicationController.ReasonBody body) {
        listings.delist(actor.get(), id, body == null ? null : body.reason());
        return get(id);
    }

    /** The candidate's lineage for its reviewers: upstream datasets, statements with their SQL, columns and grades. */
    @Operation(operationId = "getProductLineage", tags = "products", summary = "Show a product's lineage")
    @GetMapping(value = "/{id}/lineage", produces = MediaType.APPLICATION_JSON_VALUE)
    ProductRecordDtos.ProductLineageDto lineage(@PathVariable String id) {
        return json.convertValue(records.lineage(actor.get(), id), ProductRecordDtos.ProductLineageDto.class);
    }

    @Operation(operationId = "getProductLineagePicture", tags = "products", summary = "A product's lineage as SVG")
    @GetMapping(value = "/{id}/lineage.svg", produces = "image/svg+xml")
    ResponseEntity<String> lineagePicture(@PathVariable String id) {
        Optional<LineageGraph> graph = records.graph(actor.get(), id);
        List<LineageSvg.Node> nodes = new ArrayList<>();
        List<LineageSvg.Edge> edges = new ArrayList<>();
        String title = "Upstream lineage of product " + id;
        if (graph.isPresent()) {
            for (LineageGraph.DatasetNode d : graph.get().datasets()) {
                nodes.add(new LineageSvg.Node(d.name(), d.name(), d.kind() + d.workspaceId().map(w -> " of " + w).orElse(""),
                        -d.depth(), d.name().equals(graph.get().start()), d.quarantined(), false));
            }
            graph.get().edges().forEach(e -> edges.add(new LineageSvg.Edge(e.source(), e.target(),
                    e.kind().map(Enum::name).orElse("FILTER"), e.processId())));
        }
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("image/svg+xml"))
                .body(LineageSvg.render(title, nodes, edges, graph.map(LineageGraph::truncated).orElse(false)));
    }

    /**
     * The candidate's data for its reviewers (issue 18): the first rows of the frozen snapshot, at most the preview
     * cap. Experts, supervisors, the authority and the grant's people; audited as {@code product.preview}.
     */
    @Operation(operationId = "getProductData", tags = "products",
            summary = "Read a product's snapshot rows within the preview cap")
    @GetMapping(value = "/{id}/data", produces = MediaType.APPLICATION_JSON_VALUE)
    ProductDataDto data(@PathVariable String id, @RequestParam(required = false) Integer limit) {
        ProductPreviews.Preview p = previews.preview(actor.get(), id, limit);
        return new ProductDataDto(p.columns().stream().map(c -> new ProductColumnDto(c.name(), c.type())).toList(),
                p.rows(), p.totalRows(), p.cap(), p.truncated());
    }

    /** The registration record of a listed product, as a JSON download. */
    @Operation(operationId = "getProductRegistration", tags = "products", summary = "Show a product's registration record")
    @GetMapping(value = "/{id}/registration", produces = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "200", description = "OK", content = @Content(
            schema = @Schema(implementation = ProductRecordDtos.ProductRegistrationDto.class)))
    ResponseEntity<Map<String, Object>> registration(@PathVariable String id) {
        Map<String, Object> record = records.registration(actor.get(), id);
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + id + "-registration.json\"")
                .body(record);
    }

    @Operation(operationId = "listDeliveries", tags = "products", summary = "List a product's deliveries")
    @GetMapping("/{id}/deliveries")
    List<DeliveryDto> deliveries(@PathVariable String id, @RequestParam(defaultValue = "100") int limit) {
        return deliveries.deliveries(actor.get(), id, PageRequest.fetch(limit)).stream().map(d -> new DeliveryDto(d.callId(),
                d.channel().name(), d.caller(), d.scenario(), d.startedAt(), d.endedAt().orElse(null), d.rows(), d.bytes(),
                d.outcome(), d.failure().orElse(null))).toList();
    }

    /** A product without its review file (lists, and the answers of commands that change it). */
    private static ProductDto dto(Product p) {
        return dto(p, List.of(), List.of(), Optional.empty());
    }

    private static ProductDto dto(Product p, List<CheckResult> checks, List<ProductStore.Review> reviews,
            Optional<ProductChecks.Aggregation> aggregation) {
        SnapshotDto snapshot = p.snapshot().map(s -> new SnapshotDto(s.jobId(), s.rows(), s.bytes(), s.sha256(),
                s.takenAt())).orElse(null);
        return new ProductDto(p.id(), p.grantId(), p.organizationId(), p.name(), p.version(), p.kind().name(),
                p.kind().channel().name(), p.description(), p.scenario(), p.sourceTable(), p.groupSizeColumn().orElse(null),
                p.state().name(), p.stateReason().orElse(null), p.createdBy(), p.createdAt(), p.updatedAt(), snapshot,
                checks.stream().map(c -> new CheckDto(c.check().name(), c.verdict().name(), c.reason(), c.details())).toList(),
                reviews.stream().map(r -> new ReviewDto(r.reviewer(), r.decision().name(), r.comment(), r.reviewedAt(),
                        r.revision())).toList(),
                aggregation.map(a -> new AggregationDto(a.dimensions(), a.groups().size(), a.k())).orElse(null), null, null);
    }
}
