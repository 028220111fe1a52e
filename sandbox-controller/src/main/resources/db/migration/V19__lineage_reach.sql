-- Lineage beyond the workspace (issue 19, docs/lineage.md "Beyond the workspace" and "Ended datasets"), written and
-- read only through the lineage library. Additive: new dataset kinds, an end on datasets, delivery facts.
-- Runs on PostgreSQL and on H2 in PostgreSQL mode.

-- Datasets the platform writes itself: a product's frozen snapshot (PRODUCT), its listing/registration (LISTING),
-- and a consumer that received deliveries (CONSUMER, like a source not owned by a workspace).
ALTER TABLE lineage_datasets DROP CONSTRAINT lineage_datasets_kind;
ALTER TABLE lineage_datasets ADD CONSTRAINT lineage_datasets_kind
    CHECK (kind IN ('SOURCE', 'TABLE', 'VIEW', 'PRODUCT', 'LISTING', 'CONSUMER'));
ALTER TABLE lineage_datasets DROP CONSTRAINT lineage_datasets_workspace;
ALTER TABLE lineage_datasets ADD CONSTRAINT lineage_datasets_workspace
    CHECK ((kind IN ('SOURCE', 'CONSUMER')) = (workspace_id IS NULL));

-- When a dataset ended and why (DROPPED by a statement, TORN_DOWN with its workspace, DELISTED for a listing).
-- An ended dataset keeps its node and edges; a later CREATE of a dropped name clears the end.
ALTER TABLE lineage_datasets ADD COLUMN ended_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE lineage_datasets ADD COLUMN end_reason VARCHAR(16);
ALTER TABLE lineage_datasets ADD CONSTRAINT lineage_datasets_end
    CHECK ((ended_at IS NULL) = (end_reason IS NULL));

-- What one delivery of a product to a consumer moved: channel, the scenario it was asked for, rows and bytes sent
-- and how it ended. Counts and names only, never values. The process row (kind DELIVERY) holds who and when.
CREATE TABLE lineage_deliveries (
    process_id            BIGINT        PRIMARY KEY REFERENCES lineage_processes (id),
    delivery_id           VARCHAR(64)   NOT NULL,
    product_id            VARCHAR(64)   NOT NULL,
    consumer_organization VARCHAR(64),
    channel               VARCHAR(16)   NOT NULL,
    scenario              VARCHAR(500)  NOT NULL,
    rows_sent             BIGINT        NOT NULL DEFAULT 0,
    bytes_sent            BIGINT        NOT NULL DEFAULT 0,
    outcome               VARCHAR(16)   NOT NULL,
    CONSTRAINT lineage_deliveries_id UNIQUE (delivery_id),
    CONSTRAINT lineage_deliveries_outcome CHECK (outcome IN ('OPEN', 'COMPLETED', 'STOPPED'))
);
CREATE INDEX lineage_deliveries_by_product ON lineage_deliveries (product_id);
