package org.shuyu.controller.workspace;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.shuyu.controller.audit.AuditEvent;
import org.shuyu.controller.audit.AuditLog;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.grant.Grant;
import org.shuyu.controller.grant.GrantAccess;
import org.shuyu.controller.grant.Lab;
import org.shuyu.controller.grant.LifecycleState;
import org.shuyu.controller.grant.LifecycleStore;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.Role;
import org.shuyu.controller.organization.Organization;
import org.shuyu.controller.organization.Organizations;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Workspaces follow from the life cycle (R-19a, R-17a): an active lab or grant has one; a suspended grant
 * keeps it with access closed; an ended lab or grant has it closed and, once its data is deleted, torn down.
 * This service derives the desired state, answers who may work where, and applies one workspace's desired
 * state at a time ({@link #reconcile(String)}), idempotently.
 */
@Service
public class WorkspaceService {
    /** Grant states in which the workspace exists (it was activated and has not ended). */
    private static final Set<LifecycleState> GRANT_HELD = EnumSet.of(LifecycleState.GRANT_ACTIVE,
            LifecycleState.GRANT_SUSPENDED, LifecycleState.GRANT_RECTIFICATION_REPORTED, LifecycleState.GRANT_RECTIFICATION_OVERDUE);
    private static final Actor RECONCILER = new Actor("system:workspace-reconciler", "Workspace reconciler", Set.of(),
            Optional.empty());

    private final WorkspaceStore store;
    private final WorkspaceProvisioner provisioner;
    private final LifecycleStore lifecycle;
    private final GrantAccess grants;
    private final Organizations organizations;
    private final AuditLog audit;
    private final Clock clock;

    public WorkspaceService(WorkspaceStore store, WorkspaceProvisioner provisioner, LifecycleStore lifecycle, GrantAccess grants,
            Organizations organizations, AuditLog audit, Clock clock) {
        this.store = store;
        this.provisioner = provisioner;
        this.lifecycle = lifecycle;
        this.grants = grants;
        this.organizations = organizations;
        this.audit = audit;
        this.clock = clock;
    }

    /** The lab or grant behind a workspace, as far as workspaces care. */
    public record Subject(String id, Workspace.Kind kind, String organizationId, LifecycleState state, List<String> datasetIds,
            Set<String> members) {
        /** Whether work may happen now. */
        public boolean open() {
            return state.accessOpen();
        }

        /** Whether the workspace should exist (provisioned): active, or a grant suspended pending rectification. */
        public boolean held() {
            return kind == Workspace.Kind.LAB ? state == LifecycleState.LAB_ACTIVE : GRANT_HELD.contains(state);
        }
    }

    public record View(Workspace workspace, Subject subject, String access) {}

    public Optional<Subject> subject(String id) {
        Optional<Grant> grant = lifecycle.grant(id);
        if (grant.isPresent()) {
            Grant g = grant.get();
            Set<String> members = lifecycle.members(g.id()).stream().filter(Grant.Member::current).map(Grant.Member::userId)
                    .collect(Collectors.toCollection(java.util.TreeSet::new));
            return Optional.of(new Subject(g.id(), Workspace.Kind.GRANT, g.organizationId(), g.state(), g.datasetIds(), members));
        }
        return lifecycle.lab(id).map(lab -> new Subject(lab.id(), Workspace.Kind.LAB, lab.organizationId(), lab.state(),
                lab.datasetIds(), labMembers(lab)));
    }

    /** A lab's workspace is used by the person who requested it and the organization's accountable person. */
    private Set<String> labMembers(Lab lab) {
        Set<String> members = new java.util.TreeSet<>();
        members.add(lab.requestedBy());
        organizations.find(lab.organizationId()).map(Organization::accountableUserId).ifPresent(members::add);
        return members;
    }

    /**
     * The gate of every workspace action (jobs, preview): the lab or grant is open and the user is one of its
     * current members (for grants, {@link GrantAccess#requireAccess} decides, the one gate of grant access).
     * Callers then call {@link #reconcile(String)} to have the workspace provisioned if no pass has done it yet.
     */
    public Subject requireAccess(String userId, String workspaceId) {
        Subject subject = subject(workspaceId).orElseThrow(() -> SandboxException.notFound("workspace", workspaceId));
        if (subject.kind() == Workspace.Kind.GRANT) {
            grants.requireAccess(subject.id(), userId);
        } else {
            if (!subject.open()) {
                throw new SandboxException(ErrorCode.GRANT_NOT_ACTIVE, "lab " + subject.id() + " is " + subject.state().shortName()
                        + "; its workspace is closed");
            }
            if (!subject.members().contains(userId)) {
                throw new SandboxException(ErrorCode.NOT_A_MEMBER, userId + " may not work in lab " + subject.id());
            }
        }
        return subject;
    }

    /**
     * The gate of a workspace action by {@code actor}: a workspace the actor may not see (see {@link #mayRead})
     * answers NOT_FOUND, as one that does not exist; then {@link #requireAccess(String, String)}.
     */
    public Subject requireAccess(Actor actor, String workspaceId) {
        Subject subject = subject(workspaceId).filter(s -> mayRead(actor, s))
                .orElseThrow(() -> SandboxException.notFound("workspace", workspaceId));
        requireAccess(actor.userId(), workspaceId);
        return subject;
    }

    /** Whether the workspace's subject lets the user work in it right now (the same rule as {@link #requireAccess}). */
    public boolean mayWork(String userId, String workspaceId) {
        try {
            requireAccess(userId, workspaceId);
            return true;
        } catch (SandboxException e) {
            return false;
        }
    }

    public static Workspace requireReady(Optional<Workspace> workspace, String id) {
        Workspace w = workspace.orElseThrow(() -> SandboxException.notFound("workspace", id));
        if (w.state() != Workspace.State.READY) {
            throw new SandboxException(ErrorCode.WORKSPACE_NOT_READY, "workspace " + id + " is " + w.state());
        }
        return w;
    }

    public List<View> list(Actor actor) {
        List<View> views = new ArrayList<>();
        for (Workspace workspace : store.all()) {
            Optional<Subject> subject = subject(workspace.id());
            if (subject.isPresent() && mayRead(actor, subject.get())) {
                views.add(view(workspace, subject.get()));
            }
        }
        views.sort(Comparator.comparing((View v) -> v.workspace().createdAt()).reversed());
        return views;
    }

    public View get(Actor actor, String id) {
        Workspace workspace = store.find(id).orElseThrow(() -> SandboxException.notFound("workspace", id));
        Subject subject = subject(id).filter(s -> mayRead(actor, s)).orElseThrow(() -> SandboxException.notFound("workspace", id));
        return view(workspace, subject);
    }

    public Optional<Workspace> find(String id) {
        return store.find(id);
    }

    /** Whether a table of the workspace exists, checked without a job where the provisioner can tell. */
    public WorkspaceProvisioner.TablePresence table(Workspace workspace, String table) {
        return provisioner.table(workspace, table);
    }

    public WorkspaceProvisioner.Layout layout(String id) {
        return provisioner.layout(id);
    }

    /** Members see their own workspaces; the authority and security supervisors see all. */
    public boolean mayRead(Actor actor, Subject subject) {
        if (actor.has(Role.SECURITY) || actor.has(Role.AUTHORITY)) {
            return true;
        }
        if (subject.members().contains(actor.userId())) {
            return true;
        }
        return actor.has(Role.APPLICANT) && organizations.find(subject.organizationId())
                .map(o -> o.isAccountable(actor.userId())).orElse(false);
    }

    private View view(Workspace workspace, Subject subject) {
        String access = workspace.state() == Workspace.State.READY && subject.open() ? "OPEN"
                : workspace.state() == Workspace.State.READY && subject.held() ? "SUSPENDED" : "CLOSED";
        return new View(workspace, subject, access);
    }

    /** Ids of every lab and grant whose workspace should exist or be wound down: the reconciler's worklist. */
    public Set<String> worklist() {
        Set<String> ids = new LinkedHashSet<>();
        lifecycle.grantsIn(GRANT_HELD).forEach(g -> ids.add(g.id()));
        lifecycle.labs().stream().filter(l -> l.state() == LifecycleState.LAB_ACTIVE).forEach(l -> ids.add(l.id()));
        store.inStates(EnumSet.of(Workspace.State.PROVISIONING, Workspace.State.READY, Workspace.State.CLOSED))
                .forEach(w -> ids.add(w.id()));
        return ids;
    }

    /**
     * Moves one workspace one step towards its desired state and returns it: create and provision when its lab
     * or grant holds one; close when the lab or grant ended (the caller stops its jobs); tear down a closed
     * workspace once its data may go (labs at once; grants when their deletion record has been carried out).
     */
    @Transactional
    public Optional<Workspace> reconcile(String id) {
        Optional<Subject> found = subject(id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Subject subject = found.get();
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
                record("workspace.provision", workspace, "database " + workspace.databaseName() + ", storage " + layout.root());
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
            record("workspace.close", workspace, subject.kind().name().toLowerCase() + " " + id + " is "
                    + subject.state().shortName() + "; access closed, running jobs stopped");
        }
        if (workspace.state() == Workspace.State.CLOSED && dataMayGo(subject)) {
            WorkspaceProvisioner.Teardown teardown = provisioner.teardown(workspace);
            workspace = workspace.with(Workspace.State.TORN_DOWN, now).withStorage(0);
            store.update(workspace);
            record("workspace.teardown", workspace, "deleted " + teardown.files() + " files, " + teardown.bytes() + " bytes");
        }
        return Optional.of(workspace);
    }

    /** Labs' data goes when they end; a grant's data goes by its deletion record (R-17a), carried out first. */
    private boolean dataMayGo(Subject subject) {
        if (subject.kind() == Workspace.Kind.LAB) {
            return true;
        }
        return lifecycle.deletions().stream().filter(d -> d.grantId().equals(subject.id()))
                .anyMatch(d -> d.state() == Grant.DeletionState.DONE);
    }

    @Transactional
    public void recordStorage(String id) {
        store.lock(id).filter(w -> w.state() == Workspace.State.READY)
                .ifPresent(w -> store.update(w.withStorage(provisioner.storageBytes(id))));
    }

    private void record(String action, Workspace workspace, String detail) {
        audit.append(new AuditEvent(RECONCILER.userId(), Set.of(), action, "workspace", workspace.id(),
                Optional.of(workspace.organizationId()), AuditEvent.Outcome.DONE, Optional.empty(), detail));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
