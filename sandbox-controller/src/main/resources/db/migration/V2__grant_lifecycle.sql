-- The authorized-operation life cycle (R-12 to R-17, R-25): labs, applications, grants and their records.
-- Every row's state is a LifecycleState; transitions are decided by GrantLifecycle only.

CREATE TABLE labs (
    id                   VARCHAR(64)              PRIMARY KEY,
    organization_id      VARCHAR(64)              NOT NULL REFERENCES organizations (id),
    jurisdiction         VARCHAR(6)               NOT NULL,
    state                VARCHAR(40)              NOT NULL,
    development_approach VARCHAR(4000)            NOT NULL,
    market_plan          VARCHAR(4000)            NOT NULL,
    requested_months     INTEGER                  NOT NULL,
    term_start           DATE,
    term_end             DATE,
    requested_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    requested_by         VARCHAR(200)             NOT NULL,
    decided_at           TIMESTAMP WITH TIME ZONE,
    decided_by           VARCHAR(200),
    decision_note        VARCHAR(2000),
    CONSTRAINT labs_months CHECK (requested_months BETWEEN 1 AND 6)
);

CREATE TABLE lab_datasets (
    lab_id     VARCHAR(64)  NOT NULL REFERENCES labs (id),
    dataset_id VARCHAR(100) NOT NULL REFERENCES datasets (id),
    PRIMARY KEY (lab_id, dataset_id)
);

-- The technical evaluation report issued when a lab completes (R-12).
CREATE TABLE lab_reports (
    id          VARCHAR(64)              PRIMARY KEY,
    lab_id      VARCHAR(64)              NOT NULL UNIQUE REFERENCES labs (id),
    issued_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    issued_by   VARCHAR(200)             NOT NULL,
    conclusion  VARCHAR(40)              NOT NULL,
    summary     VARCHAR(4000)            NOT NULL,
    findings    VARCHAR(8000)            NOT NULL,
    content     VARCHAR(16000)           NOT NULL,
    sha256      VARCHAR(64)              NOT NULL
);

CREATE TABLE applications (
    id              VARCHAR(64)              PRIMARY KEY,
    lab_id          VARCHAR(64)              NOT NULL REFERENCES labs (id),
    organization_id VARCHAR(64)              NOT NULL REFERENCES organizations (id),
    announcement_id VARCHAR(64),
    state           VARCHAR(40)              NOT NULL,
    scenario        VARCHAR(500)             NOT NULL,
    priority_domain VARCHAR(40)              NOT NULL,
    level           VARCHAR(10)              NOT NULL,
    jurisdiction    VARCHAR(6)               NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by      VARCHAR(200)             NOT NULL,
    submitted_at    TIMESTAMP WITH TIME ZONE,
    closed_reason   VARCHAR(2000)
);

CREATE TABLE application_datasets (
    application_id VARCHAR(64)  NOT NULL REFERENCES applications (id),
    dataset_id     VARCHAR(100) NOT NULL REFERENCES datasets (id),
    PRIMARY KEY (application_id, dataset_id)
);

-- The five materials of R-13.
CREATE TABLE application_materials (
    application_id VARCHAR(64)              NOT NULL REFERENCES applications (id),
    kind           VARCHAR(40)              NOT NULL,
    document_name  VARCHAR(300)             NOT NULL,
    sha256         VARCHAR(64)              NOT NULL,
    period_end     DATE,
    provided_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    provided_by    VARCHAR(200)             NOT NULL,
    PRIMARY KEY (application_id, kind)
);

-- Expert and sector review opinions on the four points of R-14.
CREATE TABLE application_reviews (
    id             VARCHAR(64)              PRIMARY KEY,
    application_id VARCHAR(64)              NOT NULL REFERENCES applications (id),
    reviewer       VARCHAR(200)             NOT NULL,
    reviewer_kind  VARCHAR(10)              NOT NULL,
    recorded_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    UNIQUE (application_id, reviewer)
);

CREATE TABLE review_opinions (
    review_id VARCHAR(64)   NOT NULL REFERENCES application_reviews (id),
    point     VARCHAR(60)   NOT NULL,
    verdict   VARCHAR(40)   NOT NULL,
    comment   VARCHAR(4000) NOT NULL,
    PRIMARY KEY (review_id, point)
);

-- Deliberation minutes and approval (R-05, R-15).
CREATE TABLE deliberations (
    application_id VARCHAR(64)              PRIMARY KEY REFERENCES applications (id),
    body           VARCHAR(200)             NOT NULL,
    jurisdiction   VARCHAR(6)               NOT NULL,
    meeting_date   DATE                     NOT NULL,
    attendees      VARCHAR(2000)            NOT NULL,
    minutes        VARCHAR(8000)            NOT NULL,
    outcome        VARCHAR(10)              NOT NULL,
    recorded_by    VARCHAR(200)             NOT NULL,
    recorded_at    TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE approvals (
    application_id  VARCHAR(64)              PRIMARY KEY REFERENCES applications (id),
    approver_role   VARCHAR(40)              NOT NULL,
    jurisdiction    VARCHAR(6)               NOT NULL,
    decision_number VARCHAR(100)             NOT NULL,
    approved_on     DATE                     NOT NULL,
    note            VARCHAR(2000)            NOT NULL,
    approved_by     VARCHAR(200)             NOT NULL,
    approved_at     TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE grants (
    id                     VARCHAR(64)              PRIMARY KEY,
    application_id         VARCHAR(64)              NOT NULL UNIQUE REFERENCES applications (id),
    organization_id        VARCHAR(64)              NOT NULL REFERENCES organizations (id),
    state                  VARCHAR(40)              NOT NULL,
    scenario               VARCHAR(500)             NOT NULL,
    scenario_key           VARCHAR(500)             NOT NULL,
    priority_domain        VARCHAR(40)              NOT NULL,
    level                  VARCHAR(10)              NOT NULL,
    jurisdiction           VARCHAR(6)               NOT NULL,
    term_start             DATE                     NOT NULL,
    term_end               DATE                     NOT NULL,
    agreement_document     VARCHAR(300)             NOT NULL,
    agreement_sha256       VARCHAR(64)              NOT NULL,
    agreement_signed_on    DATE                     NOT NULL,
    created_at             TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by             VARCHAR(200)             NOT NULL,
    activated_at           TIMESTAMP WITH TIME ZONE,
    suspension_reason      VARCHAR(4000),
    suspended_at           TIMESTAMP WITH TIME ZONE,
    rectification_deadline TIMESTAMP WITH TIME ZONE,
    rectification_report   VARCHAR(8000),
    rectification_at       TIMESTAMP WITH TIME ZONE,
    ended_at               TIMESTAMP WITH TIME ZONE,
    end_reason             VARCHAR(4000),
    CONSTRAINT grants_term CHECK (term_end > term_start)
);
CREATE INDEX grants_state ON grants (state);

CREATE TABLE grant_datasets (
    grant_id   VARCHAR(64)  NOT NULL REFERENCES grants (id),
    dataset_id VARCHAR(100) NOT NULL REFERENCES datasets (id),
    PRIMARY KEY (grant_id, dataset_id)
);

-- One grant, one emergency plan (R-25); drills are recorded against it.
CREATE TABLE emergency_plans (
    grant_id      VARCHAR(64)              PRIMARY KEY REFERENCES grants (id),
    document_name VARCHAR(300)             NOT NULL,
    sha256        VARCHAR(64)              NOT NULL,
    summary       VARCHAR(4000)            NOT NULL,
    contacts      VARCHAR(1000)            NOT NULL,
    recorded_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    recorded_by   VARCHAR(200)             NOT NULL
);

CREATE TABLE drills (
    id          VARCHAR(64)              PRIMARY KEY,
    grant_id    VARCHAR(64)              NOT NULL REFERENCES grants (id),
    held_on     DATE                     NOT NULL,
    scenario    VARCHAR(1000)            NOT NULL,
    outcome     VARCHAR(2000)            NOT NULL,
    recorded_at TIMESTAMP WITH TIME ZONE NOT NULL,
    recorded_by VARCHAR(200)             NOT NULL
);

-- Coordination-body decisions to terminate or revoke (R-05).
CREATE TABLE decisions (
    id           VARCHAR(64)              PRIMARY KEY,
    grant_id     VARCHAR(64)              NOT NULL REFERENCES grants (id),
    kind         VARCHAR(20)              NOT NULL,
    state        VARCHAR(20)              NOT NULL,
    jurisdiction VARCHAR(6)               NOT NULL,
    meeting_date DATE                     NOT NULL,
    minutes      VARCHAR(8000)            NOT NULL,
    reason       VARCHAR(4000)            NOT NULL,
    decided_by   VARCHAR(200)             NOT NULL,
    decided_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    approved_by  VARCHAR(200),
    approved_at  TIMESTAMP WITH TIME ZONE,
    executed_at  TIMESTAMP WITH TIME ZONE
);

-- Publication of active grants and the provincial filing record (R-15).
CREATE TABLE publications (
    grant_id          VARCHAR(64)              PRIMARY KEY REFERENCES grants (id),
    operator_name     VARCHAR(200)             NOT NULL,
    scenario          VARCHAR(500)             NOT NULL,
    priority_domain   VARCHAR(40)              NOT NULL,
    datasets          VARCHAR(2000)            NOT NULL,
    term_start        DATE                     NOT NULL,
    term_end          DATE                     NOT NULL,
    published_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    status            VARCHAR(20)              NOT NULL
);

CREATE TABLE filings (
    grant_id      VARCHAR(64)              PRIMARY KEY REFERENCES grants (id),
    filing_number VARCHAR(60)              NOT NULL UNIQUE,
    payload       VARCHAR(8000)            NOT NULL,
    sha256        VARCHAR(64)              NOT NULL,
    filed_at      TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE grant_members (
    grant_id   VARCHAR(64)              NOT NULL REFERENCES grants (id),
    user_id    VARCHAR(200)             NOT NULL,
    name       VARCHAR(200)             NOT NULL,
    added_by   VARCHAR(200)             NOT NULL,
    added_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    removed_by VARCHAR(200),
    removed_at TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (grant_id, user_id)
);

-- Deletion of an ended grant's retained data (R-17a). Kept after the data is gone, as its record.
CREATE TABLE data_deletions (
    id             VARCHAR(64)              PRIMARY KEY,
    grant_id       VARCHAR(64)              NOT NULL UNIQUE REFERENCES grants (id),
    organization_id VARCHAR(64)             NOT NULL,
    reason         VARCHAR(40)              NOT NULL,
    scope          VARCHAR(1000)            NOT NULL,
    state          VARCHAR(20)              NOT NULL,
    scheduled_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    due_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    completed_at   TIMESTAMP WITH TIME ZONE,
    deleted_files  BIGINT,
    deleted_bytes  BIGINT,
    logs_kept_until DATE                    NOT NULL,
    detail         VARCHAR(2000)
);
