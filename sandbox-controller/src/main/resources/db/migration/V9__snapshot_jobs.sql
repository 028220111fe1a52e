-- Snapshot runs (data products, issue 6): a SNAPSHOT job freezes a workspace table into an Arrow IPC file.
-- Widens the jobs_kind check of V5; the same statements run on PostgreSQL and on H2 in PostgreSQL mode.
ALTER TABLE jobs DROP CONSTRAINT jobs_kind;
ALTER TABLE jobs ADD CONSTRAINT jobs_kind CHECK (kind IN ('JOB', 'PREVIEW', 'SNAPSHOT'));
