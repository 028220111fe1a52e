-- Operators' own-data imports (R-19c, docs/own-data.md): one row per import into a grant's workspace. columns holds
-- the declared columns, one per line as name|type|classification|grade|identifying; checks the automatic checks'
-- results, one per line as check|passed|code|message (messages name lines, columns and patterns, never a value).
-- The file itself lives in the workspace's storage and goes with it; only its size and SHA-256 are kept here.
CREATE TABLE own_data_imports (
    id              VARCHAR(64)              PRIMARY KEY,
    grant_id        VARCHAR(64)              NOT NULL,
    organization_id VARCHAR(64)              NOT NULL,
    jurisdiction    VARCHAR(6)               NOT NULL,
    table_name      VARCHAR(64)              NOT NULL,
    source          VARCHAR(2000)            NOT NULL,
    legal_basis     VARCHAR(2000)            NOT NULL,
    purpose         VARCHAR(2000)            NOT NULL,
    columns_decl    VARCHAR(20000)           NOT NULL,
    state           VARCHAR(16)              NOT NULL,
    created_by      VARCHAR(128)             NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    file_rows       BIGINT,
    file_bytes      BIGINT,
    file_sha256     VARCHAR(64),
    checks          VARCHAR(20000)           NOT NULL,
    decided_by      VARCHAR(128),
    decided_at      TIMESTAMP WITH TIME ZONE,
    reason          VARCHAR(2000),
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT own_data_imports_state CHECK (state IN ('DRAFT', 'IN_REVIEW', 'REJECTED', 'WITHDRAWN', 'MATERIALIZED'))
);

CREATE INDEX own_data_imports_grant ON own_data_imports (grant_id, created_at);
CREATE INDEX own_data_imports_state ON own_data_imports (state, created_at);
