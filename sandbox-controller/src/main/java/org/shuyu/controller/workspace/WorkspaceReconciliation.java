package org.shuyu.controller.workspace;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.shuyu.controller.audit.AuditLog;
import org.shuyu.controller.grant.GrantsForWorkspaces;
import org.shuyu.lineage.store.LineageReachStore;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies one workspace's desired state at a time, idempotently (R-19a, R-17a): provisions the workspace of an active
 * lab or grant, closes it when the lab or grant ended, tears it down once its data may go, and meters its storage.
 * The desired state follows from the workspace's subject ({@link WorkspaceService#subject}).
 */
@Service
public class WorkspaceReconciliation {
    private final WorkspaceStore store;
    private final WorkspaceProvisioner provisioner;
    private final WorkspaceService workspaces;
    private final GrantsForWorkspaces grants;
    private final AuditLog audit;
    private final Clock clock;
    private final LineageReachStore lineage;

    public WorkspaceReconciliation(WorkspaceStore store, WorkspaceProvisioner provisioner, WorkspaceService workspaces,
            GrantsForWorkspaces grants, AuditLog audit, Clock clock, LineageReachStore lineage) {
        this.store = requireNonNull(store, "store is null");
        this.provisioner = requireNonNull(provisioner, "provisioner is null");
        this.workspaces = requireNonNull(workspaces, "workspaces is null");
        this.grants = requireNonNull(grants, "grants is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.lineage = requireNonNull(lineage, "lineage is null");
    }

    /**
     * Moves one workspace one step towards its desired state and returns it: create and provision when its lab
     * or grant holds one; close when the lab or grant ended (the caller stops its jobs); tear down a closed
     * workspace once its data may go (labs at once; grants when their deletion record has been carried out).
     */
    @Transactional
    public Optional<Workspace> reconcile(String id) {
        Optional<WorkspaceService.Subject> found = workspaces.subject(id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        WorkspaceService.Subject subject = found.get();
        Instant now = now();
        if (subject.held()) {
            // Insert-if-absent, then lock: of concurrent first uses (20 first job submissions at once) one inserts and
            // provisions, the others wait on its row lock and find the workspace READY; none fails on a duplicate key.
            store.insertIfAbsent(new Workspace(id, subject.kind(), subject.organizationId(), Workspace.databaseFor(id),
                    Workspace.State.PROVISIONING, now, Optional.empty(), Optional.empty(), Optional.empty(), 0));
        }
        Optional<Workspace> existing = store.lock(id);
        if (subject.held()) {
            Workspace workspace = existing.orElseThrow(() -> new IllegalStateException("workspace " + id + " vanished while locked"));
            if (workspace.state() == Workspace.State.CLOSED || workspace.state() == Workspace.State.TORN_DOWN) {
                return Optional.of(workspace); // an ended subject never comes back
            }
            WorkspaceProvisioner.Layout layout = provisioner.ensure(workspace);
            if (workspace.state() == Workspace.State.PROVISIONING) {
                workspace = workspace.with(Workspace.State.READY, now);
                store.update(workspace);
                audit.append(WorkspaceAuditEvents.provisioned(workspace, "database " + workspace.databaseName() + ", storage "
                        + layout.root()));
            }
            return Optional.of(workspace);
        }
        if (existing.isEmpty()) {
            return Optional.empty();
        }
        Workspace workspace = existing.get();
        if (workspace.state() == Workspace.State.PROVISIONING || workspace.state() == Workspace.State.READY) {
            if (subject.kind() == Workspace.Kind.GRANT && !subject.state().terminal()) {
                return Optional.of(workspace);
            }
            workspace = workspace.with(Workspace.State.CLOSED, now);
            store.update(workspace);
            audit.append(WorkspaceAuditEvents.closed(workspace, subject.kind().name().toLowerCase() + " " + id + " is "
                    + subject.state().shortName() + "; access closed, running jobs stopped"));
        }
        if (workspace.state() == Workspace.State.CLOSED && dataMayGo(subject)) {
            WorkspaceProvisioner.Teardown teardown = provisioner.teardown(workspace);
            workspace = workspace.with(Workspace.State.TORN_DOWN, now).withStorage(0);
            store.update(workspace);
            // its tables stay in the lineage graph, ended (docs/lineage.md, "Ended datasets")
            int ended = lineage.endWorkspace(id, now);
            audit.append(WorkspaceAuditEvents.tornDown(workspace, "deleted " + teardown.files() + " files, " + teardown.bytes()
                    + " bytes; " + ended + " tables and views ended in the lineage graph"));
        }
        return Optional.of(workspace);
    }

    /** Labs' data goes when they end; a grant's data goes by its deletion record (R-17a), carried out first. */
    private boolean dataMayGo(WorkspaceService.Subject subject) {
        if (subject.kind() == Workspace.Kind.LAB) {
            return true;
        }
        return grants.dataDeleted(subject.id());
    }

    @Transactional
    public void recordStorage(String id) {
        store.lock(id).filter(w -> w.state() == Workspace.State.READY)
                .ifPresent(w -> store.update(w.withStorage(provisioner.storageBytes(id))));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
