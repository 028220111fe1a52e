package org.shuyu.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class PolicyCompilerTest {
    private final PolicyCompiler compiler = new PolicyCompiler();

    private static WorkspaceSpec workspace(String id, boolean active, Set<String> members, Set<String> datasets) {
        String db = "ws_" + id.replace('-', '_');
        return new WorkspaceSpec(id, db, "/srv/ws/" + id, active, members, datasets);
    }

    private static List<String> names(ServicePolicySet set) {
        return set.policies().stream().map(CompiledPolicy::name).toList();
    }

    @Test
    void serviceNameReplacesEveryCharacterOutsideLettersDigitsAndUnderscore() {
        assertThat(PolicyCompiler.serviceName("grant-ab12")).isEqualTo("shuyu_grant_ab12");
        assertThat(PolicyCompiler.serviceName("Lab_01")).isEqualTo("shuyu_Lab_01");
        assertThat(PolicyCompiler.serviceName("a.b/c d\u5f20")).isEqualTo("shuyu_a_b_c_d_");
        assertThatThrownBy(() -> PolicyCompiler.serviceName(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @Tag("R-19a")
    void activeGrantGetsWorkspaceThenPerDatasetPoliciesInAStableOrder() {
        ServicePolicySet grant = compiler.compile(DemoState.state()).get("shuyu_grant_ab12");
        assertThat(grant.workspaceId()).isEqualTo("grant-ab12");
        assertThat(names(grant)).containsExactly(
                "workspace-database", "workspace-storage",
                "read-registry.enterprises", "mask-registry.enterprises-legal_representative",
                "mask-registry.enterprises-phone",
                "read-social.contributions", "mask-social.contributions-birth_year",
                "mask-social.contributions-health_status", "mask-social.contributions-person_id_number",
                "mask-social.contributions-person_name", "mask-social.contributions-phone",
                "rowfilter-social.contributions",
                "read-tax.payments", "mask-tax.payments-bank_account", "mask-tax.payments-contact_phone");
        for (CompiledPolicy policy : grant.policies()) {
            assertThat(policy.users()).containsExactly("analyst", "engineer");
        }
    }

    @Test
    @Tag("R-19a")
    void prohibitedAndUnknownDatasetsNeverGetAPolicy() {
        ServicePolicySet grant = compiler.compile(DemoState.state()).get("shuyu_grant_ab12");
        String json = grant.toJson(1, Instant.EPOCH);
        assertThat(json).doesNotContain("police", "household", "registry.unknown", "\"unknown\"");
        PolicyState onlyProhibited = new PolicyState(List.of(DemoState.HOUSEHOLDS),
                List.of(workspace("g", true, Set.of("u"), Set.of("police.household_registry"))),
                Map.of("police.household_registry", Set.of("1")));
        assertThat(names(compiler.compile(onlyProhibited).get("shuyu_g")))
                .containsExactly("workspace-database", "workspace-storage");
    }

    @Test
    @Tag("R-19a")
    void inactiveWorkspaceOrOneWithoutMembersGetsZeroPolicies() {
        PolicyState state = new PolicyState(List.of(DemoState.PAYMENTS), List.of(
                workspace("off", false, Set.of("u"), Set.of("tax.payments")),
                workspace("empty", true, Set.of(), Set.of("tax.payments"))), Map.of());
        Map<String, ServicePolicySet> services = compiler.compile(state);
        assertThat(services.get("shuyu_off").policies()).isEmpty();
        assertThat(services.get("shuyu_empty").policies()).isEmpty();
        assertThat(services.get("shuyu_off").policiesJson(false)).isEqualTo("[]");
    }

    @Test
    @Tag("R-19a")
    void workspacePoliciesCoverOnlyTheOwnDatabaseAndStorage() {
        ServicePolicySet lab = compiler.compile(DemoState.state()).get("shuyu_lab_cd34");
        AccessPolicy database = (AccessPolicy) lab.policies().get(0);
        assertThat(database.resources()).containsExactly(PolicyResource.of("database", "ws_lab_cd34"),
                PolicyResource.of("table", "*"), PolicyResource.of("column", "*"));
        assertThat(database.accessTypes()).containsExactly(AccessType.SELECT, AccessType.UPDATE, AccessType.CREATE,
                AccessType.DROP, AccessType.ALTER);
        AccessPolicy storage = (AccessPolicy) lab.policies().get(1);
        assertThat(storage.resources()).containsExactly(
                new PolicyResource("url", List.of("/srv/shuyu/workspaces/lab-cd34"), true));
        assertThat(storage.accessTypes()).containsExactly(AccessType.READ, AccessType.WRITE);
        AccessPolicy read = (AccessPolicy) lab.policies().get(2);
        assertThat(read.resources()).containsExactly(PolicyResource.of("database", "registry"),
                PolicyResource.of("table", "enterprises"), PolicyResource.of("column", "*"));
        assertThat(read.accessTypes()).containsExactly(AccessType.SELECT);
    }

    @Test
    @Tag("R-24b")
    void masksFollowMaskRules() {
        ServicePolicySet grant = compiler.compile(DemoState.state()).get("shuyu_grant_ab12");
        for (CompiledPolicy policy : grant.policies()) {
            if (policy instanceof DataMaskPolicy mask) {
                String column = mask.resources().get(2).values().get(0);
                String dataset = mask.resources().get(0).values().get(0) + "." + mask.resources().get(1).values().get(0);
                ColumnSpec spec = DemoState.state().datasets().stream().filter(d -> d.id().equals(dataset))
                        .flatMap(d -> d.columns().stream()).filter(c -> c.name().equals(column)).findFirst()
                        .orElseThrow();
                assertThat(Optional.of(mask.maskType())).isEqualTo(MaskRules.maskFor(spec.classification(), spec.grade()));
            }
        }
    }

    @Test
    @Tag("R-21b")
    void consentFilterIsSortedQuotedAndFailsClosed() {
        assertThat(PolicyCompiler.consentFilter("pid", List.of())).isEqualTo("1 = 0");
        assertThat(PolicyCompiler.consentFilter("pid", List.of("a", "b"))).isEqualTo("pid IN ('a','b')");
        assertThat(PolicyCompiler.consentFilter("pid", List.of("o'brien"))).isEqualTo("pid IN ('o''brien')");
        assertThat(PolicyCompiler.consentFilter("pid", List.of("x\\'); DROP"))).isEqualTo("pid IN ('x\\\\''); DROP')");
        assertThat(PolicyCompiler.consentFilter("pid", List.of("\u5f20\u4e09"))).isEqualTo("pid IN ('\u5f20\u4e09')");
        PolicyState state = new PolicyState(List.of(DemoState.CONTRIBUTIONS),
                List.of(workspace("g", true, Set.of("u"), Set.of("social.contributions"))),
                Map.of("social.contributions", Set.of("b", "a", "c")));
        RowFilterPolicy filter = (RowFilterPolicy) compiler.compile(state).get("shuyu_g").policies().stream()
                .filter(p -> p instanceof RowFilterPolicy).findFirst().orElseThrow();
        assertThat(filter.filterExpr()).isEqualTo("person_id_number IN ('a','b','c')");
        assertThat(filter.resources()).containsExactly(PolicyResource.of("database", "social"),
                PolicyResource.of("table", "contributions"));
    }

    @Test
    void outputIsDeterministicWhateverTheInputOrder() {
        String expected = compiler.compile(DemoState.state()).get("shuyu_grant_ab12").toJson(3, Instant.EPOCH);
        PolicyState original = DemoState.state();
        Random random = new Random(42);
        for (int i = 0; i < 20; i++) {
            List<DatasetSpec> datasets = new ArrayList<>();
            for (DatasetSpec d : original.datasets()) {
                List<ColumnSpec> columns = new ArrayList<>(d.columns());
                Collections.shuffle(columns, random);
                datasets.add(new DatasetSpec(d.id(), d.prohibited(), d.subjectColumn(), columns));
            }
            Collections.shuffle(datasets, random);
            List<WorkspaceSpec> workspaces = new ArrayList<>(original.workspaces());
            Collections.shuffle(workspaces, random);
            PolicyState shuffled = new PolicyState(datasets, workspaces, original.consentingSubjects());
            assertThat(new PolicyCompiler().compile(shuffled).get("shuyu_grant_ab12").toJson(3, Instant.EPOCH))
                    .isEqualTo(expected);
        }
        assertThat(new ArrayList<>(compiler.compile(original).keySet()))
                .containsExactly("shuyu_grant_ab12", "shuyu_grant_ef56", "shuyu_lab_cd34");
    }

    @Test
    void idsAreStableAcrossRecompilesAndUniqueAcrossServices() {
        Map<String, ServicePolicySet> first = compiler.compile(DemoState.state());
        ServicePolicySet smaller = compiler.compile(new PolicyState(DemoState.state().datasets(),
                List.of(new WorkspaceSpec("grant-ab12", "ws_grant_ab12", "/srv/shuyu/workspaces/grant-ab12", true,
                        Set.of("engineer", "analyst"), Set.of("tax.payments"))), Map.of()))
                .get("shuyu_grant_ab12");
        CompiledPolicy readPayments = first.get("shuyu_grant_ab12").policies().stream()
                .filter(p -> p.name().equals("read-tax.payments")).findFirst().orElseThrow();
        assertThat(smaller.policies()).filteredOn(p -> p.name().equals("read-tax.payments"))
                .extracting(CompiledPolicy::id).containsExactly(readPayments.id());
        Set<Long> ids = new HashSet<>();
        for (ServicePolicySet set : first.values()) {
            for (CompiledPolicy policy : set.policies()) {
                assertThat(ids.add(policy.id())).as("id of %s/%s", set.serviceName(), policy.name()).isTrue();
                assertThat(policy.id()).isPositive().isLessThan(1L << 53);
            }
        }
    }

    @Test
    void fingerprintChangesIfAndOnlyIfThePoliciesChange() {
        ServicePolicySet grant = compiler.compile(DemoState.state()).get("shuyu_grant_ab12");
        ServicePolicySet again = compiler.compile(DemoState.state()).get("shuyu_grant_ab12");
        assertThat(grant.fingerprint()).hasSize(64).matches("[0-9a-f]{64}").isEqualTo(again.fingerprint());
        assertThat(grant.toJson(1, Instant.EPOCH)).isNotEqualTo(grant.toJson(2, Instant.EPOCH.plusSeconds(1)));

        PolicyState moreConsent = new PolicyState(DemoState.state().datasets(), DemoState.state().workspaces(),
                Map.of("social.contributions", Set.of("110101199003074512")));
        assertThat(compiler.compile(moreConsent).get("shuyu_grant_ab12").fingerprint())
                .isNotEqualTo(grant.fingerprint());
        assertThat(compiler.compile(moreConsent).get("shuyu_lab_cd34").fingerprint())
                .as("a consent change on a dataset the lab does not have leaves the lab unchanged")
                .isEqualTo(compiler.compile(DemoState.state()).get("shuyu_lab_cd34").fingerprint());

        List<DatasetSpec> regraded = new ArrayList<>(DemoState.state().datasets());
        regraded.set(1, new DatasetSpec("tax.payments", false, Optional.empty(), List.of(
                new ColumnSpec("uscc", Classification.PUBLIC, 1),
                new ColumnSpec("period", Classification.PUBLIC, 1),
                new ColumnSpec("amount", Classification.FINANCIAL, 4),
                new ColumnSpec("contact_phone", Classification.CONTACT, 3),
                new ColumnSpec("bank_account", Classification.FINANCIAL, 4))));
        assertThat(compiler.compile(new PolicyState(regraded, DemoState.state().workspaces(),
                DemoState.state().consentingSubjects())).get("shuyu_grant_ab12").fingerprint())
                .isNotEqualTo(grant.fingerprint());
    }

    @Test
    void emptyServiceJsonHasNoPolicyAndTheServiceDefinition() {
        String json = PolicyCompiler.emptyServiceJson("shuyu_x", 5, Instant.parse("2026-01-02T03:04:05Z"));
        @SuppressWarnings("unchecked")
        Map<String, Object> parsed = (Map<String, Object>) PolicyJson.parse(json);
        assertThat(parsed.keySet()).containsExactly("serviceName", "serviceId", "policyVersion", "policyUpdateTime",
                "policies", "serviceDef", "auditMode");
        assertThat(parsed).containsEntry("serviceName", "shuyu_x").containsEntry("policyVersion", 5L)
                .containsEntry("policyUpdateTime", "20260102-03:04:05.000-+0000")
                .containsEntry("policies", List.of()).containsEntry("auditMode", "audit-default");
        assertThat(parsed.get("serviceDef")).isEqualTo(PolicyJson.parse(ServiceDefinition.json()));
        assertThat(json).isEqualTo(new ServicePolicySet("shuyu_x", "x", List.of())
                .toJson(5, Instant.parse("2026-01-02T03:04:05Z")));
    }

    @Test
    void rejectsStateThatWouldWidenAPolicyWithACode() {
        Map<Runnable, PolicyErrorCode> bad = new LinkedHashMap<>();
        bad.put(() -> new DatasetSpec("tax.*", false, Optional.empty(), List.of()), PolicyErrorCode.INVALID_DATASET_ID);
        bad.put(() -> new DatasetSpec("Tax.payments", false, Optional.empty(), List.of()),
                PolicyErrorCode.INVALID_DATASET_ID);
        bad.put(() -> new DatasetSpec("tax", false, Optional.empty(), List.of()), PolicyErrorCode.INVALID_DATASET_ID);
        bad.put(() -> new DatasetSpec("a.b.c", false, Optional.empty(), List.of()), PolicyErrorCode.INVALID_DATASET_ID);
        bad.put(() -> new DatasetSpec("tax.payments", false, Optional.of("nope"), List.of()),
                PolicyErrorCode.SUBJECT_COLUMN_MISSING);
        bad.put(() -> new DatasetSpec("tax.payments", false, Optional.empty(),
                List.of(new ColumnSpec("a", Classification.PUBLIC, 1), new ColumnSpec("A", Classification.PUBLIC, 1))),
                PolicyErrorCode.DUPLICATE_COLUMN);
        bad.put(() -> new ColumnSpec("c*", Classification.PUBLIC, 1), PolicyErrorCode.INVALID_NAME);
        bad.put(() -> new ColumnSpec("{USER}", Classification.PUBLIC, 1), PolicyErrorCode.INVALID_NAME);
        bad.put(() -> new ColumnSpec("c", Classification.PUBLIC, 5), PolicyErrorCode.INVALID_GRADE);
        bad.put(() -> new WorkspaceSpec("w", "ws_*", "/srv/w", true, Set.of(), Set.of()), PolicyErrorCode.INVALID_NAME);
        bad.put(() -> new WorkspaceSpec("w", "ws", "/", true, Set.of(), Set.of()), PolicyErrorCode.INVALID_STORAGE_PATH);
        bad.put(() -> new WorkspaceSpec("w", "ws", "relative/dir", true, Set.of(), Set.of()),
                PolicyErrorCode.INVALID_STORAGE_PATH);
        bad.put(() -> new WorkspaceSpec("w", "ws", "/srv/*", true, Set.of(), Set.of()),
                PolicyErrorCode.INVALID_STORAGE_PATH);
        bad.put(() -> new WorkspaceSpec("w", "ws", "/srv/../etc", true, Set.of(), Set.of()),
                PolicyErrorCode.INVALID_STORAGE_PATH);
        bad.put(() -> new WorkspaceSpec("w", "ws", "/srv//w", true, Set.of(), Set.of()),
                PolicyErrorCode.INVALID_STORAGE_PATH);
        bad.put(() -> new WorkspaceSpec("w", "ws", "/srv/{USER}", true, Set.of(), Set.of()),
                PolicyErrorCode.INVALID_STORAGE_PATH);
        bad.put(() -> new WorkspaceSpec("w", "ws", "/srv/a?", true, Set.of(), Set.of()),
                PolicyErrorCode.INVALID_STORAGE_PATH);
        bad.put(() -> new WorkspaceSpec("w", "ws", "/srv/a\\b", true, Set.of(), Set.of()),
                PolicyErrorCode.INVALID_STORAGE_PATH);
        bad.put(() -> new WorkspaceSpec("w", "ws", "/srv/a\nb", true, Set.of(), Set.of()),
                PolicyErrorCode.INVALID_STORAGE_PATH);
        bad.put(() -> new WorkspaceSpec("w", "ws", "/srv/./w", true, Set.of(), Set.of()),
                PolicyErrorCode.INVALID_STORAGE_PATH);
        bad.put(() -> new WorkspaceSpec("w", "ws", "/srv/w", true, Set.of(" "), Set.of()), PolicyErrorCode.INVALID_NAME);
        bad.put(() -> new PolicyState(List.of(DemoState.PAYMENTS, DemoState.PAYMENTS), List.of(), Map.of()),
                PolicyErrorCode.DUPLICATE_DATASET);
        bad.put(() -> new PolicyState(List.of(), List.of(workspace("a-b", true, Set.of(), Set.of()),
                workspace("a_b", true, Set.of(), Set.of())), Map.of()), PolicyErrorCode.DUPLICATE_SERVICE);
        bad.put(() -> new ServicePolicySet("s", "w", List.of(
                new AccessPolicy(1, "x", "", List.of(), List.of(), List.of()),
                new AccessPolicy(2, "x", "", List.of(), List.of(), List.of()))), PolicyErrorCode.DUPLICATE_POLICY);
        bad.put(() -> new ServicePolicySet("s", "w", List.of()).toJson(-1, Instant.EPOCH),
                PolicyErrorCode.INVALID_VERSION);
        bad.put(() -> new PolicyResource("url", List.of(), true), PolicyErrorCode.EMPTY_RESOURCE);
        int i = 0;
        for (Map.Entry<Runnable, PolicyErrorCode> entry : bad.entrySet()) {
            assertThatThrownBy(entry.getKey()::run).as("case %d", i++)
                    .isInstanceOfSatisfying(PolicyException.class, e -> assertThat(e.code()).isEqualTo(entry.getValue()));
        }
    }

    @Test
    void errorCodesAreNumberedInThePolicyRangeWithoutReuse() {
        Set<Integer> numbers = new HashSet<>();
        for (PolicyErrorCode code : PolicyErrorCode.values()) {
            assertThat(code.number()).isBetween(2000, 2999);
            assertThat(numbers.add(code.number())).as(code.name()).isTrue();
        }
    }

    @Test
    void storagePathLosesItsTrailingSlash() {
        assertThat(new WorkspaceSpec("w", "ws", "/srv/w/", true, Set.of(), Set.of()).storagePath())
                .isEqualTo("/srv/w");
    }

    @Test
    void storagePathsOfRealDataDirectoriesAreAccepted() {
        for (String path : List.of("/tmp/junit_8431/shuyu-data/workspaces/grant-ab12/files",
                "/home/li lei/Shuyu Data/ws", "/var/lib/shuyu/\u5de5\u4f5c\u533a/w", "/srv/a.b@c+d=e,f~g%h#i")) {
            assertThat(new WorkspaceSpec("w", "ws", path, true, Set.of(), Set.of()).storagePath()).isEqualTo(path);
        }
    }
}
