package org.shuyu.controller.lineage;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.Permissions;
import org.shuyu.controller.workspace.WorkspaceService;
import org.shuyu.lineage.store.Direction;
import org.shuyu.lineage.store.LineageGraph;
import org.shuyu.lineage.store.LineageQueries;
import org.shuyu.lineage.store.LineageQuery;
import org.shuyu.lineage.store.LineageStore;
import org.shuyu.lineage.store.ProcessRecord;
import org.shuyu.lineage.store.Quarantine;
import org.shuyu.lineage.store.LineageReachStore;
import org.shuyu.lineage.store.ReachRecords.DeliveryFacts;
import org.shuyu.lineage.store.Visibility;
import org.springframework.stereotype.Service;

/**
 * What may be read of lineage: a job's statements, a workspace's quarantined datasets, and the graph upstream or
 * downstream of a dataset or column as the caller may see it (R-24c).
 */
@Service
public class LineageReads {
    private final LineageStore store;
    private final LineageQueries queries;
    private final WorkspaceService workspaces;
    private final LineageReachStore reach;

    public LineageReads(LineageStore store, LineageQueries queries, WorkspaceService workspaces,
            LineageReachStore reach) {
        this.reach = requireNonNull(reach, "reach is null");
        this.store = requireNonNull(store, "store is null");
        this.queries = requireNonNull(queries, "queries is null");
        this.workspaces = requireNonNull(workspaces, "workspaces is null");
    }

    /** Table and view names (without database) of a workspace that are quarantined, for its policies. */
    public Set<String> quarantinedTables(String workspaceId) {
        Set<String> names = new TreeSet<>();
        for (Quarantine q : LineageCalls.call(() -> store.quarantined(workspaceId))) {
            names.add(q.dataset().substring(q.dataset().indexOf('.') + 1));
        }
        return names;
    }

    /** What each statement of a job read and wrote (the caller checked that the job may be seen). */
    public List<ProcessRecord> processesOf(String jobId) {
        return LineageCalls.call(() -> store.processesOf(jobId));
    }

    /** The quarantined datasets of a workspace with job and reason. */
    public List<Quarantine> quarantined(Actor actor, String workspaceId) {
        workspaces.subject(workspaceId).filter(s -> workspaces.mayRead(actor, s))
                .orElseThrow(() -> SandboxException.notFound("workspace", workspaceId));
        return LineageCalls.call(() -> store.quarantined(workspaceId));
    }

    /** Upstream, downstream or both of a dataset or column, as the actor may see it. */
    public LineageGraph query(Actor actor, String dataset, String column, Direction direction, int depth, int maxNodes) {
        LineageQuery query;
        try {
            query = new LineageQuery(dataset, column, direction, depth, visibility(actor), maxNodes);
        } catch (IllegalArgumentException e) {
            throw new SandboxException(ErrorCode.INVALID_LINEAGE_QUERY, e.getMessage());
        }
        return LineageCalls.call(() -> queries.query(query));
    }

    /**
     * A delivery traced back to the sources: the upstream graph of the listing it read (as the actor may see it),
     * with only this delivery in {@code deliveries}. NOT_FOUND for an unknown delivery or one the actor may not see.
     */
    public LineageGraph delivery(Actor actor, String deliveryId, int depth, int maxNodes) {
        DeliveryFacts facts = LineageCalls.call(() -> reach.delivery(deliveryId))
                .orElseThrow(() -> SandboxException.notFound("delivery", deliveryId));
        LineageGraph up = query(actor, facts.listing(), "", Direction.UPSTREAM, depth, maxNodes);
        return new LineageGraph(up.start(), up.direction(), up.columnLevel(), up.datasets(), up.columns(), up.edges(),
                up.processes(), up.truncated(), List.of(facts));
    }

    private Visibility visibility(Actor actor) {
        if (Permissions.seesAllLineage(actor)) {
            return Visibility.ALL;
        }
        Set<String> own = new TreeSet<>();
        for (String id : workspaces.worklist()) {
            workspaces.subject(id).filter(s -> workspaces.mayRead(actor, s)).ifPresent(s -> own.add(id));
        }
        return Visibility.workspaces(own);
    }
}
