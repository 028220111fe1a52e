-- The vetting registry of R-18: a person of an operator may use the platform only after pre-job training,
-- real-name authentication, filing and vetting, and a signed confidentiality agreement. Recorded by the
-- operator's accountable person (R-24a), one row per person and one per item held, with date and evidence.
-- (V5 belongs to the workspace and job migrations.)

CREATE TABLE personnel (
    organization_id VARCHAR(64)              NOT NULL REFERENCES organizations (id),
    user_id         VARCHAR(200)             NOT NULL,
    name            VARCHAR(200)             NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_by      VARCHAR(200)             NOT NULL,
    PRIMARY KEY (organization_id, user_id)
);

CREATE TABLE personnel_vetting (
    organization_id VARCHAR(64)              NOT NULL,
    user_id         VARCHAR(200)             NOT NULL,
    item            VARCHAR(40)              NOT NULL,
    completed_on    DATE                     NOT NULL,
    evidence        VARCHAR(500)             NOT NULL,
    recorded_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    recorded_by     VARCHAR(200)             NOT NULL,
    PRIMARY KEY (organization_id, user_id, item),
    CONSTRAINT personnel_vetting_person FOREIGN KEY (organization_id, user_id) REFERENCES personnel (organization_id, user_id),
    CONSTRAINT personnel_vetting_item CHECK (item IN ('PRE_JOB_TRAINING', 'REAL_NAME_AUTHENTICATION', 'FILING_AND_VETTING',
                                                      'CONFIDENTIALITY_AGREEMENT'))
);
