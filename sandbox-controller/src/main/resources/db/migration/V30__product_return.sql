-- Issue 20, G1: product review that can review (docs/products.md, "Returned for revision").
-- A reviewer may return a candidate (RETURNED); the operator resubmits it as a new revision, reviewed afresh.
-- Reviews are kept per revision (the earlier rounds stay visible as history), so the one-review-per-expert key
-- gains the revision; a RETURN is recorded like a review, with its required comment.
-- The same statements run on PostgreSQL and on H2 in PostgreSQL mode.
ALTER TABLE products DROP CONSTRAINT products_state;
ALTER TABLE products ADD CONSTRAINT products_state CHECK (state IN ('DRAFT', 'SUBMITTED', 'CHECKING', 'IN_REVIEW',
    'APPROVED', 'REJECTED', 'WITHDRAWN', 'LISTED', 'DELISTED', 'RETURNED'));

CREATE TABLE product_review_rounds (
    product_id  VARCHAR(64)              NOT NULL REFERENCES products (id),
    revision    INTEGER                  NOT NULL,
    reviewer    VARCHAR(255)             NOT NULL,
    decision    VARCHAR(8)               NOT NULL,
    comment     VARCHAR(4000)            NOT NULL,
    reviewed_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (product_id, revision, reviewer),
    CONSTRAINT product_review_rounds_decision CHECK (decision IN ('APPROVE', 'REJECT', 'RETURN')),
    CONSTRAINT product_review_rounds_revision CHECK (revision >= 1)
);
INSERT INTO product_review_rounds (product_id, revision, reviewer, decision, comment, reviewed_at)
    SELECT product_id, 1, reviewer, decision, comment, reviewed_at FROM product_reviews;
DROP TABLE product_reviews;

-- Per-column statistics of a frozen snapshot, computed once per snapshot digest (JSON, suppression applied).
CREATE TABLE product_statistics (
    product_id  VARCHAR(64)              NOT NULL REFERENCES products (id),
    sha256      VARCHAR(64)              NOT NULL,
    body        TEXT                     NOT NULL,
    computed_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (product_id, sha256)
);
