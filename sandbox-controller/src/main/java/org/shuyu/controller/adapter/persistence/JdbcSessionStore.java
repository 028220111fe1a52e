package org.shuyu.controller.adapter.persistence;

import static org.shuyu.controller.adapter.persistence.JdbcLifecycleStore.instant;
import static org.shuyu.controller.adapter.persistence.JdbcLifecycleStore.instantOrNull;
import static org.shuyu.controller.adapter.persistence.JdbcLifecycleStore.ts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.shuyu.controller.session.InteractiveSession;
import org.shuyu.controller.session.SessionStore;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Interactive sessions and their statements on the controller's database (V12). No result rows, ever. */
@Repository
public class JdbcSessionStore implements SessionStore {
    private static final String COLUMNS = "SELECT id, workspace_id, user_id, state, close_reason, engine_id, connect_client, opened_at,"
            + " last_activity_at, closed_at FROM interactive_sessions";
    private final JdbcClient jdbc;

    public JdbcSessionStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void insert(InteractiveSession s) {
        jdbc.sql("INSERT INTO interactive_sessions (id, workspace_id, user_id, state, close_reason, engine_id, connect_client, opened_at,"
                        + " last_activity_at, closed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(s.id(), s.workspaceId(), s.user(), s.state().name(), s.closeReason().map(Enum::name).orElse(null),
                        s.engineId().orElse(null), s.connectClient().orElse(null), ts(s.openedAt()), ts(s.lastActivityAt()),
                        s.closedAt().map(JdbcLifecycleStore::ts).orElse(null))
                .update();
    }

    @Override
    public void update(InteractiveSession s) {
        jdbc.sql("UPDATE interactive_sessions SET state = ?, close_reason = ?, engine_id = ?, last_activity_at = ?, closed_at = ?"
                        + " WHERE id = ?")
                .params(s.state().name(), s.closeReason().map(Enum::name).orElse(null), s.engineId().orElse(null),
                        ts(s.lastActivityAt()), s.closedAt().map(JdbcLifecycleStore::ts).orElse(null), s.id())
                .update();
    }

    @Override
    public Optional<InteractiveSession> find(String id) {
        return jdbc.sql(COLUMNS + " WHERE id = ?").param(id).query(JdbcSessionStore::map).optional();
    }

    @Override
    public Optional<InteractiveSession> lock(String id) {
        return jdbc.sql(COLUMNS + " WHERE id = ? FOR UPDATE").param(id).query(JdbcSessionStore::map).optional();
    }

    @Override
    public List<InteractiveSession> inWorkspace(String workspaceId, int limit) {
        return jdbc.sql(COLUMNS + " WHERE workspace_id = ? ORDER BY opened_at DESC, id DESC LIMIT ?").params(workspaceId, limit)
                .query(JdbcSessionStore::map).list();
    }

    @Override
    public List<InteractiveSession> notClosed() {
        return jdbc.sql(COLUMNS + " WHERE state IN ('QUEUED', 'OPEN') ORDER BY opened_at").query(JdbcSessionStore::map).list();
    }

    @Override
    public Optional<InteractiveSession> connectSession(String workspaceId, String user, String connectClient) {
        return jdbc.sql(COLUMNS + " WHERE workspace_id = ? AND user_id = ? AND connect_client = ? AND state IN ('QUEUED', 'OPEN')"
                        + " ORDER BY opened_at DESC LIMIT 1")
                .params(workspaceId, user, connectClient).query(JdbcSessionStore::map).optional();
    }

    @Override
    public void addStatement(String sessionId, String jobId) {
        jdbc.sql("INSERT INTO session_statements (job_id, session_id, seq)"
                        + " VALUES (?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM session_statements WHERE session_id = ?))")
                .params(jobId, sessionId, sessionId).update();
    }

    @Override
    public Optional<String> sessionOfStatement(String jobId) {
        return jdbc.sql("SELECT session_id FROM session_statements WHERE job_id = ?").param(jobId).query(String.class).optional();
    }

    @Override
    public List<String> statements(String sessionId, int limit) {
        return jdbc.sql("SELECT job_id FROM session_statements WHERE session_id = ? ORDER BY seq DESC LIMIT ?").params(sessionId, limit)
                .query(String.class).list();
    }

    private static InteractiveSession map(ResultSet rs, int row) throws SQLException {
        return new InteractiveSession(rs.getString("id"), rs.getString("workspace_id"), rs.getString("user_id"),
                InteractiveSession.State.valueOf(rs.getString("state")),
                Optional.ofNullable(rs.getString("close_reason")).map(InteractiveSession.CloseReason::valueOf),
                Optional.ofNullable(rs.getString("engine_id")), Optional.ofNullable(rs.getString("connect_client")),
                instant(rs, "opened_at"), instant(rs, "last_activity_at"), Optional.ofNullable(instantOrNull(rs, "closed_at")));
    }
}
