package org.shuyu.controller.adapter.persistence;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.shuyu.controller.catalog.ColumnClassification;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.identity.Jurisdiction;
import org.shuyu.controller.owndata.CheckOutcome;
import org.shuyu.controller.owndata.OwnColumn;
import org.shuyu.controller.owndata.OwnDataImport;
import org.shuyu.controller.owndata.OwnDataState;
import org.shuyu.controller.owndata.OwnDataStore;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Own-data imports on the controller's database; declared columns and check results are stored one per line. */
@Repository
public class JdbcOwnDataStore implements OwnDataStore {
    private static final String SELECT = """
            SELECT id, grant_id, organization_id, jurisdiction, table_name, source, legal_basis, purpose, columns_decl, state,
                created_by, created_at, file_rows, file_bytes, file_sha256, checks, decided_by, decided_at, reason, updated_at
            FROM own_data_imports""";

    private final JdbcClient jdbc;

    public JdbcOwnDataStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void insert(OwnDataImport i) {
        jdbc.sql("""
                INSERT INTO own_data_imports (id, grant_id, organization_id, jurisdiction, table_name, source, legal_basis, purpose,
                    columns_decl, state, created_by, created_at, file_rows, file_bytes, file_sha256, checks, decided_by, decided_at,
                    reason, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(i.id(), i.grantId(), i.organizationId(), i.jurisdiction().code(), i.tableName(), i.source(), i.legalBasis(),
                        i.purpose(), columns(i.columns()), i.state().name(), i.createdBy(), Timestamp.from(i.createdAt()),
                        i.file().map(OwnDataImport.FileInfo::rows).orElse(null), i.file().map(OwnDataImport.FileInfo::bytes).orElse(null),
                        i.file().map(OwnDataImport.FileInfo::sha256).orElse(null), checks(i.checks()), i.decidedBy().orElse(null),
                        i.decidedAt().map(Timestamp::from).orElse(null), i.reason().orElse(null), Timestamp.from(i.updatedAt()))
                .update();
    }

    @Override
    public boolean update(OwnDataImport i, OwnDataState expected) {
        return jdbc.sql("""
                UPDATE own_data_imports SET state = ?, file_rows = ?, file_bytes = ?, file_sha256 = ?, checks = ?, decided_by = ?,
                    decided_at = ?, reason = ?, updated_at = ?
                WHERE id = ? AND state = ?""")
                .params(i.state().name(), i.file().map(OwnDataImport.FileInfo::rows).orElse(null),
                        i.file().map(OwnDataImport.FileInfo::bytes).orElse(null), i.file().map(OwnDataImport.FileInfo::sha256).orElse(null),
                        checks(i.checks()), i.decidedBy().orElse(null), i.decidedAt().map(Timestamp::from).orElse(null),
                        i.reason().orElse(null), Timestamp.from(i.updatedAt()), i.id(), expected.name())
                .update() == 1;
    }

    @Override
    public Optional<OwnDataImport> find(String id) {
        return jdbc.sql(SELECT + " WHERE id = ?").param(id).query(JdbcOwnDataStore::row).optional();
    }

    @Override
    public Optional<OwnDataImport> lock(String id) {
        return jdbc.sql(SELECT + " WHERE id = ? FOR UPDATE").param(id).query(JdbcOwnDataStore::row).optional();
    }

    @Override
    public List<OwnDataImport> ofGrant(String grantId) {
        return jdbc.sql(SELECT + " WHERE grant_id = ? ORDER BY created_at DESC, id").param(grantId).query(JdbcOwnDataStore::row).list();
    }

    @Override
    public List<OwnDataImport> inStates(Set<OwnDataState> states) {
        if (states.isEmpty()) {
            return List.of();
        }
        String in = states.stream().map(s -> "'" + s.name() + "'").sorted().collect(Collectors.joining(", "));
        return jdbc.sql(SELECT + " WHERE state IN (" + in + ") ORDER BY created_at DESC, id").query(JdbcOwnDataStore::row).list();
    }

    private static String columns(List<OwnColumn> columns) {
        return columns.stream().map(c -> String.join("|", c.name(), c.column().type(), c.column().classification().name(),
                Integer.toString(c.column().grade()), Boolean.toString(c.identifying()))).collect(Collectors.joining("\n"));
    }

    private static String checks(List<CheckOutcome> checks) {
        return checks.stream().map(c -> String.join("|", c.check(), Boolean.toString(c.passed()),
                c.code().map(Enum::name).orElse(""), c.message().replace('\n', ' '))).collect(Collectors.joining("\n"));
    }

    private static OwnDataImport row(ResultSet rs, int n) throws SQLException {
        List<OwnColumn> columns = new ArrayList<>();
        for (String line : rs.getString("columns_decl").split("\n")) {
            String[] f = line.split("\\|");
            columns.add(OwnColumn.of(f[0], f[1], ColumnClassification.valueOf(f[2]), Integer.parseInt(f[3]),
                    Optional.of(Boolean.parseBoolean(f[4]))));
        }
        List<CheckOutcome> checks = new ArrayList<>();
        String stored = rs.getString("checks");
        if (stored != null && !stored.isEmpty()) {
            for (String line : stored.split("\n")) {
                String[] f = line.split("\\|", 4);
                checks.add(new CheckOutcome(f[0], Boolean.parseBoolean(f[1]),
                        f[2].isEmpty() ? Optional.empty() : Optional.of(ErrorCode.valueOf(f[2])), f[3]));
            }
        }
        long rows = rs.getLong("file_rows");
        Optional<OwnDataImport.FileInfo> file = rs.wasNull() ? Optional.empty()
                : Optional.of(new OwnDataImport.FileInfo(rows, rs.getLong("file_bytes"), rs.getString("file_sha256")));
        Timestamp decidedAt = rs.getTimestamp("decided_at");
        return new OwnDataImport(rs.getString("id"), rs.getString("grant_id"), rs.getString("organization_id"),
                new Jurisdiction(rs.getString("jurisdiction")), rs.getString("table_name"), rs.getString("source"),
                rs.getString("legal_basis"), rs.getString("purpose"), columns, OwnDataState.valueOf(rs.getString("state")),
                rs.getString("created_by"), rs.getTimestamp("created_at").toInstant(), file, checks,
                Optional.ofNullable(rs.getString("decided_by")), Optional.ofNullable(decidedAt).map(Timestamp::toInstant),
                Optional.ofNullable(rs.getString("reason")), rs.getTimestamp("updated_at").toInstant());
    }
}
