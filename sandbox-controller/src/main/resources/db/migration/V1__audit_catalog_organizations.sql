-- One set of migrations for PostgreSQL (CI, production) and H2 in PostgreSQL mode (embedded).
-- Portable types only: VARCHAR, INTEGER, BIGINT, BOOLEAN, DATE, TIMESTAMP WITH TIME ZONE.

-- Audit (R-24d): append-only, hash-chained. audit_head holds the chain's tip; appends lock it, so
-- sequence numbers are gapless (a rolled-back transaction rolls back its sequence number too).
CREATE TABLE audit_head (
    id        INTEGER     PRIMARY KEY,
    last_seq  BIGINT      NOT NULL,
    last_hash VARCHAR(64) NOT NULL
);
INSERT INTO audit_head (id, last_seq, last_hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- No foreign keys: the log survives deletion of whatever it is about.
CREATE TABLE audit_log (
    seq                BIGINT                   PRIMARY KEY,
    id                 VARCHAR(40)              NOT NULL UNIQUE,
    at                 TIMESTAMP WITH TIME ZONE NOT NULL,
    actor              VARCHAR(200)             NOT NULL,
    actor_roles        VARCHAR(400)             NOT NULL,
    action             VARCHAR(100)             NOT NULL,
    subject_type       VARCHAR(60)              NOT NULL,
    subject_id         VARCHAR(200)             NOT NULL,
    organization_id    VARCHAR(64),
    accountable_person VARCHAR(400),
    outcome            VARCHAR(20)              NOT NULL,
    code               VARCHAR(60),
    detail             VARCHAR(8000)            NOT NULL,
    prev_hash          VARCHAR(64)              NOT NULL,
    hash               VARCHAR(64)              NOT NULL
);
CREATE INDEX audit_log_actor ON audit_log (actor, at);
CREATE INDEX audit_log_subject ON audit_log (subject_id, at);
CREATE INDEX audit_log_at ON audit_log (at);

-- Catalog (R-04, R-07)
CREATE TABLE providers (
    id           VARCHAR(64)  PRIMARY KEY,
    name         VARCHAR(200) NOT NULL,
    jurisdiction VARCHAR(6)   NOT NULL,
    description  VARCHAR(2000) NOT NULL
);

CREATE TABLE datasets (
    id             VARCHAR(100)             PRIMARY KEY,
    provider_id    VARCHAR(64)              NOT NULL REFERENCES providers (id),
    title          VARCHAR(200)             NOT NULL,
    description    VARCHAR(4000)            NOT NULL,
    openness       VARCHAR(20)              NOT NULL,
    category       VARCHAR(100)             NOT NULL,
    grade          INTEGER                  NOT NULL,
    quality_status VARCHAR(30)              NOT NULL,
    person_level   BOOLEAN                  NOT NULL,
    subject_column VARCHAR(100),
    row_count      BIGINT,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by     VARCHAR(200)             NOT NULL,
    CONSTRAINT datasets_openness CHECK (openness IN ('OPEN', 'CONDITIONAL', 'PROHIBITED')),
    CONSTRAINT datasets_grade CHECK (grade BETWEEN 1 AND 4)
);

CREATE TABLE dataset_columns (
    dataset_id     VARCHAR(100)  NOT NULL REFERENCES datasets (id),
    position       INTEGER       NOT NULL,
    name           VARCHAR(100)  NOT NULL,
    data_type      VARCHAR(50)   NOT NULL,
    description    VARCHAR(1000) NOT NULL,
    classification VARCHAR(60)   NOT NULL,
    grade          INTEGER       NOT NULL,
    PRIMARY KEY (dataset_id, name),
    CONSTRAINT dataset_columns_grade CHECK (grade BETWEEN 1 AND 4)
);

-- Applicants and operators; every one names an accountable person (R-24a).
CREATE TABLE organizations (
    id                  VARCHAR(64)              PRIMARY KEY,
    name                VARCHAR(200)             NOT NULL,
    uscc                VARCHAR(18)              NOT NULL UNIQUE,
    jurisdiction        VARCHAR(6)               NOT NULL,
    established_on      DATE                     NOT NULL,
    accountable_user_id VARCHAR(200)             NOT NULL,
    accountable_name    VARCHAR(200)             NOT NULL,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by          VARCHAR(200)             NOT NULL
);

-- Calls for applications (R-11).
CREATE TABLE announcements (
    id               VARCHAR(64)              PRIMARY KEY,
    title            VARCHAR(200)             NOT NULL,
    body             VARCHAR(8000)            NOT NULL,
    conditions       VARCHAR(4000)            NOT NULL,
    priority_domains VARCHAR(200)             NOT NULL,
    jurisdiction     VARCHAR(6)               NOT NULL,
    opens_on         DATE                     NOT NULL,
    closes_on        DATE                     NOT NULL,
    published_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    published_by     VARCHAR(200)             NOT NULL
);
