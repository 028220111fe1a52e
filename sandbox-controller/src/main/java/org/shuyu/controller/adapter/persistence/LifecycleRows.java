package org.shuyu.controller.adapter.persistence;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What the life-cycle tables share: two-phase loading of parents and their children, and the timestamp columns.
 *
 * <p>A row mapper runs while its result set, and so its connection, is open. Outside a transaction every
 * JdbcClient call takes its own pooled connection, so a mapper that queried again held one connection while it
 * waited for a second: a handful of concurrent list requests then held the whole pool and deadlocked it (issue
 * 14). Mappers here read only their own row into a Partial; the children of all rows are loaded afterwards, one
 * query per kind of child for the whole list, and the Partials completed from them.
 */
final class LifecycleRows {
    private LifecycleRows() {}

    /** A parent row read from its result set, completed from its children once they are loaded. */
    record Partial<T>(String id, Function<Children, T> complete) {}

    /** Children by kind and parent id, each kind loaded with one query (in chunks) for all parents. */
    static final class Children {
        private static final int CHUNK = 500;
        private final JdbcClient jdbc;
        private final Map<String, Map<String, List<Object>>> byKind = new HashMap<>();

        Children(JdbcClient jdbc) {
            this.jdbc = jdbc;
        }

        /** Runs {@code sql} (its first column the parent id, {@code :ids} the parents) and returns every child loaded. */
        List<Object> load(String kind, List<String> parentIds, String sql, ChildMapper mapper) {
            Map<String, List<Object>> byParent = byKind.computeIfAbsent(kind, k -> new HashMap<>());
            List<Object> all = new ArrayList<>();
            for (int from = 0; from < parentIds.size(); from += CHUNK) {
                List<String> chunk = parentIds.subList(from, Math.min(parentIds.size(), from + CHUNK));
                jdbc.sql(sql).param("ids", chunk)
                        .query((rs, n) -> Map.entry(rs.getString(1), mapper.map(rs)))
                        .list()
                        .forEach(e -> {
                            byParent.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
                            all.add(e.getValue());
                        });
            }
            return all;
        }

        <T> List<T> list(String kind, String parentId, Class<T> type) {
            return byKind.getOrDefault(kind, Map.of()).getOrDefault(parentId, List.of()).stream().map(type::cast).toList();
        }

        <T> Optional<T> one(String kind, String parentId, Class<T> type) {
            List<T> found = list(kind, parentId, type);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        }
    }

    @FunctionalInterface
    interface ChildMapper {
        Object map(ResultSet rs) throws SQLException;
    }

    static List<String> ids(List<? extends Partial<?>> partials) {
        return partials.stream().map(Partial::id).distinct().toList();
    }

    static <T> Optional<T> first(List<T> found) {
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    static Timestamp ts(Instant instant) {
        return Timestamp.from(instant);
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        return rs.getTimestamp(column).toInstant();
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getTimestamp(column).toInstant();
    }

    static Instant instantOrNull(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
