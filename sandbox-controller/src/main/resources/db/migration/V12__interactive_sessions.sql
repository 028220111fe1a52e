-- Interactive sessions (issue 16, docs/sessions.md): a member's own Spark session in the workspace's warm engine,
-- and the STATEMENT jobs run in it (a statement is a job: its SQL text is the job's step, like a job's steps).
-- Result rows are never stored: they stay in the controller's memory for a bounded time only.
-- The same statements run on PostgreSQL and on H2 in PostgreSQL mode.
ALTER TABLE jobs DROP CONSTRAINT jobs_kind;
ALTER TABLE jobs ADD CONSTRAINT jobs_kind CHECK (kind IN ('JOB', 'PREVIEW', 'SNAPSHOT', 'STATEMENT'));

CREATE TABLE interactive_sessions (
    id                VARCHAR(64)              PRIMARY KEY,
    workspace_id      VARCHAR(64)              NOT NULL REFERENCES workspaces (id),
    user_id           VARCHAR(200)             NOT NULL,
    state             VARCHAR(10)              NOT NULL,
    close_reason      VARCHAR(60),
    engine_id         VARCHAR(64),
    connect_client    VARCHAR(200),
    opened_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    last_activity_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    closed_at         TIMESTAMP WITH TIME ZONE,
    CONSTRAINT interactive_sessions_state CHECK (state IN ('QUEUED', 'OPEN', 'CLOSED'))
);
CREATE INDEX interactive_sessions_workspace ON interactive_sessions (workspace_id, state);
CREATE INDEX interactive_sessions_state ON interactive_sessions (state);

CREATE TABLE session_statements (
    job_id            VARCHAR(64)              PRIMARY KEY REFERENCES jobs (id),
    session_id        VARCHAR(64)              NOT NULL REFERENCES interactive_sessions (id),
    seq               BIGINT                   NOT NULL
);
CREATE INDEX session_statements_session ON session_statements (session_id, seq);
