-- Issue 19 (lineage precision): one column edge per (process, source, target, KIND). A column that is both a value
-- source and a filter/group/join key of the same output (SELECT district ... GROUP BY district) has two edges,
-- IDENTITY and GROUP_BY; the key of V7 kept only one of them. Existing rows keep their single kind (an edge dropped
-- before this migration was never stored and cannot be recovered; statements run again record every kind).
-- The new indirect kind CONDITIONAL fits the VARCHAR(16) of kind.
-- The table is rebuilt rather than altered: the name of V7's primary key differs between PostgreSQL and H2, and
-- both accept this form. On a large graph this copies the table once (about a minute per 10M edges).
CREATE TABLE lineage_column_edges_v18 (
    process_id BIGINT      NOT NULL REFERENCES lineage_processes (id),
    source_id  BIGINT      NOT NULL REFERENCES lineage_columns (id),
    target_id  BIGINT      NOT NULL REFERENCES lineage_columns (id),
    kind       VARCHAR(16) NOT NULL,
    CONSTRAINT lineage_column_edges_key PRIMARY KEY (process_id, source_id, target_id, kind)
);
INSERT INTO lineage_column_edges_v18 (process_id, source_id, target_id, kind)
    SELECT process_id, source_id, target_id, kind FROM lineage_column_edges;
DROP TABLE lineage_column_edges;
ALTER TABLE lineage_column_edges_v18 RENAME TO lineage_column_edges;
CREATE INDEX lineage_column_edges_by_source ON lineage_column_edges (source_id, target_id, process_id, kind);
CREATE INDEX lineage_column_edges_by_target ON lineage_column_edges (target_id, source_id, process_id, kind);
