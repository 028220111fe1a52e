package org.shuyu.policy;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The one pure compiler from platform state to Apache Ranger policies: one Ranger service (type
 * {@value ServiceDefinition#NAME}) per workspace, named {@link #serviceName(String)}.
 *
 * <p>For an active workspace with at least one member, and for its members only (no groups, no roles):
 * <ul>
 *   <li>{@code workspace-database}: select, update, create, drop, alter on database=&lt;workspace database&gt;,
 *       table=*, column=*;</li>
 *   <li>{@code workspace-storage}: read, write on url=&lt;storage path&gt;, recursive;</li>
 *   <li>for each granted dataset that exists in the catalog and is not prohibited, in dataset id order:
 *     <ul>
 *       <li>{@code read-<dataset>}: select on database=&lt;namespace&gt;, table=&lt;table&gt;, column=*;</li>
 *       <li>{@code mask-<dataset>-<column>}: one data mask policy per column that {@link MaskRules} masks, in
 *           column name order;</li>
 *       <li>{@code rowfilter-<dataset>}: for a person-level dataset, the consent row filter
 *           {@code <subject column> IN ('id1','id2',...)} (sorted, SQL-quoted), or {@code 1 = 0} when no subject
 *           consented.</li>
 *     </ul></li>
 * </ul>
 * Nothing else: an inactive workspace or one with no member gets zero policies (Ranger denies everything), and a
 * prohibited dataset or a dataset id unknown to the catalog gets none (fail closed). Policy ids and names are
 * derived from the service and what the policy is for, so they are stable across recompiles.
 */
public final class PolicyCompiler {
    /** Prefix of every workspace service name. */
    public static final String SERVICE_PREFIX = "shuyu_";
    /** Row filter of a person-level dataset that no subject consented to: lets no row through. */
    public static final String NO_ROWS = "1 = 0";

    private static final List<AccessType> WORKSPACE_TABLE_ACCESS =
            List.copyOf(EnumSet.of(AccessType.SELECT, AccessType.UPDATE, AccessType.CREATE, AccessType.DROP,
                    AccessType.ALTER));
    private static final List<AccessType> WORKSPACE_FILE_ACCESS =
            List.copyOf(EnumSet.of(AccessType.READ, AccessType.WRITE));
    private static final List<AccessType> READ_ONLY = List.of(AccessType.SELECT);
    private static final List<AccessType> QUARANTINE_ACCESS = List.copyOf(EnumSet.of(AccessType.CREATE, AccessType.DROP));

    /**
     * The Ranger service name of a workspace: {@code "shuyu_"} + the id with every character outside
     * {@code [A-Za-z0-9_]} replaced by {@code '_'}.
     */
    public static String serviceName(String workspaceId) {
        Names.nonBlank(workspaceId, "workspace id");
        StringBuilder name = new StringBuilder(SERVICE_PREFIX.length() + workspaceId.length());
        name.append(SERVICE_PREFIX);
        for (int i = 0; i < workspaceId.length(); i++) {
            char c = workspaceId.charAt(i);
            boolean plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
            name.append(plain ? c : '_');
        }
        return name.toString();
    }

    /**
     * Compiles every workspace of the state, active or not.
     *
     * @return service name to its policy set, sorted by service name, one entry per workspace
     */
    public Map<String, ServicePolicySet> compile(PolicyState state) {
        requireNonNull(state, "state is null");
        Map<String, DatasetSpec> catalog = new HashMap<>();
        state.datasets().forEach(dataset -> catalog.put(dataset.id(), dataset));
        SortedMap<String, ServicePolicySet> services = new TreeMap<>();
        for (WorkspaceSpec workspace : state.workspaces()) {
            ServicePolicySet set = compile(workspace, catalog, state);
            services.put(set.serviceName(), set);
        }
        return Collections.unmodifiableSortedMap(services);
    }

    private static ServicePolicySet compile(WorkspaceSpec workspace, Map<String, DatasetSpec> catalog,
                                            PolicyState state) {
        String service = serviceName(workspace.id());
        if (!workspace.active() || workspace.members().isEmpty()) {
            return new ServicePolicySet(service, workspace.id(), List.of());
        }
        Builder out = new Builder(service, workspace.members().stream().sorted().toList());
        PolicyResource ownDatabase = PolicyResource.of("database", workspace.database());
        List<String> quarantined = workspace.quarantinedTables().stream().sorted().toList();
        if (quarantined.isEmpty()) {
            out.access("workspace-database", "Workspace " + workspace.id() + ": its own database",
                    List.of(ownDatabase, PolicyResource.of("table", "*"), PolicyResource.of("column", "*")),
                    WORKSPACE_TABLE_ACCESS);
        } else {
            // Quarantined tables (lineage incomplete) are excluded from the workspace's own rights; they may only be
            // dropped or created again (which, with complete lineage, lifts the quarantine).
            out.access("workspace-database", "Workspace " + workspace.id() + ": its own database, except "
                            + quarantined.size() + " quarantined table(s)",
                    List.of(ownDatabase, new PolicyResource("table", quarantined, false, true),
                            PolicyResource.of("column", "*")),
                    WORKSPACE_TABLE_ACCESS);
            out.access("workspace-quarantine", "Workspace " + workspace.id()
                            + ": quarantined tables (lineage incomplete) may only be dropped or created again",
                    List.of(ownDatabase, new PolicyResource("table", quarantined, false, false),
                            PolicyResource.of("column", "*")),
                    QUARANTINE_ACCESS);
        }
        out.access("workspace-storage", "Workspace " + workspace.id() + ": its own storage directory",
                List.of(new PolicyResource("url", List.of(workspace.storagePath()), true)),
                WORKSPACE_FILE_ACCESS);
        for (String datasetId : workspace.datasetIds().stream().sorted().toList()) {
            DatasetSpec dataset = catalog.get(datasetId);
            if (dataset == null || dataset.prohibited()) {
                continue; // fail closed: unknown or prohibited datasets get no policy at all
            }
            dataset(out, dataset, state);
        }
        return new ServicePolicySet(service, workspace.id(), out.policies);
    }

    private static void dataset(Builder out, DatasetSpec dataset, PolicyState state) {
        PolicyResource database = PolicyResource.of("database", dataset.namespace());
        PolicyResource table = PolicyResource.of("table", dataset.table());
        out.access("read-" + dataset.id(), "Read granted dataset " + dataset.id(),
                List.of(database, table, PolicyResource.of("column", "*")), READ_ONLY);
        List<ColumnSpec> columns = new ArrayList<>(dataset.columns());
        columns.sort(Comparator.comparing(ColumnSpec::name));
        for (ColumnSpec column : columns) {
            Optional<MaskType> mask = MaskRules.maskFor(column.classification(), column.grade());
            if (mask.isPresent()) {
                String name = "mask-" + dataset.id() + "-" + column.name();
                out.add(new DataMaskPolicy(RangerJson.policyId(out.service, name), name,
                        "Mask " + dataset.id() + "." + column.name() + " (" + column.classification() + ", grade "
                                + column.grade() + "): " + mask.get().rangerName(),
                        List.of(database, table, PolicyResource.of("column", column.name())), out.users, READ_ONLY,
                        mask.get()));
            }
        }
        Optional<String> subject = dataset.subjectColumn();
        if (subject.isPresent()) {
            String name = "rowfilter-" + dataset.id();
            out.add(new RowFilterPolicy(RangerJson.policyId(out.service, name), name,
                    "Consent filter on " + dataset.id() + " (R-21b): only subjects who consented",
                    List.of(database, table), out.users, READ_ONLY,
                    consentFilter(subject.get(), state.consentsFor(dataset.id()).stream().sorted().toList())));
        }
    }

    /**
     * The consent row filter: {@code <column> IN ('a','b')} with the ids as SQL string literals (a quote doubled, a
     * backslash doubled, so the literal means the id under both ANSI and Spark's escape rules), or
     * {@link #NO_ROWS} when the list is empty.
     */
    static String consentFilter(String column, List<String> subjects) {
        if (subjects.isEmpty()) {
            return NO_ROWS;
        }
        StringBuilder expr = new StringBuilder(column).append(" IN (");
        for (int i = 0; i < subjects.size(); i++) {
            if (i > 0) {
                expr.append(',');
            }
            sqlString(expr, subjects.get(i));
        }
        return expr.append(')').toString();
    }

    /** Appends {@code value} as a single-quoted SQL string literal, doubling {@code '} and {@code \}. */
    static void sqlString(StringBuilder out, String value) {
        out.append('\'');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\'' || c == '\\') {
                out.append(c);
            }
            out.append(c);
        }
        out.append('\'');
    }

    /**
     * A {@code ServicePolicies} JSON with zero policies: what a service that has no policy set (unknown, inactive
     * or not yet compiled) is served. The Ranger engine denies everything with it.
     */
    public static String emptyServiceJson(String serviceName, long version, Instant t) {
        Names.nonBlank(serviceName, "serviceName");
        requireNonNull(t, "t is null");
        return RangerJson.servicePolicies(serviceName, List.of(), version, t, false);
    }

    private static final class Builder {
        private final String service;
        private final List<String> users;
        private final List<CompiledPolicy> policies = new ArrayList<>();

        Builder(String service, List<String> users) {
            this.service = service;
            this.users = users;
        }

        void access(String name, String description, List<PolicyResource> resources, List<AccessType> accessTypes) {
            add(new AccessPolicy(RangerJson.policyId(service, name), name, description, resources, users,
                    accessTypes));
        }

        void add(CompiledPolicy policy) {
            policies.add(policy);
        }
    }
}
