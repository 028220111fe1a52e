package org.shuyu.controller.adapter.persistence;

import static java.util.Objects.requireNonNull;

import java.util.OptionalLong;
import org.shuyu.controller.version.Preconditions;
import org.shuyu.controller.version.Revisions;
import org.shuyu.controller.version.Versioned;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The revision columns of labs, applications, grants and products (V15). A bump locks the row ({@code FOR UPDATE}),
 * reads the revision it replaces and writes the next one, all in the caller's transaction.
 */
@Component
public class JdbcRevisions implements Revisions {
    private final JdbcClient jdbc;
    private final Preconditions preconditions;

    public JdbcRevisions(JdbcClient jdbc, Preconditions preconditions) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
        this.preconditions = requireNonNull(preconditions, "preconditions is null");
    }

    static String table(Versioned kind) {
        return switch (kind) {
            case LAB -> "labs";
            case APPLICATION -> "applications";
            case GRANT -> "grants";
            case PRODUCT -> "products";
        };
    }

    @Override
    public OptionalLong current(Versioned kind, String id) {
        return jdbc.sql("SELECT revision FROM " + table(kind) + " WHERE id = ?").param(id).query(Long.class).optional()
                .map(OptionalLong::of).orElse(OptionalLong.empty());
    }

    @Override
    public void bump(Versioned kind, String id) {
        OptionalLong before = jdbc.sql("SELECT revision FROM " + table(kind) + " WHERE id = ? FOR UPDATE").param(id)
                .query(Long.class).optional().map(OptionalLong::of).orElse(OptionalLong.empty());
        if (before.isEmpty()) {
            return;
        }
        long after = before.getAsLong() + 1;
        preconditions.bumped(kind, id, before.getAsLong(), after);
        jdbc.sql("UPDATE " + table(kind) + " SET revision = ? WHERE id = ?").params(after, id).update();
    }
}
