package org.shuyu.controller.owndata;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.shuyu.controller.catalog.Dataset;
import org.shuyu.controller.workspace.WorkspaceService;
import org.springframework.stereotype.Component;

/**
 * The materialized own-data imports as sources of their grant's workspace (R-19c, docs/own-data.md): each is a dataset
 * {@code own_<import>.<table>} with the declared columns, classification and grade, read from the workspace's own
 * storage. The job runtime's sources, the workspace's policies (masks by the one mask table) and lineage's source
 * sensitivities (so anything derived inherits the import's grades, and product checks see them) take them from here,
 * for that workspace only: no other workspace can name them.
 */
@Component
public class OwnDataSources {
    private final OwnDataStore store;
    private final WorkspaceService workspaces;

    public OwnDataSources(OwnDataStore store, WorkspaceService workspaces) {
        this.store = requireNonNull(store, "store is null");
        this.workspaces = requireNonNull(workspaces, "workspaces is null");
    }

    /** The directory of an import's file, in its grant's workspace storage: deleted with the workspace's data. */
    Path directory(OwnDataImport i) {
        return workspaces.layout(i.grantId()).data().resolve("own-data").resolve(i.id());
    }

    /** A materialized import as a source: its dataset and the directory holding its {@code data.csv}. */
    public record Source(Dataset dataset, Path location) {}

    /** The materialized imports of a workspace (a grant's id), as sources. */
    public List<Source> of(String workspaceId) {
        return store.ofGrant(workspaceId).stream().filter(i -> i.state() == OwnDataState.MATERIALIZED)
                .map(i -> new Source(OwnDataFiles.dataset(i), directory(i))).toList();
    }

    /** The source {@code datasetId} of workspace {@code workspaceId}, if it is one of its materialized imports. */
    public Optional<Dataset> find(String workspaceId, String datasetId) {
        return of(workspaceId).stream().map(Source::dataset).filter(d -> d.id().equals(datasetId)).findFirst();
    }
}
