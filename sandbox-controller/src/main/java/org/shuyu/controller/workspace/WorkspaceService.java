package org.shuyu.controller.workspace;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.grant.Grant;
import org.shuyu.controller.grant.GrantsForWorkspaces;
import org.shuyu.controller.grant.Lab;
import org.shuyu.controller.grant.LifecycleState;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.Permissions;
import org.shuyu.controller.organization.Organization;
import org.shuyu.controller.organization.Organizations;
import org.springframework.stereotype.Service;

/**
 * Workspaces follow from the life cycle (R-19a, R-17a): an active lab or grant has one; a suspended grant
 * keeps it with access closed; an ended lab or grant has it closed and, once its data is deleted, torn down.
 * This service derives the subject of a workspace and answers who may see it and who may work in it;
 * {@link WorkspaceReconciliation} applies one workspace's desired state at a time.
 */
@Service
public class WorkspaceService {
    /** Grant states in which the workspace exists (it was activated and has not ended). */
    static final Set<LifecycleState> GRANT_HELD = EnumSet.of(LifecycleState.GRANT_ACTIVE,
            LifecycleState.GRANT_SUSPENDED, LifecycleState.GRANT_RECTIFICATION_REPORTED, LifecycleState.GRANT_RECTIFICATION_OVERDUE);

    private final WorkspaceStore store;
    private final WorkspaceProvisioner provisioner;
    private final GrantsForWorkspaces grants;
    private final Organizations organizations;

    public WorkspaceService(WorkspaceStore store, WorkspaceProvisioner provisioner, GrantsForWorkspaces grants,
            Organizations organizations) {
        this.store = requireNonNull(store, "store is null");
        this.provisioner = requireNonNull(provisioner, "provisioner is null");
        this.grants = requireNonNull(grants, "grants is null");
        this.organizations = requireNonNull(organizations, "organizations is null");
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
        Optional<Grant> grant = grants.grant(id);
        if (grant.isPresent()) {
            Grant g = grant.get();
            Set<String> members = grants.members(g.id()).stream().filter(Grant.Member::current).map(Grant.Member::userId)
                    .collect(Collectors.toCollection(TreeSet::new));
            return Optional.of(new Subject(g.id(), Workspace.Kind.GRANT, g.organizationId(), g.state(), g.datasetIds(), members));
        }
        return grants.lab(id).map(lab -> new Subject(lab.id(), Workspace.Kind.LAB, lab.organizationId(), lab.state(),
                lab.datasetIds(), labMembers(lab)));
    }

    /** A lab's workspace is used by the person who requested it and the organization's accountable person. */
    private Set<String> labMembers(Lab lab) {
        Set<String> members = new TreeSet<>();
        members.add(lab.requestedBy());
        organizations.find(lab.organizationId()).map(Organization::accountableUserId).ifPresent(members::add);
        return members;
    }

    /**
     * The gate of every workspace action (jobs, preview): the lab or grant is open and the user is one of its
     * current members (for grants, {@link GrantsForWorkspaces#requireAccess} decides, the one gate of grant access).
     * Callers then call {@link WorkspaceReconciliation#reconcile(String)} to have the workspace provisioned if no pass
     * has done it yet.
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

    /**
     * The workspace's own tables with their columns, for a user who may work in it (the gate of a preview): others get
     * the gate's refusal. {@code WORKSPACE_TABLES_UNAVAILABLE} where the controller cannot see the workspace's storage.
     */
    public List<WorkspaceProvisioner.TableInfo> tables(Actor actor, String id) {
        requireAccess(actor, id);
        Optional<Workspace> found = store.find(id);
        if (found.isEmpty()) {
            return List.of(); // not provisioned yet: no table
        }
        Workspace workspace = requireReady(found, id);
        return provisioner.tables(workspace).orElseThrow(() -> new SandboxException(ErrorCode.WORKSPACE_TABLES_UNAVAILABLE,
                "the controller cannot list the tables of workspace " + id + " on this provisioner; preview a table by name"));
    }

    public WorkspaceProvisioner.Layout layout(String id) {
        return provisioner.layout(id);
    }

    /** Members see their own workspaces; the authority and security supervisors see all. */
    public boolean mayRead(Actor actor, Subject subject) {
        if (Permissions.readsEveryWorkspace(actor)) {
            return true;
        }
        if (subject.members().contains(actor.userId())) {
            return true;
        }
        return Permissions.readsWorkspacesAsAccountablePerson(actor) && organizations.find(subject.organizationId())
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
        grants.grantsIn(GRANT_HELD).forEach(g -> ids.add(g.id()));
        grants.labs().stream().filter(l -> l.state() == LifecycleState.LAB_ACTIVE).forEach(l -> ids.add(l.id()));
        store.inStates(EnumSet.of(Workspace.State.PROVISIONING, Workspace.State.READY, Workspace.State.CLOSED))
                .forEach(w -> ids.add(w.id()));
        return ids;
    }

}
