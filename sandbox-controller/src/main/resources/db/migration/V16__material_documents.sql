-- The documents of an application's materials (issue 18, R-13): the bytes the applicant uploaded, with the SHA-256
-- the platform computed on receipt (the same hash is recorded in application_materials). One document per material;
-- a new upload replaces the previous one. The same statements run on PostgreSQL and on H2 in PostgreSQL mode.
CREATE TABLE material_documents (
    application_id VARCHAR(64)              NOT NULL REFERENCES applications (id),
    kind           VARCHAR(40)              NOT NULL,
    document_name  VARCHAR(300)             NOT NULL,
    content_type   VARCHAR(200)             NOT NULL,
    size_bytes     BIGINT                   NOT NULL,
    sha256         VARCHAR(64)              NOT NULL,
    content        BYTEA                    NOT NULL,
    stored_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (application_id, kind),
    CONSTRAINT material_documents_size CHECK (size_bytes > 0)
);
