package org.shuyu.controller.adapter.persistence;

import static java.util.Objects.requireNonNull;
import static org.shuyu.controller.adapter.persistence.JdbcLifecycleStore.ts;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.shuyu.controller.replica.Lease;
import org.shuyu.controller.replica.LeaseStore;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Leases in {@code controller_leases} (V17). Time is the database's: each call first reads {@code CURRENT_TIMESTAMP},
 * then runs one conditional statement, so the row lock of that statement decides between concurrent callers (on
 * PostgreSQL under READ COMMITTED a second UPDATE re-checks its WHERE clause after the first commits; a second INSERT
 * fails on the primary key). Works the same on H2.
 */
@Repository
public class JdbcLeaseStore implements LeaseStore {
    private static final String COLUMNS = "SELECT name, holder, epoch, expires_at FROM controller_leases";
    private final JdbcClient jdbc;

    public JdbcLeaseStore(JdbcClient jdbc) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    @Override
    public Optional<Lease> acquire(String name, String holder, Duration duration) {
        Instant now = now();
        Timestamp until = ts(now.plus(duration));
        // Taken over when expired (epoch + 1); renewed when already ours and valid (same epoch).
        int updated = jdbc.sql("UPDATE controller_leases SET"
                        + " epoch = CASE WHEN holder = ? AND expires_at > ? THEN epoch ELSE epoch + 1 END,"
                        + " acquired_at = CASE WHEN holder = ? AND expires_at > ? THEN acquired_at ELSE ? END,"
                        + " holder = ?, renewed_at = ?, expires_at = ?"
                        + " WHERE name = ? AND (holder = ? OR expires_at <= ?)")
                .params(holder, ts(now), holder, ts(now), ts(now), holder, ts(now), until, name, holder, ts(now))
                .update();
        if (updated == 0) {
            try {
                jdbc.sql("INSERT INTO controller_leases (name, holder, epoch, acquired_at, renewed_at, expires_at)"
                                + " SELECT ?, ?, 1, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM controller_leases WHERE name = ?)")
                        .params(name, holder, ts(now), ts(now), until, name).update();
            } catch (DuplicateKeyException e) {
                return Optional.empty();
            }
        }
        return find(name).filter(l -> l.holder().equals(holder));
    }

    @Override
    public Optional<Lease> renew(Lease lease, Duration duration) {
        Instant now = now();
        Timestamp until = ts(now.plus(duration));
        int updated = jdbc.sql("UPDATE controller_leases SET renewed_at = ?, expires_at = ?"
                        + " WHERE name = ? AND holder = ? AND epoch = ? AND expires_at > ?")
                .params(ts(now), until, lease.name(), lease.holder(), lease.epoch(), ts(now)).update();
        return updated == 1 ? Optional.of(new Lease(lease.name(), lease.holder(), lease.epoch(), until.toInstant())) : Optional.empty();
    }

    @Override
    public void release(Lease lease) {
        Instant now = now();
        jdbc.sql("UPDATE controller_leases SET expires_at = ? WHERE name = ? AND holder = ? AND epoch = ? AND expires_at > ?")
                .params(ts(now), lease.name(), lease.holder(), lease.epoch(), ts(now)).update();
    }

    @Override
    public boolean holds(Lease lease) {
        Instant now = now();
        return jdbc.sql("SELECT COUNT(*) FROM controller_leases WHERE name = ? AND holder = ? AND epoch = ? AND expires_at > ?")
                .params(lease.name(), lease.holder(), lease.epoch(), ts(now)).query(Long.class).single() == 1;
    }

    @Override
    public Optional<Lease> find(String name) {
        return jdbc.sql(COLUMNS + " WHERE name = ?").param(name)
                .query((rs, row) -> new Lease(rs.getString("name"), rs.getString("holder"), rs.getLong("epoch"),
                        rs.getTimestamp("expires_at").toInstant()))
                .optional();
    }

    @Override
    public int expireAllBut(String holder) {
        Instant now = now();
        return jdbc.sql("UPDATE controller_leases SET expires_at = ? WHERE holder <> ? AND expires_at > ?")
                .params(ts(now), holder, ts(now)).update();
    }

    /** Forgets heartbeats of processes that ended more than {@code age} ago (their work was settled). */
    @Override
    public int forgetExpired(String prefix, Duration age) {
        return jdbc.sql("DELETE FROM controller_leases WHERE name LIKE ? AND expires_at < ?")
                .params(prefix + "%", ts(now().minus(age))).update();
    }

    private Instant now() {
        return jdbc.sql("SELECT CURRENT_TIMESTAMP").query((rs, row) -> rs.getObject(1, OffsetDateTime.class).toInstant()).single();
    }
}
