-- Several controller replicas on one database (issue 19, docs/replicas.md). One table of leases:
--  * 'leader/<cluster>': the replica that runs the schedulers, the Atlas outbox, the reconcilers and the sweeps of
--    dead replicas' work. epoch is the fencing token: it grows by one at every change of holder, never goes back,
--    and every fenced write checks that the lease still has the epoch its writer won.
--  * 'incarnation/<id>': the heartbeat of one controller process (holder: its replica id). Jobs, engines and
--    admission tickets record the incarnation that owns them (V11, V13, V14); a row whose heartbeat has expired
--    belongs to a dead process and is settled by a live one; a live one's is never touched.
-- Times are the database's (CURRENT_TIMESTAMP), so replicas with skewed clocks agree on expiry.
CREATE TABLE controller_leases (
    name        VARCHAR(200)             NOT NULL PRIMARY KEY,
    holder      VARCHAR(200)             NOT NULL,
    epoch       BIGINT                   NOT NULL,
    acquired_at TIMESTAMP WITH TIME ZONE NOT NULL,
    renewed_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX controller_leases_expiry ON controller_leases (expires_at);
