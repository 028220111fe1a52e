package org.shuyu.jobs.authz;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.Optional;
import org.shuyu.policy.AccessType;

/**
 * One access to check: a table (optionally one column) or a url (an absolute, normalised path), and an access
 * type. Database and table names are lower-cased, as Spark's catalog stores them.
 */
public record AccessRequest(AccessType access, Optional<String> database, Optional<String> table,
                            Optional<String> column, Optional<String> url) {
    public AccessRequest {
        requireNonNull(access, "access is null");
        requireNonNull(database, "database is null");
        requireNonNull(table, "table is null");
        requireNonNull(column, "column is null");
        requireNonNull(url, "url is null");
        if (access.isFileAccess() != url.isPresent() || url.isPresent() == database.isPresent()) {
            throw new IllegalArgumentException("a file access needs a url, any other access a database");
        }
        if (column.isPresent() && table.isEmpty()) {
            throw new IllegalArgumentException("a column needs a table");
        }
    }

    public static AccessRequest table(AccessType access, String database, String table) {
        return new AccessRequest(access, Optional.of(lower(database)), Optional.of(lower(table)), Optional.empty(),
                Optional.empty());
    }

    public static AccessRequest column(AccessType access, String database, String table, String column) {
        return new AccessRequest(access, Optional.of(lower(database)), Optional.of(lower(table)),
                Optional.of(lower(column)), Optional.empty());
    }

    public static AccessRequest url(AccessType access, String path) {
        return new AccessRequest(access, Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(path));
    }

    /** The resource as a person reads it: {@code tax.payments.amount} or {@code /abs/path}. */
    public String resource() {
        if (url.isPresent()) {
            return url.get();
        }
        StringBuilder out = new StringBuilder(database.orElseThrow());
        table.ifPresent(t -> out.append('.').append(t));
        column.ifPresent(c -> out.append('.').append(c));
        return out.toString();
    }

    private static String lower(String name) {
        return requireNonNull(name, "name is null").toLowerCase(Locale.ROOT);
    }
}
