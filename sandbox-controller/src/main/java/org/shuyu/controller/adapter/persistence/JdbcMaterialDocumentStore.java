package org.shuyu.controller.adapter.persistence;

import static org.shuyu.controller.adapter.persistence.LifecycleRows.ts;

import java.util.Optional;
import org.shuyu.controller.grant.MaterialDocumentStore;
import org.shuyu.controller.grant.MaterialKind;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Material documents in the material_documents table (bytea on PostgreSQL and H2). */
@Repository
public class JdbcMaterialDocumentStore implements MaterialDocumentStore {
    private final JdbcClient jdbc;

    public JdbcMaterialDocumentStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void put(StoredDocument d) {
        remove(d.applicationId(), d.kind());
        jdbc.sql("INSERT INTO material_documents (application_id, kind, document_name, content_type, size_bytes, sha256, "
                        + "content, stored_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(d.applicationId(), d.kind().name(), d.documentName(), d.contentType(), d.size(), d.sha256(),
                        d.content(), ts(d.storedAt()))
                .update();
    }

    @Override
    public Optional<StoredDocument> find(String applicationId, MaterialKind kind) {
        return jdbc.sql("SELECT application_id, kind, document_name, content_type, size_bytes, sha256, content, stored_at "
                        + "FROM material_documents WHERE application_id = ? AND kind = ?")
                .params(applicationId, kind.name())
                .query((rs, n) -> new StoredDocument(rs.getString(1), MaterialKind.valueOf(rs.getString(2)), rs.getString(3),
                        rs.getString(4), rs.getLong(5), rs.getString(6), rs.getBytes(7), rs.getTimestamp(8).toInstant()))
                .optional();
    }

    @Override
    public void remove(String applicationId, MaterialKind kind) {
        jdbc.sql("DELETE FROM material_documents WHERE application_id = ? AND kind = ?").params(applicationId, kind.name()).update();
    }
}
