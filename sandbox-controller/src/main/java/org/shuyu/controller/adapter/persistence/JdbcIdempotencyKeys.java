package org.shuyu.controller.adapter.persistence;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import org.shuyu.controller.idempotency.IdempotencyKeys;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Idempotency keys in table {@code idempotency_keys} (V15); every statement commits on its own. */
@Repository
public class JdbcIdempotencyKeys implements IdempotencyKeys {
    private final JdbcClient jdbc;

    public JdbcIdempotencyKeys(JdbcClient jdbc) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    @Override
    public boolean begin(String caller, String key, String method, String path, String fingerprint, Instant now,
            Instant expiresAt) {
        try {
            jdbc.sql("INSERT INTO idempotency_keys (caller, idem_key, method, path, fingerprint, state, created_at, expires_at)"
                            + " VALUES (?, ?, ?, ?, ?, 'IN_FLIGHT', ?, ?)")
                    .params(caller, key, method, path, fingerprint, LifecycleRows.ts(now), LifecycleRows.ts(expiresAt))
                    .update();
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    @Override
    public Optional<Entry> find(String caller, String key) {
        return jdbc.sql("SELECT method, path, fingerprint, state, status, headers, body, expires_at FROM idempotency_keys"
                        + " WHERE caller = ? AND idem_key = ?")
                .params(caller, key)
                .query((rs, n) -> {
                    State state = State.valueOf(rs.getString("state"));
                    Optional<Answer> answer = state == State.COMPLETED
                            ? Optional.of(new Answer(rs.getInt("status"), rs.getString("headers"), rs.getString("body")))
                            : Optional.empty();
                    return new Entry(rs.getString("method"), rs.getString("path"), rs.getString("fingerprint"), state,
                            answer, LifecycleRows.instant(rs, "expires_at"));
                })
                .optional();
    }

    @Override
    public void complete(String caller, String key, Answer answer, Instant expiresAt) {
        jdbc.sql("UPDATE idempotency_keys SET state = 'COMPLETED', status = ?, headers = ?, body = ?, expires_at = ?"
                        + " WHERE caller = ? AND idem_key = ? AND state = 'IN_FLIGHT'")
                .params(answer.status(), answer.headers(), answer.body(), LifecycleRows.ts(expiresAt), caller, key)
                .update();
    }

    @Override
    public void release(String caller, String key) {
        jdbc.sql("DELETE FROM idempotency_keys WHERE caller = ? AND idem_key = ? AND state = 'IN_FLIGHT'")
                .params(caller, key).update();
    }

    @Override
    public boolean forgetExpired(String caller, String key, Instant now) {
        return jdbc.sql("DELETE FROM idempotency_keys WHERE caller = ? AND idem_key = ? AND expires_at <= ?")
                .params(caller, key, LifecycleRows.ts(now)).update() > 0;
    }

    @Override
    public int purgeExpired(Instant now) {
        return jdbc.sql("DELETE FROM idempotency_keys WHERE expires_at <= ?").param(LifecycleRows.ts(now)).update();
    }
}
