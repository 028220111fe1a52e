package org.shuyu.controller.engine;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.shuyu.controller.catalog.CatalogService;
import org.shuyu.controller.catalog.Dataset;
import org.shuyu.controller.catalog.SourceData;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.job.JobLauncher;
import org.shuyu.controller.job.MaskSalts;
import org.shuyu.controller.owndata.OwnDataSources;
import org.shuyu.controller.workspace.Workspace;
import org.shuyu.controller.workspace.WorkspaceProvisioner;
import org.shuyu.controller.workspace.WorkspaceService;
import org.shuyu.policy.PolicyCompiler;
import org.springframework.stereotype.Component;

/**
 * {@link EngineWorkspaces} over the platform: a READY workspace whose lab or grant is open, its layout (engines live
 * in {@code <workspace>/engines/<engineId>}), every catalog dataset as a source (as for a job: enforcement decides
 * what may be read), and its mask salt.
 */
@Component
class WorkspaceEngineTargets implements EngineWorkspaces {
    private final WorkspaceService workspaces;
    private final CatalogService catalog;
    private final SourceData sources;
    private final MaskSalts salts;
    private final OwnDataSources ownData;

    WorkspaceEngineTargets(WorkspaceService workspaces, CatalogService catalog, SourceData sources, MaskSalts salts,
            OwnDataSources ownData) {
        this.ownData = requireNonNull(ownData, "ownData is null");
        this.workspaces = requireNonNull(workspaces, "workspaces is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.sources = requireNonNull(sources, "sources is null");
        this.salts = requireNonNull(salts, "salts is null");
    }

    @Override
    public Target target(String workspaceId) {
        Workspace workspace = WorkspaceService.requireReady(workspaces.find(workspaceId), workspaceId);
        WorkspaceService.Subject subject = workspaces.subject(workspaceId)
                .orElseThrow(() -> SandboxException.notFound("workspace", workspaceId));
        if (!subject.open()) {
            throw new SandboxException(ErrorCode.GRANT_NOT_ACTIVE, "workspace " + workspaceId + " is closed to work");
        }
        WorkspaceProvisioner.Layout layout = workspaces.layout(workspaceId);
        return new Target(workspaceId, workspace.organizationId(), PolicyCompiler.serviceName(workspaceId),
                workspace.databaseName(), layout.root(), layout.warehouse(), layout.files(), layout.root().resolve("engines"),
                sources(workspaceId), salts.forWorkspace(workspaceId));
    }

    @Override
    public boolean accessOpen(String workspaceId) {
        Optional<WorkspaceService.Subject> subject = workspaces.subject(workspaceId);
        return subject.filter(WorkspaceService.Subject::open)
                .map(s -> s.members().stream().anyMatch(member -> workspaces.mayWork(member, workspaceId)))
                .orElse(false);
    }

    @Override
    public Optional<String> organizationOf(String workspaceId) {
        return workspaces.find(workspaceId).map(Workspace::organizationId);
    }

    private List<JobLauncher.Source> sources(String workspaceId) {
        List<JobLauncher.Source> result = new ArrayList<>();
        for (Dataset dataset : catalog.datasets()) {
            result.add(new JobLauncher.Source(dataset.id(), "csv", sources.location(dataset.id()), schema(dataset)));
        }
        // The grant's approved own data (R-19c, docs/own-data.md): a source of this workspace only.
        for (OwnDataSources.Source own : ownData.of(workspaceId)) {
            result.add(new JobLauncher.Source(own.dataset().id(), "csv", own.location(), schema(own.dataset())));
        }
        return result;
    }

    private static String schema(Dataset dataset) {
        return dataset.columns().stream().map(c -> c.name() + " " + c.type().toUpperCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
    }
}
