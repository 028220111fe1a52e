package org.shuyu.controller.adapter.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.CurrentActor;
import org.shuyu.controller.job.JobQueries;
import org.shuyu.controller.lineage.LineageReads;
import org.shuyu.controller.lineage.LineageSvg;
import org.shuyu.lineage.EndReason;
import org.shuyu.lineage.store.Direction;
import org.shuyu.lineage.store.LineageGraph;
import org.shuyu.lineage.store.LineageQuery;
import org.shuyu.lineage.store.ReachNames;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Lineage queries (R-24c, docs/lineage.md): upstream, downstream or both of a dataset ({@code dataset=db.table}) or
 * a column ({@code column=db.table.col}), to any depth ({@code depth} omitted or {@code unlimited}) or to
 * {@code depth=N}; the answer is the reached subgraph with the jobs, grants, organizations and people on its edges.
 * Security supervisors and the authority see everything; members see their own workspaces. The same answer as a
 * picture at {@code /api/v1/lineage/graph.svg}.
 */
@RestController
class LineageController {
    /** The largest answer the API returns (the store itself allows more, for internal callers). */
    static final int MAX_NODES = 100_000;
    private static final int MAX_DEPTH = 100_000;

    private final LineageReads lineage;
    private final JobQueries jobs;
    private final CurrentActor actor;

    LineageController(LineageReads lineage, JobQueries jobs, CurrentActor actor) {
        this.lineage = lineage;
        this.jobs = jobs;
        this.actor = actor;
    }

    /** What each statement of a job read and wrote, including reads that were only shown (previews, queries). */
    @Operation(operationId = "getJobLineage", tags = "lineage", summary = "Show the lineage a job recorded")
    @GetMapping(value = "/api/v1/jobs/{id}/lineage", produces = MediaType.APPLICATION_JSON_VALUE)
    List<LineageDtos.JobProcessDto> ofJob(@PathVariable String id) {
        jobs.get(actor.get(), id); // 404 unless the caller may see the job
        return lineage.processesOf(id).stream().map(LineageDtos::jobProcess).toList();
    }

    @Operation(operationId = "queryLineage", tags = "lineage", summary = "Query the lineage graph up or down from a dataset")
    @GetMapping(value = "/api/v1/lineage", produces = MediaType.APPLICATION_JSON_VALUE)
    LineageDtos.LineageGraphDto query(@RequestParam(required = false) String dataset, @RequestParam(required = false) String column,
            @RequestParam(defaultValue = "both") String direction, @RequestParam(required = false) String depth,
            @RequestParam(required = false) Integer maxNodes,
            @Parameter(description = "Start at a data product (its frozen snapshot): back to its sources, forward to its"
                    + " listing and consumers") @RequestParam(required = false) String product,
            @Parameter(description = "Trace one delivery to a consumer back to the sources (upstream only)")
            @RequestParam(required = false) String delivery) {
        if (delivery != null) {
            if (dataset != null || column != null || product != null) {
                throw new SandboxException(ErrorCode.INVALID_LINEAGE_QUERY, "delivery= is a starting point of its own;"
                        + " name no dataset, column or product with it");
            }
            if (!direction.equalsIgnoreCase("both") && !direction.equalsIgnoreCase("upstream")) {
                throw new SandboxException(ErrorCode.INVALID_LINEAGE_QUERY, "a delivery is followed upstream only");
            }
            return LineageDtos.graph(lineage.delivery(actor.get(), delivery, depth(depth), limit(maxNodes)), depth(depth));
        }
        LineageGraph graph = run(startOf(dataset, product), column, direction, depth, maxNodes);
        return LineageDtos.graph(graph, depth(depth));
    }

    /** {@code product=} names the product's dataset; with {@code dataset=} too it is ambiguous. */
    private static String startOf(String dataset, String product) {
        if (product == null) {
            return dataset;
        }
        if (dataset != null) {
            throw new SandboxException(ErrorCode.INVALID_LINEAGE_QUERY, "name either dataset= or product=, not both");
        }
        try {
            return ReachNames.product(product);
        } catch (IllegalArgumentException e) {
            throw new SandboxException(ErrorCode.INVALID_LINEAGE_QUERY, "product must be a product id: " + e.getMessage());
        }
    }

    private static int limit(Integer maxNodes) {
        int limit = maxNodes == null ? MAX_NODES : maxNodes;
        if (limit < 1 || limit > MAX_NODES) {
            throw new SandboxException(ErrorCode.INVALID_LINEAGE_QUERY, "maxNodes must be 1 to " + MAX_NODES);
        }
        return limit;
    }

    @Operation(operationId = "getLineagePicture", tags = "lineage", summary = "The lineage graph as SVG")
    @GetMapping(value = "/api/v1/lineage/graph.svg", produces = "image/svg+xml")
    ResponseEntity<String> picture(@RequestParam(required = false) String dataset, @RequestParam(required = false) String column,
            @RequestParam(defaultValue = "both") String direction, @RequestParam(required = false) String depth,
            @RequestParam(required = false) Integer maxNodes, @RequestParam(required = false) String product) {
        LineageGraph graph = run(startOf(dataset, product), column, direction, depth, maxNodes);
        List<LineageSvg.Node> nodes = new ArrayList<>();
        int sign = graph.direction() == Direction.UPSTREAM ? -1 : 1;
        Set<String> upstream = graph.direction() == Direction.BOTH ? upstreamOf(graph) : Set.of();
        if (graph.columnLevel()) {
            for (LineageGraph.ColumnNode c : graph.columns()) {
                nodes.add(new LineageSvg.Node(c.id(), c.id(), c.sensitivity().map(s -> s.classification() + ", grade "
                        + s.grade() + " (" + c.origin().name().toLowerCase(Locale.ROOT) + ")").orElse("not sensitive"),
                        depthOf(c.depth(), sign, upstream, c.id(), graph.direction()), c.id().equals(graph.start()), false,
                        c.sensitivity().map(s -> s.grade() >= 3).orElse(false)));
            }
        } else {
            for (LineageGraph.DatasetNode d : graph.datasets()) {
                nodes.add(new LineageSvg.Node(d.name(), d.name(), d.kind() + d.workspaceId().map(w -> " of " + w).orElse("")
                        + (d.dropped() ? ", dropped" : "") + d.endReason().filter(r -> r != EndReason.DROPPED)
                                .map(r -> ", " + r.name().toLowerCase(Locale.ROOT).replace('_', ' ')).orElse(""), depthOf(d.depth(), sign, upstream, d.name(), graph.direction()),
                        d.name().equals(graph.start()), d.quarantined(), false));
            }
        }
        List<LineageSvg.Edge> edges = graph.edges().stream().map(e -> new LineageSvg.Edge(e.source(), e.target(),
                e.kind().map(Enum::name).orElse("FILTER"), e.processId())).toList();
        String title = graph.direction().name().charAt(0) + graph.direction().name().substring(1).toLowerCase(Locale.ROOT)
                + " lineage of " + graph.start();
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("image/svg+xml"))
                .body(LineageSvg.render(title, nodes, edges, graph.truncated()));
    }

    @Operation(operationId = "listQuarantine", tags = "workspaces", summary = "List the quarantined tables of a workspace")
    @GetMapping(value = "/api/v1/workspaces/{id}/quarantine", produces = MediaType.APPLICATION_JSON_VALUE)
    List<LineageDtos.QuarantineDto> quarantine(@PathVariable String id) {
        return lineage.quarantined(actor.get(), id).stream().map(LineageDtos::quarantine).toList();
    }

    /**
     * Where a node is drawn: left of the start (negative) when upstream, right when downstream. For BOTH the store's
     * depth is a distance either way; a node reached from the start against the edges is upstream.
     */
    private static int depthOf(int depth, int sign, Set<String> upstream, String id, Direction direction) {
        if (direction != Direction.BOTH) {
            return sign * depth;
        }
        return upstream.contains(id) ? -depth : depth;
    }

    private static Set<String> upstreamOf(LineageGraph graph) {
        Map<String, List<String>> sources = new HashMap<>();
        for (LineageGraph.Edge e : graph.edges()) {
            sources.computeIfAbsent(e.target(), t -> new ArrayList<>()).add(e.source());
        }
        Set<String> seen = new HashSet<>();
        ArrayDeque<String> queue = new ArrayDeque<>(List.of(graph.start()));
        while (!queue.isEmpty()) {
            for (String source : sources.getOrDefault(queue.poll(), List.of())) {
                if (seen.add(source)) {
                    queue.add(source);
                }
            }
        }
        seen.remove(graph.start());
        return seen;
    }

    private LineageGraph run(String dataset, String column, String direction, String depth, Integer maxNodes) {
        if (dataset == null && column == null) {
            throw new SandboxException(ErrorCode.INVALID_LINEAGE_QUERY,
                    "name a starting point: dataset=database.table, column=database.table.column, both"
                            + " dataset=database.table and column=column, product=<id> or delivery=<id>");
        }
        String datasetName;
        String columnName;
        if (column == null) {
            datasetName = dataset.toLowerCase(Locale.ROOT);
            columnName = "";
        } else if (dataset != null && column.indexOf('.') < 0) {
            datasetName = dataset.toLowerCase(Locale.ROOT);
            columnName = column;
        } else {
            int first = column.indexOf('.');
            int second = first < 0 ? -1 : column.indexOf('.', first + 1);
            if (second < 0 || second == column.length() - 1) {
                throw new SandboxException(ErrorCode.INVALID_LINEAGE_QUERY,
                        "column must be database.table.column, got '" + abbreviate(column) + "'");
            }
            datasetName = column.substring(0, second).toLowerCase(Locale.ROOT);
            columnName = column.substring(second + 1);
            if (dataset != null && !dataset.equalsIgnoreCase(datasetName)) {
                throw new SandboxException(ErrorCode.INVALID_LINEAGE_QUERY,
                        "column " + abbreviate(column) + " is not in dataset " + abbreviate(dataset));
            }
        }
        Direction walk;
        try {
            walk = Direction.valueOf(direction.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new SandboxException(ErrorCode.INVALID_LINEAGE_QUERY,
                    "direction must be upstream, downstream or both, got '" + abbreviate(direction) + "'");
        }
        int limit = limit(maxNodes);
        return lineage.query(actor.get(), datasetName, columnName, walk, depth(depth), limit);
    }

    private static int depth(String depth) {
        if (depth == null || depth.equalsIgnoreCase("unlimited") || depth.isEmpty()) {
            return LineageQuery.UNLIMITED;
        }
        try {
            int n = Integer.parseInt(depth);
            if (n >= 1 && n <= MAX_DEPTH) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new SandboxException(ErrorCode.INVALID_LINEAGE_QUERY,
                "depth must be 1 to " + MAX_DEPTH + " or 'unlimited', got '" + abbreviate(depth) + "'");
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
