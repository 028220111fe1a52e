package org.shuyu.controller.adapter.persistence;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.shuyu.controller.catalog.CatalogStore;
import org.shuyu.controller.catalog.Column;
import org.shuyu.controller.catalog.ColumnClassification;
import org.shuyu.controller.catalog.Dataset;
import org.shuyu.controller.catalog.Openness;
import org.shuyu.controller.catalog.Provider;
import org.shuyu.controller.catalog.QualityStatus;
import org.shuyu.controller.identity.Jurisdiction;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Providers, datasets and dataset columns on the controller's database. */
@Repository
public class JdbcCatalogStore implements CatalogStore {
    private static final String DATASET_COLUMNS = """
            SELECT id, provider_id, title, description, openness, category, quality_status, person_level,
                   subject_column, row_count, created_at, created_by
            FROM datasets""";
    private static final String COLUMN_COLUMNS = """
            SELECT dataset_id, position, name, data_type, description, classification, grade
            FROM dataset_columns""";

    private final JdbcClient jdbc;

    public JdbcCatalogStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<Provider> provider(String id) {
        return jdbc.sql("SELECT id, name, jurisdiction, description FROM providers WHERE id = ?")
                .param(id)
                .query(JdbcCatalogStore::provider)
                .optional();
    }

    @Override
    public List<Provider> providers() {
        return jdbc.sql("SELECT id, name, jurisdiction, description FROM providers ORDER BY id")
                .query(JdbcCatalogStore::provider)
                .list();
    }

    @Override
    public void insert(Provider provider) {
        jdbc.sql("INSERT INTO providers (id, name, jurisdiction, description) VALUES (?, ?, ?, ?)")
                .params(provider.id(), provider.name(), provider.jurisdiction().code(), provider.description())
                .update();
    }

    @Override
    public Optional<Dataset> dataset(String id) {
        List<Column> columns = jdbc.sql(COLUMN_COLUMNS + " WHERE dataset_id = ? ORDER BY position")
                .param(id)
                .query((rs, n) -> column(rs))
                .list();
        return jdbc.sql(DATASET_COLUMNS + " WHERE id = ?")
                .param(id)
                .query((rs, n) -> dataset(rs, columns))
                .optional();
    }

    @Override
    public List<Dataset> datasets() {
        Map<String, List<Column>> columns = new LinkedHashMap<>();
        jdbc.sql(COLUMN_COLUMNS + " ORDER BY dataset_id, position")
                .query(rs -> {
                    columns.computeIfAbsent(rs.getString("dataset_id"), k -> new ArrayList<>()).add(column(rs));
                });
        return jdbc.sql(DATASET_COLUMNS + " ORDER BY id")
                .query((rs, n) -> dataset(rs, columns.getOrDefault(rs.getString("id"), List.of())))
                .list();
    }

    @Override
    public void insert(Dataset dataset) {
        jdbc.sql("""
                INSERT INTO datasets (id, provider_id, title, description, openness, category, grade, quality_status,
                    person_level, subject_column, row_count, created_at, created_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(dataset.id(), dataset.providerId(), dataset.title(), dataset.description(),
                        dataset.openness().name(), dataset.category(), dataset.grade(), dataset.qualityStatus().name(),
                        dataset.personLevel(), dataset.subjectColumn().orElse(null), dataset.rowCount().orElse(null),
                        Timestamp.from(dataset.createdAt()), dataset.createdBy())
                .update();
        int position = 0;
        for (Column column : dataset.columns()) {
            jdbc.sql("""
                    INSERT INTO dataset_columns (dataset_id, position, name, data_type, description, classification, grade)
                    VALUES (?, ?, ?, ?, ?, ?, ?)""")
                    .params(dataset.id(), position++, column.name(), column.type(), column.description(),
                            column.classification().name(), column.grade())
                    .update();
        }
    }

    private static Provider provider(ResultSet rs, int n) throws SQLException {
        return new Provider(rs.getString("id"), rs.getString("name"), new Jurisdiction(rs.getString("jurisdiction")),
                rs.getString("description"));
    }

    private static Column column(ResultSet rs) throws SQLException {
        return new Column(rs.getString("name"), rs.getString("data_type"), rs.getString("description"),
                ColumnClassification.valueOf(rs.getString("classification")), rs.getInt("grade"));
    }

    private static Dataset dataset(ResultSet rs, List<Column> columns) throws SQLException {
        long rowCount = rs.getLong("row_count");
        Optional<Long> rows = rs.wasNull() ? Optional.empty() : Optional.of(rowCount);
        return new Dataset(rs.getString("id"), rs.getString("provider_id"), rs.getString("title"),
                rs.getString("description"), Openness.valueOf(rs.getString("openness")), rs.getString("category"),
                QualityStatus.valueOf(rs.getString("quality_status")), rs.getBoolean("person_level"),
                Optional.ofNullable(rs.getString("subject_column")), rows, columns,
                rs.getTimestamp("created_at").toInstant(), rs.getString("created_by"));
    }
}
