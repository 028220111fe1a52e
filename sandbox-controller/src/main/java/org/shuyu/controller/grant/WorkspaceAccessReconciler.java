package org.shuyu.controller.grant;

import static java.util.Objects.requireNonNull;

import jakarta.annotation.PreDestroy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.shuyu.controller.audit.AuditLog;
import org.shuyu.controller.identity.IdentityProvisioner;
import org.shuyu.controller.identity.WorkspaceAccessChanged;
import org.shuyu.controller.identity.WorkspaceGroup;
import org.shuyu.controller.personnel.PersonnelVetting;
import org.shuyu.controller.replica.Leadership;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Makes the identity provider's workspace groups match the platform (R-18, R-17a): one group per active grant,
 * whose members are exactly the grant's current, vetted members; no group for any other grant. Desired state is
 * computed from the database alone ({@link #desired}), then applied idempotently, so a pass can run again at any
 * time and an outage of the identity provider heals on the next pass.
 *
 * <p>A change of a grant's state or members, or of a person's vetting, triggers a pass after its transaction
 * commits (on a background thread, so the request never waits for the identity provider); a full pass also runs
 * on a schedule. The groups serve systems outside the controller: the controller's own gate
 * ({@link GrantAccess#requireAccess}) reads the platform's state and refuses by it, whatever the groups say.
 */
@Component
public class WorkspaceAccessReconciler {
    /** The reconciler's identity in the audit log. */
    public static final String ACTOR = GrantAuditEvents.IDENTITY_PROVISIONER;
    private static final Logger log = LoggerFactory.getLogger(WorkspaceAccessReconciler.class);
    private static final Set<LifecycleState> OPEN = EnumSet.copyOf(Arrays.stream(LifecycleState.values())
            .filter(s -> s.phase() == LifecycleState.Phase.GRANT && s.accessOpen()).toList());

    private final GrantStore store;
    private final PersonnelVetting vetting;
    private final IdentityProvisioner provisioner;
    private final AuditLog audit;
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "workspace-access-reconciler");
        t.setDaemon(true);
        return t;
    });
    private final Set<String> pendingGrants = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean pendingAll = new AtomicBoolean();

    public WorkspaceAccessReconciler(GrantStore store, PersonnelVetting vetting, IdentityProvisioner provisioner, AuditLog audit) {
        this.store = requireNonNull(store, "store is null");
        this.vetting = requireNonNull(vetting, "vetting is null");
        this.provisioner = requireNonNull(provisioner, "provisioner is null");
        this.audit = requireNonNull(audit, "audit is null");
    }

    /**
     * What a pass did: groups ensured or removed, members added and removed, groups deleted, vetted members the
     * identity provider has no account for, and operations that failed.
     */
    public record Pass(int groups, int added, int removed, int deleted, int unknownUsers, int failures) {
        Pass plus(IdentityProvisioner.Provisioned p) {
            return new Pass(groups + 1, added + p.added().size(), removed + p.removed().size(), deleted + (p.deleted() ? 1 : 0),
                    unknownUsers + p.unknownUsers().size(), failures);
        }

        Pass failed() {
            return new Pass(groups, added, removed, deleted, unknownUsers, failures + 1);
        }

        static final Pass NONE = new Pass(0, 0, 0, 0, 0, 0);
    }

    /**
     * The groups that should exist: one per grant whose access is open, with its current members who lack no
     * vetting item. Pure: reads only its arguments.
     */
    static List<WorkspaceGroup> desired(List<Grant> grants, Function<String, List<Grant.Member>> members, PersonnelVetting vetting) {
        List<WorkspaceGroup> groups = new ArrayList<>();
        for (Grant grant : grants) {
            if (grant.state().phase() != LifecycleState.Phase.GRANT || !grant.state().accessOpen()) {
                continue;
            }
            Set<String> vetted = new TreeSet<>();
            for (Grant.Member member : members.apply(grant.id())) {
                if (member.current() && vetting.missing(grant.organizationId(), member.userId()).isEmpty()) {
                    vetted.add(member.userId());
                }
            }
            groups.add(WorkspaceGroup.of(grant.id(), vetted));
        }
        return groups;
    }

    /** Every workspace group, against the whole platform. */
    public synchronized Pass reconcileAll() {
        Map<String, WorkspaceGroup> want = new LinkedHashMap<>();
        for (WorkspaceGroup group : desired(store.grantsIn(OPEN), store::members, vetting)) {
            want.put(group.name(), group);
        }
        Set<String> existing;
        try {
            existing = provisioner.workspaceGroups();
        } catch (RuntimeException e) {
            log.warn("identity provider unreachable; workspace groups will be reconciled on the next pass: {}", e.toString());
            return Pass.NONE.failed();
        }
        Pass pass = Pass.NONE;
        // Removals first: closing access is the more urgent half.
        for (String name : new TreeSet<>(existing)) {
            if (!want.containsKey(name) && name.startsWith(WorkspaceGroup.PREFIX)) {
                pass = remove(name, pass);
            }
        }
        for (WorkspaceGroup group : want.values()) {
            pass = ensure(group, pass);
        }
        return pass;
    }

    /** One grant's workspace group. */
    public synchronized Pass reconcile(String grantId) {
        Optional<Grant> grant = store.grant(grantId);
        List<WorkspaceGroup> want = desired(grant.stream().toList(), store::members, vetting);
        return want.isEmpty() ? remove(WorkspaceGroup.nameFor(grantId), Pass.NONE) : ensure(want.get(0), Pass.NONE);
    }

    /** Runs after the transaction that changed access commits; nothing happens for a rolled-back change. */
    @TransactionalEventListener(fallbackExecution = true)
    public void accessChanged(WorkspaceAccessChanged event) {
        event.grantId().ifPresentOrElse(pendingGrants::add, () -> pendingAll.set(true));
        background.execute(this::drain);
    }

    private Leadership leadership;

    /** Scheduled passes run only on the leader replica (docs/replicas.md); without one, never. */
    @Autowired
    void setLeadership(Leadership leadership) {
        this.leadership = leadership;
    }

    private boolean leads() {
        return leadership != null && leadership.isLeader();
    }

    @Scheduled(fixedDelayString = "${sandbox.identity.keycloak.reconcile-interval:60s}",
            initialDelayString = "${sandbox.identity.keycloak.reconcile-initial-delay:10s}")
    public void scheduled() {
        if (!leads()) {
            return;
        }
        Pass pass = reconcileAll();
        if (pass.added() + pass.removed() + pass.deleted() + pass.unknownUsers() + pass.failures() > 0) {
            log.info("workspace groups reconciled: {}", pass);
        }
    }

    private void drain() {
        try {
            if (pendingAll.getAndSet(false)) {
                pendingGrants.clear();
                reconcileAll();
            }
            for (String grantId : List.copyOf(pendingGrants)) {
                pendingGrants.remove(grantId);
                reconcile(grantId);
            }
        } catch (RuntimeException e) {
            // The scheduled pass repairs whatever this one left; the platform's own gate never depended on it.
            log.error("workspace group reconciliation failed; the next pass retries", e);
        }
    }

    private Pass ensure(WorkspaceGroup group, Pass pass) {
        try {
            IdentityProvisioner.Provisioned done = provisioner.ensure(group);
            record(group.grantId(), done);
            return pass.plus(done);
        } catch (RuntimeException e) {
            log.warn("cannot provision workspace group {}; the next pass retries: {}", group.name(), e.toString());
            return pass.failed();
        }
    }

    private Pass remove(String name, Pass pass) {
        try {
            IdentityProvisioner.Provisioned done = provisioner.remove(name);
            record(WorkspaceGroup.grantIdOf(name), done);
            return pass.plus(done);
        } catch (RuntimeException e) {
            log.warn("cannot remove workspace group {}; the next pass retries: {}", name, e.toString());
            return pass.failed();
        }
    }

    private void record(String grantId, IdentityProvisioner.Provisioned done) {
        if (!done.unknownUsers().isEmpty()) {
            log.warn("vetted members of grant {} have no account in the identity provider: {}", grantId, done.unknownUsers());
        }
        if (!done.changed()) {
            return;
        }
        Optional<String> organizationId = store.grant(grantId).map(Grant::organizationId);
        audit.append(GrantAuditEvents.identitySync(grantId, organizationId, done.describe()));
        log.info("identity provider: {}", done.describe());
    }

    @PreDestroy
    void stop() {
        background.shutdownNow();
    }
}
