package org.shuyu.controller.adapter.persistence;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import org.shuyu.controller.admission.AdmissionStore;
import org.shuyu.controller.admission.ComputeQuota;
import org.shuyu.controller.admission.Ticket;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Compute quotas and held admission tickets on the controller's database (V14). */
@Repository
public class JdbcAdmissionStore implements AdmissionStore {
    private static final String QUOTAS = """
            SELECT organization_id, max_cores, max_memory_mb, max_engines, updated_at, updated_by FROM compute_quotas""";
    private static final String TICKETS = """
            SELECT id, request_id, organization_id, workspace_id, cores, memory_mb, incarnation, requested_at, admitted_at
            FROM admission_tickets""";

    private final JdbcClient jdbc;

    public JdbcAdmissionStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<ComputeQuota> quota(String organizationId) {
        return jdbc.sql(QUOTAS + " WHERE organization_id = ?").param(organizationId).query(JdbcAdmissionStore::quota).optional();
    }

    @Override
    public List<ComputeQuota> quotas() {
        return jdbc.sql(QUOTAS + " ORDER BY organization_id").query(JdbcAdmissionStore::quota).list();
    }

    @Override
    public void putQuota(ComputeQuota q) {
        Timestamp at = Timestamp.from(q.updatedAt().orElseThrow(() -> new IllegalArgumentException("a stored quota has a time")));
        String by = q.updatedBy().orElseThrow(() -> new IllegalArgumentException("a stored quota has an author"));
        // Admission holds its lock around this call, so no other writer of this row runs between the two statements.
        int updated = jdbc.sql("""
                UPDATE compute_quotas SET max_cores = ?, max_memory_mb = ?, max_engines = ?, updated_at = ?, updated_by = ?
                WHERE organization_id = ?""")
                .params(q.maxCores(), q.maxMemoryMb(), q.maxEngines(), at, by, q.organizationId()).update();
        if (updated == 0) {
            jdbc.sql("""
                    INSERT INTO compute_quotas (organization_id, max_cores, max_memory_mb, max_engines, updated_at, updated_by)
                    VALUES (?, ?, ?, ?, ?, ?)""")
                    .params(q.organizationId(), q.maxCores(), q.maxMemoryMb(), q.maxEngines(), at, by).update();
        }
    }

    @Override
    public void insertTicket(Ticket t) {
        jdbc.sql("""
                INSERT INTO admission_tickets (id, request_id, organization_id, workspace_id, cores, memory_mb, incarnation,
                    requested_at, admitted_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(t.id(), t.requestId(), t.organizationId(), t.workspaceId(), t.cores(), t.memoryMb(), t.incarnation(),
                        Timestamp.from(t.requestedAt()), Timestamp.from(t.admittedAt()))
                .update();
    }

    @Override
    public boolean deleteTicket(String ticketId) {
        return jdbc.sql("DELETE FROM admission_tickets WHERE id = ?").param(ticketId).update() > 0;
    }

    @Override
    public List<Ticket> tickets() {
        return jdbc.sql(TICKETS + " ORDER BY admitted_at, id").query(JdbcAdmissionStore::ticket).list();
    }

    @Override
    public List<Ticket> ticketsOfOtherIncarnations(String incarnation) {
        return jdbc.sql(TICKETS + " WHERE incarnation <> ?"
                        + " AND NOT EXISTS (SELECT 1 FROM controller_leases l WHERE l.name = CONCAT('incarnation/', admission_tickets.incarnation) AND l.expires_at > CURRENT_TIMESTAMP) ORDER BY admitted_at, id").param(incarnation)
                .query(JdbcAdmissionStore::ticket).list();
    }

    private static ComputeQuota quota(ResultSet rs, int n) throws SQLException {
        return new ComputeQuota(rs.getString("organization_id"), rs.getInt("max_cores"), rs.getInt("max_memory_mb"),
                rs.getInt("max_engines"), Optional.of(rs.getTimestamp("updated_at").toInstant()),
                Optional.of(rs.getString("updated_by")));
    }

    private static Ticket ticket(ResultSet rs, int n) throws SQLException {
        return new Ticket(rs.getString("id"), rs.getString("request_id"), rs.getString("organization_id"),
                rs.getString("workspace_id"), rs.getInt("cores"), rs.getInt("memory_mb"), rs.getString("incarnation"),
                rs.getTimestamp("requested_at").toInstant(), rs.getTimestamp("admitted_at").toInstant());
    }
}
