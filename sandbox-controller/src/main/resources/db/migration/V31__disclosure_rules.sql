-- Disclosure rules of the product airlock (docs/disclosure.md). The thresholds of the dominance (n, k) rule and of the
-- p% rule by dataset grade, set by the data authority (defaults below); and the contributions an operator declares
-- for an aggregated amount column of a product candidate: a workspace table with the cell key columns, one
-- contributor column and one amount column, which the airlock freezes with the candidate and checks against it.
CREATE TABLE disclosure_rules (
    grade        INTEGER                  PRIMARY KEY,
    dominance_n  INTEGER                  NOT NULL,
    dominance_k  INTEGER                  NOT NULL,
    p_percent    INTEGER                  NOT NULL,
    updated_by   VARCHAR(128),
    updated_at   TIMESTAMP WITH TIME ZONE,
    CONSTRAINT disclosure_rules_grade CHECK (grade BETWEEN 1 AND 4),
    CONSTRAINT disclosure_rules_n CHECK (dominance_n BETWEEN 1 AND 10),
    CONSTRAINT disclosure_rules_k CHECK (dominance_k BETWEEN 50 AND 100),
    CONSTRAINT disclosure_rules_p CHECK (p_percent BETWEEN 0 AND 100)
);

INSERT INTO disclosure_rules (grade, dominance_n, dominance_k, p_percent) VALUES (1, 1, 100, 0);
INSERT INTO disclosure_rules (grade, dominance_n, dominance_k, p_percent) VALUES (2, 2, 90, 5);
INSERT INTO disclosure_rules (grade, dominance_n, dominance_k, p_percent) VALUES (3, 2, 85, 10);
INSERT INTO disclosure_rules (grade, dominance_n, dominance_k, p_percent) VALUES (4, 3, 75, 20);

CREATE TABLE product_contributions (
    product_id          VARCHAR(64)              NOT NULL REFERENCES products (id),
    amount_column       VARCHAR(256)             NOT NULL,
    contribution_table  VARCHAR(128)             NOT NULL,
    cell_columns        VARCHAR(2000)            NOT NULL,
    contributor_column  VARCHAR(256)             NOT NULL,
    contributor_amount  VARCHAR(256)             NOT NULL,
    declared_by         VARCHAR(128)             NOT NULL,
    declared_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (product_id, amount_column)
);
