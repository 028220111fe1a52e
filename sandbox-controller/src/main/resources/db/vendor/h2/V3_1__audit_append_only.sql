-- H2 (embedded mode, demo data only) has no PL/pgSQL triggers: the PostgreSQL migration of this version
-- (db/vendor/postgresql) makes the audit log append-only there. Here this version only keeps the schema
-- history of both databases in step; tampering is still detected by verification.
SELECT 1;
