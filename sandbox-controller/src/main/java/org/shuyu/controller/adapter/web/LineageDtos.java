package org.shuyu.controller.adapter.web;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import org.shuyu.lineage.LineageProcess;
import org.shuyu.lineage.store.LineageGraph;
import org.shuyu.lineage.store.LineageQuery;
import org.shuyu.lineage.store.ProcessRecord;
import org.shuyu.lineage.store.Quarantine;
import org.shuyu.lineage.store.ReachRecords.DeliveryFacts;

/**
 * The lineage API's answers as records (the contract's typed schemas; they replaced maps with the same JSON):
 * a job's processes, a graph query and a workspace's quarantine. Times are ISO-8601 text, as they always were.
 */
final class LineageDtos {
    private LineageDtos() {}

    /** One statement of a job as the lineage store recorded it. */
    record ProcessDto(String id, String jobId, int step, String statement, String workspace, String grant,
            String organization, String user, String startedAt, String endedAt, String state) {}

    /** What one statement of a job read and wrote. */
    record JobProcessDto(String id, String jobId, int step, String statement, String workspace, String grant,
            String organization, String user, String startedAt, String endedAt, String state, List<String> inputs,
            List<ProcessOutputDto> outputs) {}

    /** A dataset a statement wrote, and how (the store's write mode). */
    record ProcessOutputDto(String dataset, String mode) {}

    /** A dataset node of a lineage graph. */
    record LineageDatasetDto(String name, String kind, String workspace, int depth, boolean dropped, boolean quarantined,
            @Schema(description = "When the dataset ended (ISO-8601), absent while it holds data") String endedAt,
            @Schema(description = "Why it ended", allowableValues = {"DROPPED", "TORN_DOWN", "DELISTED"})
            String endReason) {}

    /** One delivery of a product to a consumer reached by a query: who, when, what scenario, counts (never values). */
    record LineageDeliveryDto(String process, String delivery, String product, String listing, String consumer,
            String consumerUser, String consumerOrganization, String channel, String scenario, long rows, long bytes,
            @Schema(allowableValues = {"OPEN", "COMPLETED", "STOPPED"}) String outcome, String startedAt,
            String endedAt) {}

    /** A column node of a column-level lineage graph. */
    record LineageColumnDto(String id, String dataset, String column, int depth, boolean present, String classification,
            Integer grade, String sensitivityOrigin) {}

    /** An edge of a lineage graph: {@code kind} is the column transformation, absent for dataset edges. */
    record LineageEdgeDto(String source, String target, String kind, String process) {}

    /** The answer of a lineage query; {@code columns} only for column-level queries. */
    record LineageGraphDto(String start, String direction,
            @Schema(description = "The depth asked for, as text: a number of steps (\"3\") or \"unlimited\". Text either"
                    + " way, so that the field has one type.") String depth,
            @Schema(allowableValues = {"dataset", "column"}) String level, boolean truncated,
            List<LineageDatasetDto> datasets, List<LineageColumnDto> columns, List<LineageEdgeDto> edges,
            List<ProcessDto> processes,
            @Schema(description = "The deliveries to consumers on the answer's edges (DELIVERY processes)")
            List<LineageDeliveryDto> deliveries) {}

    /** A quarantined table of a workspace: the job that wrote it and why it is held. */
    record QuarantineDto(String dataset, String jobId, String reason, String since) {}

    static QuarantineDto quarantine(Quarantine q) {
        return new QuarantineDto(q.dataset(), q.jobId(), q.reason(), q.since().toString());
    }

    static JobProcessDto jobProcess(ProcessRecord record) {
        LineageProcess p = record.process();
        return new JobProcessDto(p.id(), p.jobId(), p.step(), p.statement().name(), p.workspaceId(), p.grantId(),
                p.organizationId(), p.user(), p.startedAt().toString(), p.endedAt() == null ? null : p.endedAt().toString(),
                p.state().name(), record.inputs(),
                record.outputs().stream().map(o -> new ProcessOutputDto(o.dataset(), o.mode().name())).toList());
    }

    static ProcessDto process(LineageProcess p) {
        return new ProcessDto(p.id(), p.jobId(), p.step(), p.statement().name(), p.workspaceId(), p.grantId(),
                p.organizationId(), p.user(), p.startedAt().toString(), p.endedAt() == null ? null : p.endedAt().toString(),
                p.state().name());
    }

    static LineageGraphDto graph(LineageGraph graph, int depth) {
        List<LineageDatasetDto> datasets = graph.datasets().stream().map(d -> new LineageDatasetDto(d.name(),
                d.kind().name(), d.workspaceId().orElse(null), d.depth(), d.dropped(), d.quarantined(),
                d.endedAt().map(Instant::toString).orElse(null), d.endReason().map(Enum::name).orElse(null))).toList();
        List<LineageColumnDto> columns = !graph.columnLevel() ? null : graph.columns().stream()
                .map(c -> new LineageColumnDto(c.id(), c.column().dataset(), c.column().column(), c.depth(), c.present(),
                        c.sensitivity().map(s -> s.classification().name()).orElse(null),
                        c.sensitivity().map(s -> s.grade()).orElse(null), c.origin().name()))
                .toList();
        List<LineageEdgeDto> edges = graph.edges().stream().map(e -> new LineageEdgeDto(e.source(), e.target(),
                e.kind().map(Enum::name).orElse(null), e.processId())).toList();
        return new LineageGraphDto(graph.start(), graph.direction().name(),
                depth == LineageQuery.UNLIMITED ? "unlimited" : String.valueOf(depth), graph.columnLevel() ? "column" : "dataset",
                graph.truncated(), datasets, columns, edges,
                graph.processes().stream().map(LineageDtos::process).toList(),
                graph.deliveries().stream().map(LineageDtos::delivery).toList());
    }

    static LineageDeliveryDto delivery(DeliveryFacts d) {
        return new LineageDeliveryDto(d.processId(), d.deliveryId(), d.productId(), d.listing(), d.consumer(),
                d.consumerUser(), d.consumerOrganization().orElse(null), d.channel(), d.scenario(), d.rows(), d.bytes(),
                d.outcome().name(), d.startedAt().toString(), d.endedAt().map(Instant::toString).orElse(null));
    }
}
