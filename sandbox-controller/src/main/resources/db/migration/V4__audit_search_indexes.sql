-- Audit search pages by seq within an actor or a subject (GET /api/v1/audit?actor=..&after=..).
CREATE INDEX audit_log_actor_seq ON audit_log (actor, seq);
CREATE INDEX audit_log_subject_seq ON audit_log (subject_id, seq);
