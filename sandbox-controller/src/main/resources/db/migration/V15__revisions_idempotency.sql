-- Pages, versions and retries (issue 17, docs/api.md). The same statements run on PostgreSQL and on H2 in PostgreSQL
-- mode.
--
-- The revision of each life-cycle object: every change of the object or of a sub-object of its representation
-- (materials, reviews, deliberation, approval; emergency plan, drills, members, decisions; checks, reviews) adds one
-- in the same transaction. The API shows it as the strong ETag "<revision>"; If-Match compares it under the row lock.
ALTER TABLE labs ADD COLUMN revision BIGINT NOT NULL DEFAULT 1;
ALTER TABLE applications ADD COLUMN revision BIGINT NOT NULL DEFAULT 1;
ALTER TABLE grants ADD COLUMN revision BIGINT NOT NULL DEFAULT 1;
ALTER TABLE products ADD COLUMN revision BIGINT NOT NULL DEFAULT 1;

-- The first result of a creation sent with an Idempotency-Key, per caller and key, for 24 hours. A row is inserted
-- IN_FLIGHT before the request runs (the unique key decides a race between duplicates), completed with the stored
-- answer when it succeeded (2xx), and deleted when it failed so the key can be retried. Expired rows are purged.
CREATE TABLE idempotency_keys (
    caller       VARCHAR(200)             NOT NULL,
    idem_key     VARCHAR(255)             NOT NULL,
    method       VARCHAR(10)              NOT NULL,
    path         VARCHAR(2000)            NOT NULL,
    fingerprint  VARCHAR(64)              NOT NULL,
    state        VARCHAR(10)              NOT NULL,
    status       INTEGER,
    headers      TEXT,
    body         TEXT,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT idempotency_keys_key UNIQUE (caller, idem_key),
    CONSTRAINT idempotency_keys_state CHECK (state IN ('IN_FLIGHT', 'COMPLETED'))
);
CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);
