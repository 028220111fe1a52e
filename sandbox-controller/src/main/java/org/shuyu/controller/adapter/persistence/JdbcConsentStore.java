package org.shuyu.controller.adapter.persistence;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.shuyu.controller.consent.Consent;
import org.shuyu.controller.consent.ConsentStore;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Consents on the controller's database: one row per dataset and subject, replaced on each change. */
@Repository
public class JdbcConsentStore implements ConsentStore {
    /** Subjects per {@code IN (...)} read of {@link #findAll}. */
    private static final int CHUNK = 500;
    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    public JdbcConsentStore(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    @Override
    public Map<String, Consent> findAll(String datasetId, Collection<String> subjectIds) {
        List<String> subjects = List.copyOf(new TreeSet<>(subjectIds));
        Map<String, Consent> found = new HashMap<>();
        for (int from = 0; from < subjects.size(); from += CHUNK) {
            List<String> chunk = subjects.subList(from, Math.min(subjects.size(), from + CHUNK));
            jdbc.sql("SELECT dataset_id, subject_id, granted, evidence, recorded_by, recorded_at FROM consents"
                            + " WHERE dataset_id = :dataset AND subject_id IN (:subjects)")
                    .param("dataset", datasetId).param("subjects", chunk)
                    .query(JdbcConsentStore::mapConsent).list().forEach(c -> found.put(c.subjectId(), c));
        }
        return found;
    }

    @Override
    public void putAll(List<Consent> consents) {
        if (consents.isEmpty()) {
            return;
        }
        batch.batchUpdate("DELETE FROM consents WHERE dataset_id = ? AND subject_id = ?",
                consents.stream().map(c -> new Object[] {c.datasetId(), c.subjectId()}).toList());
        batch.batchUpdate("INSERT INTO consents (dataset_id, subject_id, granted, evidence, recorded_by, recorded_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?)",
                consents.stream().map(c -> new Object[] {c.datasetId(), c.subjectId(), c.granted(), c.evidence(),
                        c.recordedBy(), JdbcLifecycleStore.ts(c.recordedAt())}).toList());
    }

    @Override
    public void put(Consent c) {
        jdbc.sql("DELETE FROM consents WHERE dataset_id = ? AND subject_id = ?").params(c.datasetId(), c.subjectId()).update();
        jdbc.sql("INSERT INTO consents (dataset_id, subject_id, granted, evidence, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?)")
                .params(c.datasetId(), c.subjectId(), c.granted(), c.evidence(), c.recordedBy(), JdbcLifecycleStore.ts(c.recordedAt()))
                .update();
    }

    @Override
    public Optional<Consent> find(String datasetId, String subjectId) {
        return jdbc.sql("SELECT dataset_id, subject_id, granted, evidence, recorded_by, recorded_at FROM consents"
                        + " WHERE dataset_id = ? AND subject_id = ?")
                .params(datasetId, subjectId).query(JdbcConsentStore::mapConsent).optional();
    }

    @Override
    public List<Consent> list(String datasetId, int offset, int limit) {
        return jdbc.sql("SELECT dataset_id, subject_id, granted, evidence, recorded_by, recorded_at FROM consents"
                        + " WHERE dataset_id = ? ORDER BY subject_id LIMIT ? OFFSET ?")
                .params(datasetId, limit, offset).query(JdbcConsentStore::mapConsent).list();
    }

    @Override
    public Map<String, Set<String>> consenting(Collection<String> datasetIds) {
        Map<String, Set<String>> result = new HashMap<>();
        for (String datasetId : datasetIds) {
            Set<String> subjects = new TreeSet<>(jdbc.sql("SELECT subject_id FROM consents WHERE dataset_id = ? AND granted = TRUE")
                    .param(datasetId).query(String.class).list());
            result.put(datasetId, subjects);
        }
        return result;
    }

    @Override
    public long recorded(String datasetId) {
        return jdbc.sql("SELECT COUNT(*) FROM consents WHERE dataset_id = ?").param(datasetId)
                .query(Long.class).single();
    }

    private static Consent mapConsent(ResultSet rs, int row) throws SQLException {
        return new Consent(rs.getString("dataset_id"), rs.getString("subject_id"), rs.getBoolean("granted"),
                rs.getString("evidence"), rs.getString("recorded_by"), JdbcLifecycleStore.instant(rs, "recorded_at"));
    }
}
