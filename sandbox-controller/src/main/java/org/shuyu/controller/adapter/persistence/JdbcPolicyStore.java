package org.shuyu.controller.adapter.persistence;

import java.util.Optional;
import org.shuyu.controller.access.PolicyStore;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Policy versions on the controller's database. */
@Repository
public class JdbcPolicyStore implements PolicyStore {
    private final JdbcClient jdbc;

    public JdbcPolicyStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<Version> latest(String serviceName) {
        return jdbc.sql("SELECT service_name, version, fingerprint, computed_at FROM policy_versions WHERE service_name = ?"
                        + " ORDER BY version DESC LIMIT 1")
                .param(serviceName)
                .query((rs, row) -> new Version(rs.getString(1), rs.getLong(2), rs.getString(3), JdbcLifecycleStore.instant(rs, 4)))
                .optional();
    }

    @Override
    public boolean insert(Version v) {
        try {
            jdbc.sql("INSERT INTO policy_versions (service_name, version, fingerprint, computed_at) VALUES (?, ?, ?, ?)")
                    .params(v.serviceName(), v.version(), v.fingerprint(), JdbcLifecycleStore.ts(v.computedAt()))
                    .update();
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }
}
