package org.shuyu.controller.adapter.persistence;

import static org.shuyu.controller.adapter.persistence.JdbcLifecycleStore.instant;
import static org.shuyu.controller.adapter.persistence.JdbcLifecycleStore.instantOrNull;
import static org.shuyu.controller.adapter.persistence.JdbcLifecycleStore.ts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.shuyu.controller.workspace.Workspace;
import org.shuyu.controller.workspace.WorkspaceStore;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import java.sql.Timestamp;

/** Workspaces on the controller's database. */
@Repository
public class JdbcWorkspaceStore implements WorkspaceStore {
    private static final String COLUMNS = "SELECT id, kind, organization_id, database_name, state, created_at, provisioned_at,"
            + " closed_at, torn_down_at, storage_bytes FROM workspaces";
    private final JdbcClient jdbc;

    public JdbcWorkspaceStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean insertIfAbsent(Workspace w) {
        // ON CONFLICT DO NOTHING (PostgreSQL, and H2 in its PostgreSQL mode) waits for a concurrent insert of the
        // same id to commit and then inserts nothing, instead of failing the transaction with a duplicate key.
        return jdbc.sql("INSERT INTO workspaces (id, kind, organization_id, database_name, state, created_at, provisioned_at, closed_at,"
                        + " torn_down_at, storage_bytes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")
                .params(w.id(), w.kind().name(), w.organizationId(), w.databaseName(), w.state().name(), ts(w.createdAt()),
                        tsOrNull(w.provisionedAt()), tsOrNull(w.closedAt()), tsOrNull(w.tornDownAt()), w.storageBytes())
                .update() == 1;
    }

    @Override
    public void update(Workspace w) {
        jdbc.sql("UPDATE workspaces SET state = ?, provisioned_at = ?, closed_at = ?, torn_down_at = ?, storage_bytes = ? WHERE id = ?")
                .params(w.state().name(), tsOrNull(w.provisionedAt()), tsOrNull(w.closedAt()), tsOrNull(w.tornDownAt()),
                        w.storageBytes(), w.id())
                .update();
    }

    @Override
    public Optional<Workspace> find(String id) {
        return jdbc.sql(COLUMNS + " WHERE id = ?").param(id).query(JdbcWorkspaceStore::mapWorkspace).optional();
    }

    @Override
    public Optional<Workspace> lock(String id) {
        return jdbc.sql(COLUMNS + " WHERE id = ? FOR UPDATE").param(id).query(JdbcWorkspaceStore::mapWorkspace).optional();
    }

    @Override
    public List<Workspace> all() {
        return jdbc.sql(COLUMNS + " ORDER BY created_at, id").query(JdbcWorkspaceStore::mapWorkspace).list();
    }

    @Override
    public List<Workspace> inStates(Set<Workspace.State> states) {
        if (states.isEmpty()) {
            return List.of();
        }
        return jdbc.sql(COLUMNS + " WHERE state IN (:states) ORDER BY created_at, id")
                .param("states", states.stream().map(Enum::name).toList())
                .query(JdbcWorkspaceStore::mapWorkspace).list();
    }

    private static Timestamp tsOrNull(Optional<Instant> instant) {
        return instant.map(JdbcLifecycleStore::ts).orElse(null);
    }

    private static Workspace mapWorkspace(ResultSet rs, int row) throws SQLException {
        return new Workspace(rs.getString("id"), Workspace.Kind.valueOf(rs.getString("kind")), rs.getString("organization_id"),
                rs.getString("database_name"), Workspace.State.valueOf(rs.getString("state")), instant(rs, "created_at"),
                Optional.ofNullable(instantOrNull(rs, "provisioned_at")), Optional.ofNullable(instantOrNull(rs, "closed_at")),
                Optional.ofNullable(instantOrNull(rs, "torn_down_at")), rs.getLong("storage_bytes"));
    }
}
