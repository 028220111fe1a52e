-- Data quality requests (R-20, docs/quality-requests.md): an operator's request against a dataset it is granted, which
-- the dataset's provider acknowledges and fixes by due_at, or rejects with a reason; the operator confirms the answer
-- or reopens the request. overdue_at marks (once per deadline) that the scheduler found due_at passed without an
-- answer; late says whether the latest answer came after its deadline. Target, description and evidence are checked
-- to carry no data values (identity-card, phone, e-mail and long-number patterns are refused).
CREATE TABLE quality_requests (
    id                    VARCHAR(64)              PRIMARY KEY,
    dataset_id            VARCHAR(128)             NOT NULL,
    provider_id           VARCHAR(64)              NOT NULL,
    provider_jurisdiction VARCHAR(6)               NOT NULL,
    grant_id              VARCHAR(64)              NOT NULL,
    organization_id       VARCHAR(64)              NOT NULL,
    filed_by              VARCHAR(128)             NOT NULL,
    target_kind           VARCHAR(16)              NOT NULL,
    target                VARCHAR(500)             NOT NULL,
    description           VARCHAR(2000)            NOT NULL,
    evidence              VARCHAR(2000)            NOT NULL,
    evidence_sha256       VARCHAR(64),
    state                 VARCHAR(16)              NOT NULL,
    filed_at              TIMESTAMP WITH TIME ZONE NOT NULL,
    due_at                TIMESTAMP WITH TIME ZONE NOT NULL,
    overdue_at            TIMESTAMP WITH TIME ZONE,
    acknowledged_at       TIMESTAMP WITH TIME ZONE,
    answer_kind           VARCHAR(16),
    answer_note           VARCHAR(2000),
    answer_data_sha256    VARCHAR(64),
    answered_at           TIMESTAMP WITH TIME ZONE,
    answered_by           VARCHAR(128),
    late                  BOOLEAN                  NOT NULL DEFAULT FALSE,
    reopened              INTEGER                  NOT NULL DEFAULT 0,
    closed_at             TIMESTAMP WITH TIME ZONE,
    CONSTRAINT quality_requests_state CHECK (state IN ('OPEN', 'ACKNOWLEDGED', 'FIXED', 'REJECTED', 'CONFIRMED', 'WITHDRAWN')),
    CONSTRAINT quality_requests_target_kind CHECK (target_kind IN ('COLUMN', 'ROWS', 'RULE')),
    CONSTRAINT quality_requests_answer CHECK (answer_kind IS NULL OR answer_kind IN ('FIXED', 'REJECTED'))
);

CREATE INDEX quality_requests_provider ON quality_requests (provider_id, filed_at);
CREATE INDEX quality_requests_due ON quality_requests (state, due_at);
CREATE INDEX quality_requests_grant ON quality_requests (grant_id);
