package org.shuyu.controller.access;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.shuyu.controller.catalog.CatalogService;
import org.shuyu.controller.catalog.Column;
import org.shuyu.controller.catalog.Dataset;
import org.shuyu.controller.catalog.Openness;
import org.shuyu.controller.consent.ConsentService;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.Permissions;
import org.shuyu.controller.job.Job;
import org.shuyu.controller.lineage.LineageReads;
import org.shuyu.controller.owndata.OwnDataSources;
import org.shuyu.controller.personnel.PersonnelVetting;
import org.shuyu.controller.workspace.Workspace;
import org.shuyu.controller.workspace.WorkspaceService;
import org.shuyu.policy.Classification;
import org.shuyu.policy.ColumnSpec;
import org.shuyu.policy.DatasetSpec;
import org.shuyu.policy.PolicyCompiler;
import org.shuyu.policy.PolicyState;
import org.shuyu.policy.ServicePolicySet;
import org.shuyu.policy.WorkspaceSpec;
import org.springframework.stereotype.Service;

/**
 * Serves each workspace's Ranger policies to the job runtime (Ranger's plugin download protocol). The
 * policies are compiled by {@code policy/} from the platform's state at the moment of the request, so any
 * change that feeds them (grant state, members, datasets, classification, consents) is seen by the next
 * download; a new version is recorded whenever the compiled policies differ from the last served version.
 */
@Service
public class PolicyService {
    private final WorkspaceService workspaces;
    private final CatalogService catalog;
    private final ConsentService consents;
    private final PolicyStore store;
    private final Clock clock;
    private final PersonnelVetting vetting;
    private final LineageReads lineage;
    private final OwnDataSources ownData;
    private final PolicyCompiler compiler = new PolicyCompiler();

    public PolicyService(WorkspaceService workspaces, CatalogService catalog, ConsentService consents, PolicyStore store, Clock clock,
            PersonnelVetting vetting, LineageReads lineage, OwnDataSources ownData) {
        this.ownData = requireNonNull(ownData, "ownData is null");
        this.workspaces = requireNonNull(workspaces, "workspaces is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.consents = requireNonNull(consents, "consents is null");
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.vetting = requireNonNull(vetting, "vetting is null");
        this.lineage = requireNonNull(lineage, "lineage is null");
    }

    /** The download: empty when the caller already has the current version. */
    public record Download(long version, Optional<String> json) {}

    public Download download(Job job, String serviceName, long lastKnownVersion) {
        String own = PolicyCompiler.serviceName(job.workspaceId());
        if (!own.equals(serviceName)) {
            throw new SandboxException(ErrorCode.RUNTIME_CREDENTIAL_SCOPE, "the credential of job " + job.id()
                    + " is for policy service " + own + ", not " + serviceName);
        }
        return serve(job.workspaceId(), serviceName, lastKnownVersion);
    }

    /**
     * The download for a workspace's warm engine (engine credential, issue 16): only its own workspace's service,
     * {@code ENGINE_CREDENTIAL_SCOPE} otherwise.
     */
    public Download downloadForEngine(String engineId, String workspaceId, String serviceName, long lastKnownVersion) {
        String own = PolicyCompiler.serviceName(workspaceId);
        if (!own.equals(serviceName)) {
            throw new SandboxException(ErrorCode.ENGINE_CREDENTIAL_SCOPE, "the credential of engine " + engineId
                    + " is for policy service " + own + ", not " + serviceName);
        }
        return serve(workspaceId, serviceName, lastKnownVersion);
    }

    private Download serve(String workspaceId, String serviceName, long lastKnownVersion) {
        ServicePolicySet set = compile(workspaceId);
        PolicyStore.Version current = version(serviceName, set.fingerprint());
        if (current.version() == lastKnownVersion) {
            return new Download(current.version(), Optional.empty());
        }
        return new Download(current.version(), Optional.of(set.toJson(current.version(), current.computedAt())));
    }

    /**
     * What the workspace's runtime would download now, for the authority and security supervisors: the
     * current version's Ranger ServicePolicies. Members do not see it: consent filters name data subjects.
     */
    public String inspect(Actor actor, String workspaceId) {
        if (!Permissions.inspectsPolicies(actor)) {
            throw new SandboxException(ErrorCode.FORBIDDEN_ROLE, "only the data authority and security supervisors inspect policies");
        }
        ServicePolicySet set = compile(workspaceId);
        PolicyStore.Version current = version(set.serviceName(), set.fingerprint());
        return set.toJson(current.version(), current.computedAt());
    }

    /** The compiled policy set of one workspace, from the state now (exposed for supervisors and tests). */
    public ServicePolicySet compile(String workspaceId) {
        Workspace workspace = workspaces.find(workspaceId).orElseThrow(() -> SandboxException.notFound("workspace", workspaceId));
        Optional<WorkspaceService.Subject> subject = workspaces.subject(workspaceId);
        boolean active = workspace.state() == Workspace.State.READY && subject.map(WorkspaceService.Subject::open).orElse(false);
        List<String> datasetIds = subject.map(WorkspaceService.Subject::datasetIds).orElse(List.of());
        // A grant's members count only while vetted: withdrawing an item withdraws access in running jobs too.
        Set<String> members = subject.map(s -> s.kind() == Workspace.Kind.GRANT
                ? s.members().stream().filter(m -> vetting.missing(s.organizationId(), m).isEmpty())
                        .collect(Collectors.toSet())
                : s.members()).orElse(Set.of());
        List<DatasetSpec> datasets = new ArrayList<>();
        for (String id : datasetIds) {
            catalog.find(id).ifPresent(d -> datasets.add(spec(d)));
        }
        // The grant's approved own data (R-19c): sources of this workspace only, masked by the same table.
        Set<String> readable = new TreeSet<>(datasetIds);
        for (OwnDataSources.Source own : ownData.of(workspaceId)) {
            datasets.add(spec(own.dataset()));
            readable.add(own.dataset().id());
        }
        Map<String, Set<String>> consenting = consents.consenting(
                datasets.stream().filter(d -> d.subjectColumn().isPresent()).map(DatasetSpec::id).toList());
        String storage = workspaces.layout(workspaceId).data().toAbsolutePath().normalize().toString();
        // Tables whose lineage is incomplete are quarantined: not usable as input (docs/lineage.md).
        WorkspaceSpec spec = new WorkspaceSpec(workspaceId, workspace.databaseName(), storage, active, members, Set.copyOf(readable),
                lineage.quarantinedTables(workspaceId));
        PolicyState state = new PolicyState(datasets, List.of(spec), consenting);
        return compiler.compile(state).get(PolicyCompiler.serviceName(workspaceId));
    }

    private PolicyStore.Version version(String serviceName, String fingerprint) {
        for (int attempt = 0; attempt < 5; attempt++) {
            Optional<PolicyStore.Version> latest = store.latest(serviceName);
            if (latest.isPresent() && latest.get().fingerprint().equals(fingerprint)) {
                return latest.get();
            }
            PolicyStore.Version next = new PolicyStore.Version(serviceName, latest.map(v -> v.version() + 1).orElse(1L), fingerprint,
                    clock.instant().truncatedTo(ChronoUnit.MILLIS));
            if (store.insert(next)) {
                return next;
            }
        }
        throw new SandboxException(ErrorCode.INTERNAL_ERROR, "policy service " + serviceName + " keeps changing; try again");
    }

    static DatasetSpec spec(Dataset dataset) {
        List<ColumnSpec> columns = new ArrayList<>();
        for (Column column : dataset.columns()) {
            columns.add(new ColumnSpec(column.name(), Classification.valueOf(column.classification().name()), column.grade()));
        }
        return new DatasetSpec(dataset.id(), dataset.openness() == Openness.PROHIBITED,
                dataset.personLevel() ? dataset.subjectColumn() : Optional.empty(), columns);
    }
}
