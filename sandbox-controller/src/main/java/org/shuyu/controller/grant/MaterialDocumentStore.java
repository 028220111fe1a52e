package org.shuyu.controller.grant;

import java.time.Instant;
import java.util.Optional;

/** The stored bytes of application material documents, one per application and material kind. */
public interface MaterialDocumentStore {

    /** A stored document: its name, media type, size, the SHA-256 computed on receipt, and its bytes. */
    record StoredDocument(String applicationId, MaterialKind kind, String documentName, String contentType, long size,
                          String sha256, byte[] content, Instant storedAt) {}

    /** Stores the document of a material, replacing an earlier one. */
    void put(StoredDocument document);

    Optional<StoredDocument> find(String applicationId, MaterialKind kind);

    /** Forgets the document of a material (the material was then recorded by name and hash only). */
    void remove(String applicationId, MaterialKind kind);
}
