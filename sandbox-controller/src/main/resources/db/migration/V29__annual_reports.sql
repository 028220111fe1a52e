-- Annual operation reports and evaluations (R-27, docs/annual-reports.md). One report per operator and year. While
-- the report is a DRAFT (or RETURNED for completion) its figures are computed live from the platform's records; at
-- submission they are frozen into the fig_* columns with the SHA-256 of their canonical text (figures_sha256). The
-- hand-written sections are the operator's own text. due_at is the deadline the operator submits by (the configured
-- day of the following year, or the resubmission deadline after a return); overdue_at is set once by the scheduler.
CREATE TABLE annual_reports (
    id                  VARCHAR(64)              NOT NULL PRIMARY KEY,
    organization_id     VARCHAR(64)              NOT NULL,
    jurisdiction        VARCHAR(6)               NOT NULL,
    report_year         INTEGER                  NOT NULL,
    state               VARCHAR(16)              NOT NULL,
    security_measures   VARCHAR(10000)           NOT NULL,
    incidents_narrative VARCHAR(10000)           NOT NULL,
    plans               VARCHAR(10000)           NOT NULL,
    due_at              TIMESTAMP WITH TIME ZONE NOT NULL,
    overdue_at          TIMESTAMP WITH TIME ZONE,
    fig_products_listed BIGINT,
    fig_delivery_calls  BIGINT,
    fig_delivered_rows  BIGINT,
    fig_delivered_bytes BIGINT,
    fig_suspensions     BIGINT,
    fig_refused_jobs    BIGINT,
    fig_job_runs        BIGINT,
    fig_cpu_seconds     DOUBLE PRECISION,
    fig_grants_active   BIGINT,
    fig_grant_ids       VARCHAR(4000),
    figures_computed_at TIMESTAMP WITH TIME ZONE,
    figures_sha256      VARCHAR(64),
    submitted_at        TIMESTAMP WITH TIME ZONE,
    submitted_by        VARCHAR(200),
    return_comments     VARCHAR(4000),
    returned_at         TIMESTAMP WITH TIME ZONE,
    returned_by         VARCHAR(200),
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by          VARCHAR(200)             NOT NULL,
    updated_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT annual_reports_one_per_year UNIQUE (organization_id, report_year),
    CONSTRAINT annual_reports_state CHECK (state IN ('DRAFT', 'SUBMITTED', 'RETURNED', 'EVALUATED'))
);

CREATE INDEX annual_reports_state ON annual_reports (state, due_at);

-- The authority's annual evaluation of one report (at most one): grade, comments, the evaluation document by name and
-- SHA-256, the date it bears.
CREATE TABLE annual_evaluations (
    report_id       VARCHAR(64)              NOT NULL PRIMARY KEY REFERENCES annual_reports (id),
    organization_id VARCHAR(64)              NOT NULL,
    report_year     INTEGER                  NOT NULL,
    grade           VARCHAR(16)              NOT NULL,
    comments        VARCHAR(4000)            NOT NULL,
    document_name   VARCHAR(200)             NOT NULL,
    document_sha256 VARCHAR(64)              NOT NULL,
    evaluated_on    DATE                     NOT NULL,
    evaluated_by    VARCHAR(200)             NOT NULL,
    evaluated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT annual_evaluations_grade CHECK (grade IN ('EXCELLENT', 'GOOD', 'PASS', 'FAIL'))
);

CREATE INDEX annual_evaluations_organization ON annual_evaluations (organization_id, report_year);

-- The justification an applicant gives for applying again after a failing annual evaluation (R-27), one per application.
CREATE TABLE reapplication_justifications (
    application_id VARCHAR(64)              NOT NULL PRIMARY KEY,
    justification  VARCHAR(4000)            NOT NULL,
    recorded_by    VARCHAR(200)             NOT NULL,
    recorded_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
