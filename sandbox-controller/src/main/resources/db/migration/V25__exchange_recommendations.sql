-- Recommendations of listed products to partner data exchanges (R-19c, docs/exchange.md). One row per
-- recommendation; state follows ExchangeLifecycle. export_text is the registration record exactly as exported at
-- SUBMITTED (format shuyu.exchange-registration/1, no data values) and export_sha256 its SHA-256.
CREATE TABLE exchange_recommendations (
    id                  VARCHAR(64)              PRIMARY KEY,
    product_id          VARCHAR(64)              NOT NULL,
    grant_id            VARCHAR(64)              NOT NULL,
    organization_id     VARCHAR(64)              NOT NULL,
    jurisdiction        VARCHAR(6)               NOT NULL,
    exchange            VARCHAR(200)             NOT NULL,
    note                VARCHAR(1000)            NOT NULL,
    state               VARCHAR(16)              NOT NULL,
    recommended_by      VARCHAR(255)             NOT NULL,
    recommended_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    export_sha256       VARCHAR(64),
    export_text         TEXT,
    submitted_at        TIMESTAMP WITH TIME ZONE,
    registration_number VARCHAR(64),
    reason              VARCHAR(1000),
    decided_at          TIMESTAMP WITH TIME ZONE,
    CONSTRAINT exchange_recommendations_state CHECK (state IN ('RECOMMENDED', 'SUBMITTED', 'REGISTERED', 'REJECTED',
        'WITHDRAWN'))
);
CREATE INDEX exchange_recommendations_product ON exchange_recommendations (product_id);
CREATE INDEX exchange_recommendations_state ON exchange_recommendations (state, recommended_at);
