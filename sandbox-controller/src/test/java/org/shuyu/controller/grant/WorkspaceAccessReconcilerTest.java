package org.shuyu.controller.grant;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.audit.AuditEvent;
import org.shuyu.controller.audit.AuditLog;
import org.shuyu.controller.audit.AuditRecord;
import org.shuyu.controller.catalog.PriorityDomain;
import org.shuyu.controller.identity.IdentityProvisioner;
import org.shuyu.controller.identity.Jurisdiction;
import org.shuyu.controller.identity.WorkspaceGroup;
import org.shuyu.controller.personnel.PersonnelVetting;
import org.shuyu.controller.personnel.VettingItem;

/**
 * The workspace group reconciler with hand-written fakes of its ports: desired state from grants, members and
 * vetting; removals before additions; an identity provider outage changes nothing and heals on the next pass;
 * a second pass changes nothing; every change is audited.
 */
@Tag("R-18")
class WorkspaceAccessReconcilerTest {
    private final Map<String, Grant> grants = new LinkedHashMap<>();
    private final Map<String, List<Grant.Member>> members = new HashMap<>();
    private final Set<String> unvetted = new TreeSet<>();
    private final FakeProvisioner provisioner = new FakeProvisioner();
    private final List<AuditEvent> audited = new ArrayList<>();
    private final PersonnelVetting vetting = (org, user) -> unvetted.contains(user) ? List.of(VettingItem.FILING_AND_VETTING) : List.of();
    private final WorkspaceAccessReconciler reconciler = new WorkspaceAccessReconciler(store(), vetting, provisioner, audit());

    @Test
    void desiredIsOneGroupPerActiveGrantWithItsCurrentVettedMembers() {
        grant("g1", LifecycleState.GRANT_ACTIVE, member("g1", "alice", true), member("g1", "bob", true), member("g1", "carol", false));
        grant("g2", LifecycleState.GRANT_SUSPENDED, member("g2", "alice", true));
        grant("g3", LifecycleState.GRANT_TERMINATED, member("g3", "alice", false));
        grant("g4", LifecycleState.GRANT_AGREED);
        unvetted.add("bob");

        List<WorkspaceGroup> desired = WorkspaceAccessReconciler.desired(List.copyOf(grants.values()),
                id -> members.getOrDefault(id, List.of()), vetting);
        assertThat(desired).containsExactly(WorkspaceGroup.of("g1", Set.of("alice")));
    }

    @Test
    void bringsTheProviderToTheDesiredStateAndASecondPassChangesNothing() {
        grant("g1", LifecycleState.GRANT_ACTIVE, member("g1", "alice", true), member("g1", "bob", true));
        grant("g2", LifecycleState.GRANT_REVOKED);
        provisioner.groups.put("ws-g1", new TreeSet<>(Set.of("bob", "mallory")));
        provisioner.groups.put("ws-g2", new TreeSet<>(Set.of("alice")));

        WorkspaceAccessReconciler.Pass first = reconciler.reconcileAll();
        assertThat(first).isEqualTo(new WorkspaceAccessReconciler.Pass(2, 1, 2, 1, 0, 0));
        assertThat(provisioner.groups).containsOnlyKeys("ws-g1");
        assertThat(provisioner.groups.get("ws-g1")).containsExactly("alice", "bob");
        assertThat(provisioner.calls.get(0)).as("closing access comes first").isEqualTo("remove ws-g2");
        assertThat(audited).extracting(AuditEvent::subjectId).containsExactly("g2", "g1");
        assertThat(audited.get(0).detail()).isEqualTo("group ws-g2; removed [alice]; deleted");
        assertThat(audited.get(1).detail()).isEqualTo("group ws-g1; added [alice]; removed [mallory]");
        assertThat(audited).allSatisfy(e -> {
            assertThat(e.actor()).isEqualTo(WorkspaceAccessReconciler.ACTOR);
            assertThat(e.organizationId()).contains("org-1");
            assertThat(e.action()).isEqualTo("workspace.identity-sync");
        });

        WorkspaceAccessReconciler.Pass second = reconciler.reconcileAll();
        assertThat(second).isEqualTo(new WorkspaceAccessReconciler.Pass(1, 0, 0, 0, 0, 0));
        assertThat(audited).as("no change, no record").hasSize(2);
    }

    @Test
    void anOutageOfTheIdentityProviderChangesNothingAndHealsOnTheNextPass() {
        grant("g1", LifecycleState.GRANT_SUSPENDED, member("g1", "alice", true));
        provisioner.groups.put("ws-g1", new TreeSet<>(Set.of("alice")));
        provisioner.down = true;

        assertThat(reconciler.reconcileAll().failures()).isEqualTo(1);
        assertThat(reconciler.reconcile("g1").failures()).isEqualTo(1);
        assertThat(provisioner.groups.get("ws-g1")).containsExactly("alice");
        assertThat(audited).isEmpty();

        provisioner.down = false;
        WorkspaceAccessReconciler.Pass healed = reconciler.reconcileAll();
        assertThat(healed.failures()).isZero();
        assertThat(healed.removed()).isEqualTo(1);
        assertThat(provisioner.groups).isEmpty();
        assertThat(audited).singleElement().extracting(AuditEvent::detail).isEqualTo("group ws-g1; removed [alice]; deleted");
    }

    @Test
    void oneFailingGroupDoesNotStopTheOthers() {
        grant("g1", LifecycleState.GRANT_ACTIVE, member("g1", "alice", true));
        grant("g2", LifecycleState.GRANT_ACTIVE, member("g2", "bob", true));
        provisioner.failing.add("ws-g1");
        WorkspaceAccessReconciler.Pass pass = reconciler.reconcileAll();
        assertThat(pass.failures()).isEqualTo(1);
        assertThat(provisioner.groups).containsOnlyKeys("ws-g2");
    }

    @Test
    void oneGrantIsReconciledOnItsOwnAfterAChange() {
        grant("g1", LifecycleState.GRANT_ACTIVE, member("g1", "alice", true));
        grant("g2", LifecycleState.GRANT_ACTIVE, member("g2", "bob", true));
        assertThat(reconciler.reconcile("g1").added()).isEqualTo(1);
        assertThat(provisioner.groups).containsOnlyKeys("ws-g1");

        grant("g1", LifecycleState.GRANT_EXPIRED, member("g1", "alice", false));
        assertThat(reconciler.reconcile("g1").deleted()).isEqualTo(1);
        assertThat(reconciler.reconcile("unknown-grant").failures()).as("nothing to remove is no failure").isZero();
        assertThat(provisioner.groups).isEmpty();
    }

    private void grant(String id, LifecycleState state, Grant.Member... grantMembers) {
        grants.put(id, new Grant(id, "app-" + id, "org-1", state, "scenario " + id, PriorityDomain.values()[0], Jurisdiction.Level.MUNICIPAL,
                Jurisdiction.MUNICIPAL, List.of(), LocalDate.of(2026, 1, 1), LocalDate.of(2027, 1, 1),
                new Grant.Agreement("a.pdf", "a".repeat(64), LocalDate.of(2026, 1, 1)), Optional.empty(), Optional.empty(),
                Optional.empty(), Instant.EPOCH, "admin", Optional.empty(), Optional.empty(), Optional.empty()));
        members.put(id, List.of(grantMembers));
    }

    private static Grant.Member member(String grantId, String userId, boolean current) {
        return new Grant.Member(grantId, userId, userId, "applicant", Instant.EPOCH,
                current ? Optional.empty() : Optional.of("applicant"), current ? Optional.empty() : Optional.of(Instant.EPOCH));
    }

    /** Only the three reads the reconciler makes; anything else is a test bug. */
    private LifecycleStore store() {
        return (LifecycleStore) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {LifecycleStore.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "grantsIn" -> grants.values().stream().filter(g -> ((Set<?>) args[0]).contains(g.state())).toList();
                    case "grant" -> Optional.ofNullable(grants.get((String) args[0]));
                    case "members" -> members.getOrDefault((String) args[0], List.of());
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private AuditLog audit() {
        return (AuditLog) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {AuditLog.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("append")) {
                        audited.add((AuditEvent) args[0]);
                        return (AuditRecord) null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    /** Groups in memory; {@code down} fails every call, {@code failing} fails calls for those groups. */
    private static final class FakeProvisioner implements IdentityProvisioner {
        final Map<String, Set<String>> groups = new LinkedHashMap<>();
        final Set<String> failing = new TreeSet<>();
        final List<String> calls = new ArrayList<>();
        boolean down;

        @Override
        public Set<String> workspaceGroups() {
            check("list");
            return new TreeSet<>(groups.keySet());
        }

        @Override
        public Provisioned ensure(WorkspaceGroup group) {
            check(group.name());
            calls.add("ensure " + group.name());
            boolean created = !groups.containsKey(group.name());
            Set<String> current = groups.computeIfAbsent(group.name(), n -> new TreeSet<>());
            Set<String> added = new TreeSet<>(group.members());
            added.removeAll(current);
            Set<String> removed = new TreeSet<>(current);
            removed.removeAll(group.members());
            current.clear();
            current.addAll(group.members());
            return new Provisioned(group.name(), created, added, removed, Set.of(), false);
        }

        @Override
        public Provisioned remove(String groupName) {
            check(groupName);
            calls.add("remove " + groupName);
            Set<String> gone = groups.remove(groupName);
            return gone == null ? Provisioned.nothing(groupName) : new Provisioned(groupName, false, Set.of(), gone, Set.of(), true);
        }

        private void check(String what) {
            if (down || failing.contains(what)) {
                throw new IllegalStateException("identity provider unreachable (" + what + ")");
            }
        }
    }
}
