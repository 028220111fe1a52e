-- Data products (docs/products.md): candidates frozen into snapshots, their automatic checks, expert reviews, the
-- release ledger of each grant (for the differencing check) and the metered delivery calls. Nothing here is ever
-- deleted by the application: a product ends REJECTED, WITHDRAWN or DELISTED and its record stays.
CREATE TABLE products (
    id                 VARCHAR(64)              PRIMARY KEY,
    grant_id           VARCHAR(64)              NOT NULL,
    organization_id    VARCHAR(64)              NOT NULL,
    name               VARCHAR(128)             NOT NULL,
    version            INTEGER                  NOT NULL,
    kind               VARCHAR(32)              NOT NULL,
    description        VARCHAR(2000)            NOT NULL,
    scenario           VARCHAR(1000)            NOT NULL,
    source_table       VARCHAR(128)             NOT NULL,
    group_size_column  VARCHAR(256),
    state              VARCHAR(16)              NOT NULL,
    state_reason       VARCHAR(2000),
    created_by         VARCHAR(255)             NOT NULL,
    created_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    snapshot_job_id    VARCHAR(64),
    snapshot_file      VARCHAR(400),
    snapshot_rows      BIGINT,
    snapshot_bytes     BIGINT,
    snapshot_sha256    VARCHAR(64),
    snapshot_taken_at  TIMESTAMP WITH TIME ZONE,
    -- for an aggregated product, set by the checks: dimensions, their signature, group sizes and k (JSON); a listing
    -- copies it into the release ledger
    aggregation        TEXT,
    CONSTRAINT products_version UNIQUE (grant_id, name, version),
    CONSTRAINT products_kind CHECK (kind IN ('DATA_PACKAGE', 'DATA_INTERFACE', 'DATA_REPORT', 'DATA_MODEL')),
    CONSTRAINT products_state CHECK (state IN ('DRAFT', 'SUBMITTED', 'CHECKING', 'IN_REVIEW', 'APPROVED', 'REJECTED',
        'WITHDRAWN', 'LISTED', 'DELISTED'))
);
CREATE INDEX products_grant ON products (grant_id);
CREATE INDEX products_state ON products (state);

-- One row per automatic check of a product version: PASS or FAIL, why, and details (JSON).
CREATE TABLE product_checks (
    product_id  VARCHAR(64)              NOT NULL REFERENCES products (id),
    check_name  VARCHAR(32)              NOT NULL,
    ordinal     INTEGER                  NOT NULL,
    verdict     VARCHAR(8)               NOT NULL,
    reason      VARCHAR(4000)            NOT NULL,
    details     TEXT                     NOT NULL,
    checked_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (product_id, check_name),
    CONSTRAINT product_checks_verdict CHECK (verdict IN ('PASS', 'FAIL'))
);

-- Expert reviews: one per expert and product version.
CREATE TABLE product_reviews (
    product_id  VARCHAR(64)              NOT NULL REFERENCES products (id),
    reviewer    VARCHAR(255)             NOT NULL,
    decision    VARCHAR(8)               NOT NULL,
    comment     VARCHAR(4000)            NOT NULL,
    reviewed_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (product_id, reviewer),
    CONSTRAINT product_reviews_decision CHECK (decision IN ('APPROVE', 'REJECT'))
);

-- The release ledger of a grant: for every listed aggregated product, its dimension columns and each group's size
-- (JSON object, key = the dimension values joined by U+001F). A later release is compared with these.
CREATE TABLE product_releases (
    product_id  VARCHAR(64)              PRIMARY KEY REFERENCES products (id),
    grant_id    VARCHAR(64)              NOT NULL,
    dimensions  VARCHAR(2000)            NOT NULL,
    groups_json TEXT                     NOT NULL,
    min_k       INTEGER                  NOT NULL,
    released_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX product_releases_grant ON product_releases (grant_id);

-- Metering of delivery calls (Flight DoGet, downloads): who, which product, for which scenario, how much.
CREATE TABLE product_deliveries (
    call_id     VARCHAR(64)              PRIMARY KEY,
    product_id  VARCHAR(64)              NOT NULL REFERENCES products (id),
    channel     VARCHAR(16)              NOT NULL,
    caller      VARCHAR(255)             NOT NULL,
    scenario    VARCHAR(1000)            NOT NULL,
    started_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    ended_at    TIMESTAMP WITH TIME ZONE,
    rows_sent   BIGINT                   NOT NULL DEFAULT 0,
    bytes_sent  BIGINT                   NOT NULL DEFAULT 0,
    outcome     VARCHAR(16)              NOT NULL,
    failure     VARCHAR(2000),
    CONSTRAINT product_deliveries_outcome CHECK (outcome IN ('OPEN', 'COMPLETED', 'FAILED'))
);
CREATE INDEX product_deliveries_product ON product_deliveries (product_id, started_at);
