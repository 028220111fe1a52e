-- Workspaces, jobs, consents and versioned Ranger policy sets (issue 3: R-19a, R-21b, R-24b, R-09b).

-- One workspace per active lab or grant (id = the lab's or grant's id). The row is desired and observed
-- state together: the reconciler provisions, closes and tears down from it.
CREATE TABLE workspaces (
    id              VARCHAR(64)              PRIMARY KEY,
    kind            VARCHAR(10)              NOT NULL,
    organization_id VARCHAR(64)              NOT NULL REFERENCES organizations (id),
    database_name   VARCHAR(80)              NOT NULL UNIQUE,
    state           VARCHAR(20)              NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    provisioned_at  TIMESTAMP WITH TIME ZONE,
    closed_at       TIMESTAMP WITH TIME ZONE,
    torn_down_at    TIMESTAMP WITH TIME ZONE,
    storage_bytes   BIGINT                   NOT NULL DEFAULT 0,
    CONSTRAINT workspaces_kind CHECK (kind IN ('GRANT', 'LAB')),
    CONSTRAINT workspaces_state CHECK (state IN ('PROVISIONING', 'READY', 'CLOSED', 'TORN_DOWN'))
);

CREATE TABLE jobs (
    id                 VARCHAR(64)              PRIMARY KEY,
    workspace_id       VARCHAR(64)              NOT NULL REFERENCES workspaces (id),
    kind               VARCHAR(10)              NOT NULL,
    name               VARCHAR(200)             NOT NULL,
    spec               VARCHAR(1000000)         NOT NULL,
    submitted_by       VARCHAR(200)             NOT NULL,
    submitted_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    state              VARCHAR(20)              NOT NULL,
    started_at         TIMESTAMP WITH TIME ZONE,
    finished_at        TIMESTAMP WITH TIME ZONE,
    result_code        VARCHAR(60),
    result_message     VARCHAR(4000),
    failed_step        INTEGER,
    runtime_token_hash VARCHAR(64),
    cpu_seconds        DOUBLE PRECISION,
    peak_memory_bytes  BIGINT,
    wall_millis        BIGINT,
    storage_bytes      BIGINT,
    CONSTRAINT jobs_kind CHECK (kind IN ('JOB', 'PREVIEW')),
    CONSTRAINT jobs_state CHECK (state IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'REFUSED', 'CANCELLED'))
);

CREATE INDEX jobs_workspace ON jobs (workspace_id, submitted_at);
CREATE UNIQUE INDEX jobs_runtime_token ON jobs (runtime_token_hash);

-- Consent of data subjects to the use of person-level datasets (R-21b). The latest row per subject wins.
CREATE TABLE consents (
    dataset_id  VARCHAR(100)             NOT NULL REFERENCES datasets (id),
    subject_id  VARCHAR(200)             NOT NULL,
    granted     BOOLEAN                  NOT NULL,
    evidence    VARCHAR(500)             NOT NULL,
    recorded_by VARCHAR(200)             NOT NULL,
    recorded_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (dataset_id, subject_id)
);

-- Each Ranger service (one per workspace) and its policy versions: a new version whenever the compiled
-- policies' fingerprint changes. The newest row is what the plugin download serves.
CREATE TABLE policy_versions (
    service_name VARCHAR(100)             NOT NULL,
    version      BIGINT                   NOT NULL,
    fingerprint  VARCHAR(64)              NOT NULL,
    computed_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (service_name, version)
);
