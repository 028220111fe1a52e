-- Supervisory inspections of operators (R-26, docs/inspections.md): one row per inspection with its scope (systems,
-- data use, security capability; the grants it looks at, comma-separated, none meaning all) and its inspectors
-- (comma-separated user ids), and one row per finding with its rectification's course. Descriptions, reports and
-- reasons are prose about deficiencies and measures, never data values.
CREATE TABLE inspections (
    id                   VARCHAR(64)              PRIMARY KEY,
    organization_id      VARCHAR(64)              NOT NULL REFERENCES organizations (id),
    jurisdiction         VARCHAR(6)               NOT NULL,
    state                VARCHAR(32)              NOT NULL,
    inspection_date      DATE                     NOT NULL,
    scope_systems        BOOLEAN                  NOT NULL,
    scope_data_use       BOOLEAN                  NOT NULL,
    scope_security       BOOLEAN                  NOT NULL,
    scope_grants         VARCHAR(2000)            NOT NULL,
    inspectors           VARCHAR(2000)            NOT NULL,
    created_by           VARCHAR(128)             NOT NULL,
    created_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    closed_at            TIMESTAMP WITH TIME ZONE
);

CREATE INDEX inspections_organization ON inspections (organization_id);

CREATE TABLE inspection_findings (
    id                       VARCHAR(64)              PRIMARY KEY,
    inspection_id            VARCHAR(64)              NOT NULL REFERENCES inspections (id),
    organization_id          VARCHAR(64)              NOT NULL,
    grant_id                 VARCHAR(64),
    severity                 VARCHAR(16)              NOT NULL,
    description              VARCHAR(2000)            NOT NULL,
    deadline                 TIMESTAMP WITH TIME ZONE NOT NULL,
    state                    VARCHAR(32)              NOT NULL,
    rectification_report     VARCHAR(4000),
    submitted_at             TIMESTAMP WITH TIME ZONE,
    rejection_reason         VARCHAR(2000),
    verified_by              VARCHAR(128),
    verified_at              TIMESTAMP WITH TIME ZONE,
    suspension_requested_by  VARCHAR(128),
    suspended_at             TIMESTAMP WITH TIME ZONE,
    created_by               VARCHAR(128)             NOT NULL,
    created_at               TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX inspection_findings_inspection ON inspection_findings (inspection_id);
CREATE INDEX inspection_findings_state ON inspection_findings (state);
