-- Admission of workspace engines (issue 16, docs/admission.md). The platform admin's per-operator compute quotas
-- (an organization without a row has the configured default quota), and the tickets held now: each records the
-- controller incarnation that admitted it, so a restarted controller releases what an earlier one held.
-- Queued requests are not stored: a waiting caller lives in the controller process and dies with it.
-- The same statements run on PostgreSQL and on H2 in PostgreSQL mode.
CREATE TABLE compute_quotas (
    organization_id VARCHAR(64)              PRIMARY KEY REFERENCES organizations (id),
    max_cores       INTEGER                  NOT NULL,
    max_memory_mb   INTEGER                  NOT NULL,
    max_engines     INTEGER                  NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_by      VARCHAR(200)             NOT NULL,
    CONSTRAINT compute_quotas_not_negative CHECK (max_cores >= 0 AND max_memory_mb >= 0 AND max_engines >= 0)
);

CREATE TABLE admission_tickets (
    id              VARCHAR(64)              PRIMARY KEY,
    request_id      VARCHAR(64)              NOT NULL UNIQUE,
    organization_id VARCHAR(64)              NOT NULL,
    workspace_id    VARCHAR(64)              NOT NULL,
    cores           INTEGER                  NOT NULL,
    memory_mb       INTEGER                  NOT NULL,
    incarnation     VARCHAR(64)              NOT NULL,
    requested_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    admitted_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT admission_tickets_positive CHECK (cores >= 1 AND memory_mb >= 1)
);
CREATE INDEX admission_tickets_incarnation ON admission_tickets (incarnation);
