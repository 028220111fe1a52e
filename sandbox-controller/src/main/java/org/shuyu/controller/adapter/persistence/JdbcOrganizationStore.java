package org.shuyu.controller.adapter.persistence;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.Jurisdiction;
import org.shuyu.controller.organization.Organization;
import org.shuyu.controller.organization.OrganizationStore;
import org.shuyu.controller.organization.Uscc;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Organizations on the controller's database. */
@Repository
public class JdbcOrganizationStore implements OrganizationStore {
    private static final String SELECT = """
            SELECT id, name, uscc, jurisdiction, established_on, accountable_user_id, accountable_name, created_at, created_by
            FROM organizations""";

    private final JdbcClient jdbc;

    public JdbcOrganizationStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<Organization> find(String id) {
        return jdbc.sql(SELECT + " WHERE id = ?").param(id).query(JdbcOrganizationStore::organization).optional();
    }

    @Override
    public Optional<Organization> findByUscc(Uscc uscc) {
        return jdbc.sql(SELECT + " WHERE uscc = ?").param(uscc.value()).query(JdbcOrganizationStore::organization).optional();
    }

    @Override
    public List<Organization> all() {
        return jdbc.sql(SELECT + " ORDER BY name, id").query(JdbcOrganizationStore::organization).list();
    }

    @Override
    public void insert(Organization o) {
        try {
            jdbc.sql("""
                    INSERT INTO organizations (id, name, uscc, jurisdiction, established_on, accountable_user_id,
                        accountable_name, created_at, created_by)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(o.id(), o.name(), o.uscc().value(), o.jurisdiction().code(), Date.valueOf(o.establishedOn()),
                            o.accountableUserId(), o.accountableName(), Timestamp.from(o.createdAt()), o.createdBy())
                    .update();
        } catch (DuplicateKeyException e) {
            // A concurrent registration of the same USCC won the race.
            throw new SandboxException(ErrorCode.ALREADY_EXISTS, "an organization with USCC " + o.uscc() + " already exists", e);
        }
    }

    private static Organization organization(ResultSet rs, int n) throws SQLException {
        return new Organization(rs.getString("id"), rs.getString("name"), new Uscc(rs.getString("uscc")),
                new Jurisdiction(rs.getString("jurisdiction")), rs.getObject("established_on", LocalDate.class),
                rs.getString("accountable_user_id"), rs.getString("accountable_name"),
                rs.getTimestamp("created_at").toInstant(), rs.getString("created_by"));
    }
}
