package org.shuyu.policy;

import static java.util.Objects.requireNonNull;

import java.util.Set;

/**
 * A workspace (an active grant or lab, or one that is no longer active) as the compiler sees it.
 *
 * @param id          the workspace id (the grant or lab id); it names the Ranger service, see
 *                    {@link PolicyCompiler#serviceName(String)}
 * @param database    the workspace's own database, e.g. {@code ws_grant_ab12}: the only place its jobs may create
 *                    and write tables
 * @param storagePath the workspace's own directory (absolute; a trailing slash is dropped): the only files its jobs
 *                    may read and write
 * @param active      false for a suspended or ended grant or an ended lab: such a workspace gets no policy at all
 * @param members     the user ids that may work in the workspace (the Ranger policy items' users)
 * @param datasetIds  the datasets granted to the workspace
 * @param quarantinedTables tables of the workspace database whose lineage is incomplete (docs/lineage.md): they
 *                    may be dropped or created again, never read or written
 */
public record WorkspaceSpec(String id, String database, String storagePath, boolean active, Set<String> members,
                            Set<String> datasetIds, Set<String> quarantinedTables) {
    public WorkspaceSpec(String id, String database, String storagePath, boolean active, Set<String> members,
                         Set<String> datasetIds) {
        this(id, database, storagePath, active, members, datasetIds, Set.of());
    }

    public WorkspaceSpec {
        Names.nonBlank(id, "workspace id");
        Names.identifier(database, "workspace database");
        storagePath = Names.storagePath(storagePath);
        members = Set.copyOf(requireNonNull(members, "members is null"));
        members.forEach(member -> Names.nonBlank(member, "member"));
        datasetIds = Set.copyOf(requireNonNull(datasetIds, "datasetIds is null"));
        quarantinedTables = Set.copyOf(requireNonNull(quarantinedTables, "quarantinedTables is null"));
        quarantinedTables.forEach(table -> Names.identifier(table, "quarantined table"));
    }
}
