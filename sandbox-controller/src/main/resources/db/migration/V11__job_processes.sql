-- Jobs die with their controller (issue 14): each job records the controller incarnation that queued or started it
-- and the process id of its runtime. A controller accepts runtime credentials only of its own incarnation's jobs,
-- and at startup stops and fails (CONTROLLER_RESTARTED) whatever an earlier incarnation left unfinished.
-- The same statements run on PostgreSQL and on H2 in PostgreSQL mode.
ALTER TABLE jobs ADD COLUMN incarnation VARCHAR(64);
ALTER TABLE jobs ADD COLUMN pid BIGINT;
CREATE INDEX jobs_unfinished ON jobs (state, incarnation);
