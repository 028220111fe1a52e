-- Warm workspace engines (issue 16): one long-lived Spark process per workspace, started by the controller. The
-- registry lets a restarted controller find and stop what an earlier incarnation left running (no orphans), and keeps
-- each engine's metered use (uptime x cores, CPU seconds last seen) per workspace. The engine's credential towards
-- the controller is kept only as its SHA-256; its secret (the controller's credential towards the engine) never.
-- The same statements run on PostgreSQL and on H2 in PostgreSQL mode.
CREATE TABLE workspace_engine (
    id              VARCHAR(64)  PRIMARY KEY,
    workspace_id    VARCHAR(64)  NOT NULL,
    incarnation     VARCHAR(64)  NOT NULL,
    location        VARCHAR(512),
    control_url     VARCHAR(512),
    connect_host    VARCHAR(255),
    connect_port    INTEGER,
    state           VARCHAR(16)  NOT NULL,
    started_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    ready_at        TIMESTAMP WITH TIME ZONE,
    stopped_at      TIMESTAMP WITH TIME ZONE,
    stop_reason     VARCHAR(64),
    cores           INTEGER      NOT NULL,
    memory_mb       INTEGER      NOT NULL,
    cpu_seconds     DOUBLE PRECISION NOT NULL DEFAULT 0,
    token_hash      VARCHAR(64)  NOT NULL
);
CREATE INDEX workspace_engine_workspace ON workspace_engine (workspace_id, started_at);
CREATE INDEX workspace_engine_unstopped ON workspace_engine (state, incarnation);
